// Name tables of the Almaty sample generator: first names and surnames by naming tradition,
// in Cyrillic and Latin, with respellings for announcers.
#include "almaty_names.h"

#include <array>
#include <iterator>
#include <string>

#include "core/error.h"

namespace bundle::almaty {
namespace {

// --- Kazakh: Cyrillic with the Kazakh letters, and the passport transliteration -------------
constexpr Spelling kKazakhMale[] = {
    {"Әлихан", "Alikhan", "ah-lee-KHAN"},
    {"Ғалым", "Galym", "gah-LIM"},
    {"Қанат", "Kanat", nullptr},
    {"Нұрлан", "Nurlan", nullptr},
    {"Өмірзақ", "Omirzak", "uh-meer-ZAHK"},
    {"Ұлан", "Ulan", nullptr},
    {"Ерлан", "Yerlan", nullptr},
    {"Асхат", "Askhat", "ahs-KHAHT"},
    {"Дәурен", "Dauren", "dow-REN"},
    {"Бауыржан", "Baurzhan", "bah-oor-ZHAHN"},
    {"Ержан", "Yerzhan", "yer-ZHAHN"},
    {"Айдос", "Aidos", nullptr},
    {"Нұрсұлтан", "Nursultan", nullptr},
    {"Мұхтар", "Mukhtar", nullptr},
    {"Серік", "Serik", nullptr},
    {"Жандос", "Zhandos", "zhahn-DOS"},
    {"Ақжол", "Akzhol", "ahk-ZHOL"},
    {"Дархан", "Darkhan", nullptr},
    {"Тимур", "Timur", nullptr},
    {"Арман", "Arman", nullptr},
    {"Бекзат", "Bekzat", nullptr},
    {"Ілияс", "Iliyas", "ee-lee-YAHS"},
    {"Қайрат", "Kairat", nullptr},
    {"Әділет", "Adilet", "ah-dee-LET"},
    {"Рүстем", "Rustem", nullptr},
    {"Нұрбек", "Nurbek", nullptr},
    {"Шыңғыс", "Shyngys", "shin-GIS"},
    {"Мағжан", "Magzhan", "mahg-ZHAHN"},
    {"Дәулет", "Daulet", "dow-LET"},
    {"Асылбек", "Assylbek", nullptr},
    {"Шаһмардан", "Shakhmardan", "shah-mar-DAHN"},
    {"Әбілқайыр", "Abilkair", "ah-bil-kah-YIR"},
};
constexpr Spelling kKazakhFemale[] = {
    {"Айгүл", "Aigul", "eye-GUL"},
    {"Жанар", "Zhanar", "zhah-NAR"},
    {"Мөлдір", "Moldir", "mul-DEER"},
    {"Әсел", "Assel", "ah-SEL"},
    {"Гүлнар", "Gulnar", nullptr},
    {"Дана", "Dana", nullptr},
    {"Аружан", "Aruzhan", "ah-roo-ZHAHN"},
    {"Динара", "Dinara", nullptr},
    {"Жұлдыз", "Zhuldyz", "zhool-DIZ"},
    {"Ақбота", "Akbota", nullptr},
    {"Балжан", "Balzhan", nullptr},
    {"Салтанат", "Saltanat", nullptr},
    {"Әйгерім", "Aigerim", "eye-geh-REEM"},
    {"Гүлжан", "Gulzhan", nullptr},
    {"Назерке", "Nazerke", nullptr},
    {"Томирис", "Tomiris", nullptr},
    {"Іңкәр", "Inkar", "in-KAR"},
    {"Сәуле", "Saule", "sow-LEH"},
    {"Қарлығаш", "Karlygash", nullptr},
    {"Ұлжан", "Ulzhan", "ool-ZHAHN"},
    {"Айым", "Aiym", "ah-YIM"},
    {"Перизат", "Perizat", nullptr},
    {"Мадина", "Madina", nullptr},
    {"Камила", "Kamila", nullptr},
    {"Жансая", "Zhansaya", nullptr},
    {"Зуһра", "Zukhra", "zookh-RAH"},
    {"Әлия", "Aliya", nullptr},
    {"Гүлмира", "Gulmira", nullptr},
};
constexpr Spelling kKazakhLast[] = {
    {"Қасымов", "Kassymov", "kah-SIH-mov"},
    {"Сәтбаев", "Satbayev", "saht-BAH-yev"},
    {"Өтегенов", "Utegenov", "oo-teh-GEH-nov"},
    {"Әбдірахманов", "Abdirakhmanov", nullptr},
    {"Нұрланұлы", "Nurlanuly", "noor-lahn-oo-LIH"},
    {"Жұмабаев", "Zhumabayev", nullptr},
    {"Ахметов", "Akhmetov", nullptr},
    {"Серікбаев", "Serikbayev", nullptr},
    {"Бекмұханбетов", "Bekmukhanbetov", nullptr},
    {"Исабеков", "Issabekov", nullptr},
    {"Қожахметов", "Kozhakhmetov", nullptr},
    {"Төлеуов", "Tuleuov", "tuh-LEH-oo-ov"},
    {"Мұратұлы", "Muratuly", "moo-raht-oo-LIH"},
    {"Ерланұлы", "Yerlanuly", nullptr},
    {"Оспанов", "Ospanov", nullptr},
    {"Дүйсенов", "Duissenov", nullptr},
    {"Қалиев", "Kaliyev", nullptr},
    {"Есенов", "Yessenov", nullptr},
    {"Смағұлов", "Smagulov", nullptr},
    {"Нұрғалиев", "Nurgaliyev", nullptr},
    {"Сүлейменов", "Suleimenov", nullptr},
    {"Шәріпов", "Sharipov", nullptr},
    {"Ғабдуллин", "Gabdullin", nullptr},
    {"Құрманғалиев", "Kurmangaliyev", nullptr},
    {"Әлімжанов", "Alimzhanov", nullptr},
    {"Жақсыбеков", "Zhaksybekov", nullptr},
    {"Байділдаев", "Baidildayev", nullptr},
    {"Тұрсынбаев", "Tursynbayev", nullptr},
    {"Үсенов", "Ussenov", nullptr},
    {"Ізбасаров", "Izbassarov", nullptr},
    {"Қуанышұлы", "Kuanyshuly", "kwah-nish-oo-LIH"},
};

// --- Russian, Ukrainian, Koryo-saram (Russian first names, Korean surnames) -----------------
constexpr Spelling kRussianMale[] = {
    {"Александр", "Aleksandr", nullptr}, {"Дмитрий", "Dmitry", nullptr},
    {"Сергей", "Sergey", nullptr},       {"Андрей", "Andrey", nullptr},
    {"Алексей", "Aleksey", nullptr},     {"Максим", "Maksim", nullptr},
    {"Иван", "Ivan", nullptr},           {"Михаил", "Mikhail", nullptr},
    {"Николай", "Nikolay", nullptr},     {"Евгений", "Yevgeny", nullptr},
    {"Владимир", "Vladimir", nullptr},   {"Артём", "Artyom", nullptr},
    {"Павел", "Pavel", nullptr},         {"Олег", "Oleg", nullptr},
    {"Игорь", "Igor", nullptr},          {"Юрий", "Yury", nullptr},
    {"Виктор", "Viktor", nullptr},       {"Денис", "Denis", nullptr},
    {"Кирилл", "Kirill", nullptr},       {"Роман", "Roman", nullptr},
};
constexpr Spelling kRussianFemale[] = {
    {"Анна", "Anna", nullptr},
    {"Елена", "Yelena", nullptr},
    {"Ольга", "Olga", nullptr},
    {"Наталья", "Natalya", nullptr},
    {"Татьяна", "Tatyana", nullptr},
    {"Екатерина", "Yekaterina", nullptr},
    {"Мария", "Mariya", nullptr},
    {"Ирина", "Irina", nullptr},
    {"Светлана", "Svetlana", nullptr},
    {"Юлия", "Yuliya", nullptr},
    {"Анастасия", "Anastasiya", nullptr},
    {"Ксения", "Kseniya", nullptr},
    {"Дарья", "Darya", nullptr},
    {"Алёна", "Alyona", nullptr},
    {"Вера", "Vera", nullptr},
    {"Людмила", "Lyudmila", nullptr},
    {"Полина", "Polina", nullptr},
};
constexpr Spelling kRussianLast[] = {
    {"Иванов", "Ivanov", nullptr},         {"Смирнов", "Smirnov", nullptr},
    {"Кузнецов", "Kuznetsov", nullptr},    {"Попов", "Popov", nullptr},
    {"Соколов", "Sokolov", nullptr},       {"Лебедев", "Lebedev", nullptr},
    {"Козлов", "Kozlov", nullptr},         {"Новиков", "Novikov", nullptr},
    {"Морозов", "Morozov", nullptr},       {"Петров", "Petrov", nullptr},
    {"Волков", "Volkov", nullptr},         {"Соловьёв", "Solovyov", nullptr},
    {"Васильев", "Vasilyev", nullptr},     {"Зайцев", "Zaitsev", nullptr},
    {"Павлов", "Pavlov", nullptr},         {"Семёнов", "Semyonov", nullptr},
    {"Виноградов", "Vinogradov", nullptr}, {"Богданов", "Bogdanov", nullptr},
    {"Фёдоров", "Fyodorov", nullptr},      {"Михайлов", "Mikhailov", nullptr},
    {"Беляев", "Belyaev", nullptr},        {"Тарасов", "Tarasov", nullptr},
    {"Комаров", "Komarov", nullptr},       {"Орлов", "Orlov", nullptr},
    {"Киселёв", "Kiselyov", nullptr},      {"Макаров", "Makarov", nullptr},
    {"Жуковский", "Zhukovsky", nullptr},   {"Гусев", "Gusev", nullptr},
    {"Ильин", "Ilyin", nullptr},
};
constexpr Spelling kUkrainianMale[] = {
    {"Олександр", "Oleksandr", nullptr}, {"Андрій", "Andriy", nullptr}, {"Тарас", "Taras", nullptr},
    {"Богдан", "Bohdan", nullptr},       {"Юрій", "Yuriy", nullptr},    {"Остап", "Ostap", nullptr},
    {"Микола", "Mykola", nullptr},       {"Євген", "Yevhen", nullptr},
};
constexpr Spelling kUkrainianFemale[] = {
    {"Оксана", "Oksana", nullptr},    {"Ірина", "Iryna", nullptr},      {"Юлія", "Yuliia", nullptr},
    {"Наталія", "Nataliia", nullptr}, {"Олена", "Olena", nullptr},      {"Ганна", "Hanna", nullptr},
    {"Марія", "Mariia", nullptr},     {"Соломія", "Solomiia", nullptr},
};
constexpr Spelling kUkrainianLast[] = {
    {"Шевченко", "Shevchenko", nullptr},   {"Коваленко", "Kovalenko", nullptr},
    {"Бондаренко", "Bondarenko", nullptr}, {"Ткаченко", "Tkachenko", nullptr},
    {"Мельник", "Melnyk", nullptr},        {"Кравчук", "Kravchuk", nullptr},
    {"Поліщук", "Polishchuk", nullptr},    {"Гнатюк", "Hnatiuk", nullptr},
    {"Їжак", "Yizhak", nullptr},           {"Лисенко", "Lysenko", nullptr},
};
constexpr Spelling kKoryoLast[] = {
    {"Ким", "Kim", nullptr}, {"Пак", "Pak", nullptr},  {"Цой", "Tsoi", nullptr},
    {"Ли", "Li", nullptr},   {"Тен", "Ten", nullptr},  {"Хван", "Khvan", nullptr},
    {"Пай", "Pai", nullptr}, {"Шин", "Shin", nullptr},
};

// --- Kyrgyz ---------------------------------------------------------------------------------
constexpr Spelling kKyrgyzMale[] = {
    {"Азамат", "Azamat", nullptr},
    {"Бакыт", "Bakyt", nullptr},
    {"Нурбек", "Nurbek", nullptr},
    {"Эрлан", "Erlan", nullptr},
    {"Улан", "Ulan", nullptr},
    {"Айбек", "Aibek", nullptr},
    {"Чыңгыз", "Chyngyz", "chin-GIZ"},
    {"Мирлан", "Mirlan", nullptr},
    {"Бекболот", "Bekbolot", nullptr},
    {"Тилек", "Tilek", nullptr},
    {"Жыргалбек", "Zhyrgalbek", nullptr},
    {"Өмүрбек", "Omurbek", "uh-mur-BEK"},
    {"Нурсултан", "Nursultan", nullptr},
    {"Бактыбек", "Baktybek", nullptr},
};
constexpr Spelling kKyrgyzFemale[] = {
    {"Айпери", "Aiperi", "eye-peh-REE"}, {"Гүлзат", "Gulzat", nullptr},
    {"Нургүл", "Nurgul", nullptr},       {"Жылдыз", "Jyldyz", "jil-DIZ"},
    {"Айжан", "Aizhan", nullptr},        {"Бермет", "Bermet", nullptr},
    {"Чолпон", "Cholpon", nullptr},      {"Асел", "Asel", nullptr},
    {"Айзада", "Aizada", nullptr},       {"Элнура", "Elnura", nullptr},
    {"Үмүт", "Umut", nullptr},           {"Айсулуу", "Aisuluu", "eye-soo-LOO"},
};
constexpr Spelling kKyrgyzLast[] = {
    {"Асанов", "Asanov", nullptr},
    {"Токтогулов", "Toktogulov", nullptr},
    {"Абдыкадыров", "Abdykadyrov", nullptr},
    {"Осмонов", "Osmonov", nullptr},
    {"Мамытов", "Mamytov", nullptr},
    {"Сыдыков", "Sydykov", nullptr},
    {"Бакиров", "Bakirov", nullptr},
    {"Турдубаев", "Turdubaev", nullptr},
    {"Эсенбаев", "Esenbaev", nullptr},
    {"Муратбек уулу", "Muratbek uulu", "moo-raht-BEK oo-LOO"},
    {"Алымкулов", "Alymkulov", nullptr},
    {"Кененбаев", "Kenenbaev", nullptr},
    {"Жумалиев", "Zhumaliev", nullptr},
};

// --- Central Asia and Mongolia, Latin -------------------------------------------------------
constexpr Spelling kUzbekMale[] = {
    L("Jasur"),
    L("Sherzod"),
    L("Bekzod"),
    L("Otabek"),
    L("Doniyor"),
    L("Farrux", "fah-ROOKH"),
    L("Gʻayrat", "ghai-RAHT"),
    L("Oʻktam", "ook-TAHM"),
    L("Rustam"),
    L("Sardor"),
    L("Jamshid"),
    L("Ulugʻbek", "oo-loog-BEK"),
    L("Akmal"),
    L("Shoxrux", "shokh-ROOKH"),
};
constexpr Spelling kUzbekFemale[] = {
    L("Dilnoza"), L("Gulnora"), L("Nilufar"), L("Shahnoza"),
    L("Madina"),  L("Zarina"),  L("Feruza"),  L("Oʻgʻiloy", "oo-ghee-LOY"),
    L("Mohira"),  L("Sevara"),  L("Dildora"), L("Malika"),
};
constexpr Spelling kUzbekLast[] = {
    L("Karimov"),
    L("Yusupov"),
    L("Rahimov"),
    L("Tursunov"),
    L("Xolmatov", "khol-MAH-tov"),
    L("Ergashev"),
    L("Qodirov", "koh-DEE-rov"),
    L("Abdullayev"),
    L("Normatov"),
    L("Saidov"),
    L("Mirzayev"),
    L("Gʻofurov", "ghoh-FOO-rov"),
    L("Toʻxtayev", "tookh-TAH-yev"),
    L("Sultonov"),
};
constexpr Spelling kTajikMale[] = {L("Firdavs"), L("Rustam"), L("Bahrom"),
                                   L("Dilshod"), L("Farhod"), L("Suhrob")};
constexpr Spelling kTajikFemale[] = {L("Manizha"), L("Nigora"), L("Parvina"), L("Tahmina"),
                                     L("Zebo")};
constexpr Spelling kTajikLast[] = {L("Nazarov"),    L("Safarov"),  L("Davlatov"),
                                   L("Khudoyorov"), L("Saidzoda"), L("Boboev")};
constexpr Spelling kTurkmenMale[] = {L("Merdan"), L("Serdar"), L("Batyr"), L("Annageldi"),
                                     L("Döwlet")};
constexpr Spelling kTurkmenFemale[] = {L("Ogulgerek"), L("Aýna", "eye-NAH"), L("Maral"),
                                       L("Jennet")};
constexpr Spelling kTurkmenLast[] = {L("Orazow"), L("Annaýew"), L("Berdiýew"), L("Gurbanow"),
                                     L("Hojaýew")};
constexpr Spelling kMongolMale[] = {L("Bat-Erdene"), L("Ganbold"), L("Tsogt"), L("Munkhbat"),
                                    L("Temuulen")};
constexpr Spelling kMongolFemale[] = {L("Enkhjargal"), L("Oyuntsetseg"), L("Altantsetseg"),
                                      L("Bolormaa"), L("Nomin")};
constexpr Spelling kMongolLast[] = {L("Batbayar"),   L("Ganzorig"),   L("Dorjsuren"),
                                    L("Tserendorj"), L("Sükhbaatar"), L("Otgonbayar")};

// --- Europe ---------------------------------------------------------------------------------
constexpr Spelling kGermanMale[] = {L("Jürgen"), L("Lukas"), L("Matthias"),  L("Stefan"),
                                    L("Tobias"), L("Jörg"),  L("Maximilian")};
constexpr Spelling kGermanFemale[] = {L("Jana"), L("Katrin"), L("Sophie"), L("Lena"),
                                      L("Anja"), L("Jülide"), L("Sabine")};
constexpr Spelling kGermanLast[] = {L("Müller"),   L("Schäfer"),  L("Weiß"),   L("Köhler"),
                                    L("Hoffmann"), L("Bauer"),    L("Krüger"), L("Wagner"),
                                    L("Becker"),   L("Schröder"), L("Gruber"), L("Huber")};
constexpr Spelling kEnglishMale[] = {L("James"),         L("Oliver"),  L("Thomas"),
                                     L("Daniel"),        L("Michael"), L("Liam"),
                                     L("Seán", "SHAWN"), L("Ryan"),    L("Matthew")};
constexpr Spelling kEnglishFemale[] = {L("Emma"),  L("Olivia"), L("Charlotte"),
                                       L("Sarah"), L("Emily"),  L("Siobhán", "shi-VAWN"),
                                       L("Grace"), L("Hannah")};
constexpr Spelling kEnglishLast[] = {L("Smith"),   L("Taylor"), L("Brown"),   L("Wilson"),
                                     L("O'Brien"), L("Murphy"), L("Johnson"), L("Walker"),
                                     L("Clarke"),  L("Davies"), L("Nguyen"),  L("MacLeod")};
constexpr Spelling kFrenchMale[] = {L("François"), L("Jérôme"),  L("Étienne"),
                                    L("Julien"),   L("Mathieu"), L("Benoît")};
constexpr Spelling kFrenchFemale[] = {L("Élodie"), L("Hélène"), L("Camille"),
                                      L("Chloé"),  L("Amélie"), L("Léa")};
constexpr Spelling kFrenchLast[] = {L("Dubois"),  L("Lefèvre"),  L("Moreau"),
                                    L("Girard"),  L("Rousseau"), L("Mercier"),
                                    L("Lambert"), L("Dupont"),   L("Fournier")};
constexpr Spelling kSpanishMale[] = {L("José"),   L("Álvaro"), L("Javier"),
                                     L("Sergio"), L("Andrés"), L("Íñigo")};
constexpr Spelling kSpanishFemale[] = {L("María"), L("Lucía"),  L("Sofía"),
                                       L("Inés"),  L("Begoña"), L("Carmen")};
constexpr Spelling kSpanishLast[] = {L("García"),  L("Fernández"), L("Martínez"), L("López"),
                                     L("Sánchez"), L("Pérez"),     L("Gómez"),    L("Muñoz"),
                                     L("Núñez"),   L("Ibáñez")};
constexpr Spelling kPortugueseMale[] = {L("João"), L("Luís"), L("Gonçalo"), L("Tiago"),
                                        L("Rodrigo")};
constexpr Spelling kPortugueseFemale[] = {L("Ana"), L("Inês"), L("Beatriz"), L("Conceição"),
                                          L("Letícia")};
constexpr Spelling kPortugueseLast[] = {L("Gonçalves"), L("Magalhães"), L("Araújo"),  L("Simões"),
                                        L("Silva"),     L("Santos"),    L("Ferreira")};
constexpr Spelling kItalianMale[] = {L("Giuseppe"), L("Luca"), L("Niccolò"), L("Matteo"),
                                     L("Davide")};
constexpr Spelling kItalianFemale[] = {L("Giulia"), L("Chiara"), L("Francesca"), L("Martina")};
constexpr Spelling kItalianLast[] = {L("Rossi"), L("Bianchi"), L("Esposito"),
                                     L("Ricci"), L("Colombo"), L("Caruso")};
constexpr Spelling kPolishMale[] = {L("Łukasz"), L("Paweł"), L("Grzegorz", "GZHEH-gosh"),
                                    L("Wojciech", "VOY-chekh"), L("Michał")};
constexpr Spelling kPolishFemale[] = {L("Agnieszka"), L("Małgorzata"), L("Katarzyna"), L("Zofia")};
constexpr Spelling kPolishLast[] = {L("Kowalczyk", "ko-VAHL-chik"),
                                    L("Wiśniewski"),
                                    L("Wójcik", "VOOY-cheek"),
                                    L("Lewandowski"),
                                    L("Zieliński"),
                                    L("Nowak"),
                                    L("Dąbrowski"),
                                    L("Szymański")};
constexpr Spelling kCzechMale[] = {L("Jiří", "YEER-zhee"), L("Tomáš"), L("Petr"),
                                   L("Ondřej", "ON-dzhay"), L("Lukáš")};
constexpr Spelling kCzechFemale[] = {L("Tereza"), L("Kateřina"), L("Lucie"), L("Markéta")};
constexpr Spelling kCzechLast[] = {
    L("Dvořák", "DVOR-zhahk"),  L("Novák"),  L("Svoboda"), L("Černý", "CHER-nee"), L("Procházka"),
    L("Kučera", "KOO-cheh-ra"), L("Veselý"), L("Horák")};
constexpr Spelling kNordicMale[] = {
    L("Søren", "SUR-en"), L("Mikkel"), L("Lars"), L("Björn"), L("Jens"),
    L("Anders"),          L("Mika"),   L("Jussi")};
constexpr Spelling kNordicFemale[] = {L("Ingrid"), L("Astrid"), L("Sigrid"), L("Åsa"),
                                      L("Maja"),   L("Freja"),  L("Aino")};
constexpr Spelling kNordicLast[] = {L("Jørgensen"), L("Sørensen"), L("Lindqvist"),
                                    L("Åberg"),     L("Nyström"),  L("Halvorsen"),
                                    L("Virtanen"),  L("Mäkinen"),  L("Østergaard")};
constexpr Spelling kEstonianMale[] = {L("Tõnu"), L("Märt"), L("Rasmus"), L("Priit")};
constexpr Spelling kEstonianFemale[] = {L("Kadri"), L("Liis"), L("Triin"), L("Kärt")};
constexpr Spelling kEstonianLast[] = {L("Tamm"), L("Saar"), L("Sepp"),
                                      L("Mägi"), L("Kask"), L("Põder")};
constexpr Spelling kDutchMale[] = {L("Daan"), L("Sven"), L("Joost"), L("Pieter"), L("Bram")};
constexpr Spelling kDutchFemale[] = {L("Sanne"), L("Anouk"), L("Fleur"), L("Lotte")};
constexpr Spelling kDutchLast[] = {L("de Vries"), L("van den Berg"), L("Jansen"), L("Bakker"),
                                   L("Visser"),   L("van Dijk"),     L("Peeters")};
constexpr Spelling kHungarianMale[] = {L("Bence"), L("Gergő"), L("László"), L("Zoltán")};
constexpr Spelling kHungarianFemale[] = {L("Réka"), L("Zsófia"), L("Eszter"), L("Dóra")};
constexpr Spelling kHungarianLast[] = {L("Nagy"),  L("Kovács"),  L("Tóth"),
                                       L("Szabó"), L("Horváth"), L("Varga")};
constexpr Spelling kLithuanianMale[] = {L("Tomas"), L("Mindaugas"), L("Darius"), L("Žygimantas")};
constexpr Spelling kLithuanianFemale[] = {L("Rūta"), L("Eglė"), L("Ieva"), L("Gintarė")};
constexpr Spelling kLithuanianLast[] = {L("Kazlauskas"), L("Jankauskas"), L("Petrauskas"),
                                        L("Žukauskas")};
constexpr Spelling kLithuanianFemaleLast[] = {L("Kazlauskaitė"), L("Jankauskienė"),
                                              L("Petrauskaitė"), L("Žukauskienė")};
constexpr Spelling kLatvianMale[] = {L("Jānis"), L("Andris"), L("Kārlis"), L("Mārtiņš")};
constexpr Spelling kLatvianFemale[] = {L("Līga"), L("Ilze"), L("Anete"), L("Dace")};
constexpr Spelling kLatvianLast[] = {L("Bērziņš"), L("Kalniņš"), L("Ozoliņš"), L("Liepiņš")};
constexpr Spelling kLatvianFemaleLast[] = {L("Bērziņa"), L("Kalniņa"), L("Ozoliņa"), L("Liepiņa")};

// --- Caucasus, Turkey, Middle East ----------------------------------------------------------
constexpr Spelling kTurkishMale[] = {L("Mehmet"), L("Emre"), L("Burak"), L("Çağrı", "CHAH-ruh"),
                                     L("Oğuz", "oh-OOZ")};
constexpr Spelling kTurkishFemale[] = {L("Ayşe"), L("Elif"), L("Zeynep"), L("Gülşen"), L("Şule")};
constexpr Spelling kTurkishLast[] = {L("Yılmaz"), L("Kaya"),   L("Demir"), L("Şahin"),
                                     L("Çelik"),  L("Öztürk"), L("Aydın"), L("Doğan", "doh-AHN")};
constexpr Spelling kAzeriMale[] = {L("Elçin"), L("Rəşad", "reh-SHAHD"), L("Orxan", "or-KHAN"),
                                   L("Vüsal"), L("Tural")};
constexpr Spelling kAzeriFemale[] = {L("Aygün"), L("Günel"), L("Nərmin"), L("Leyla")};
constexpr Spelling kAzeriLast[] = {L("Məmmədov", "MAM-ma-dov"), L("Əliyev"), L("Hüseynov"),
                                   L("Quliyev"), L("Həsənov")};
constexpr Spelling kGeorgianMale[] = {L("Giorgi"), L("Levan"), L("Davit"), L("Nikoloz")};
constexpr Spelling kGeorgianFemale[] = {L("Nino"), L("Tamar"), L("Mariam"), L("Ketevan")};
constexpr Spelling kGeorgianLast[] = {L("Beridze"), L("Kapanadze"), L("Gelashvili"),
                                      L("Maisuradze"), L("Tsiklauri")};
constexpr Spelling kArmenianMale[] = {L("Armen"), L("Hayk"), L("Tigran"), L("Aram")};
constexpr Spelling kArmenianFemale[] = {L("Anahit"), L("Lilit"), L("Nare"), L("Mane")};
constexpr Spelling kArmenianLast[] = {L("Petrosyan"), L("Hovhannisyan"), L("Sargsyan"),
                                      L("Grigoryan"), L("Harutyunyan")};
constexpr Spelling kHebrewMale[] = {L("Yosef"), L("Noam"), L("Itai"), L("Avi")};
constexpr Spelling kHebrewFemale[] = {L("Noa"), L("Tamar"), L("Yael"), L("Shira")};
constexpr Spelling kHebrewLast[] = {L("Cohen"), L("Levi"), L("Mizrahi"), L("Peretz"),
                                    L("Friedman")};
constexpr Spelling kArabicMale[] = {L("Ahmed"),  L("Omar"),    L("Youssef"),
                                    L("Khalid"), L("Mohamed"), L("Karim")};
constexpr Spelling kArabicFemale[] = {L("Fatima"), L("Mariam"), L("Noura"), L("Layla"), L("Salma")};
constexpr Spelling kArabicLast[] = {L("Al Mansouri"), L("Hassan"), L("El Amrani"),
                                    L("Mahmoud"),     L("Saleh"),  L("Al Hashimi")};
constexpr Spelling kPersianMale[] = {L("Reza"), L("Amir"), L("Mehdi"), L("Arash")};
constexpr Spelling kPersianFemale[] = {L("Maryam"), L("Shirin"), L("Niloufar"), L("Parisa")};
constexpr Spelling kPersianLast[] = {L("Hosseini"), L("Rezaei"), L("Mohammadi"), L("Karimi"),
                                     L("Ahmadi")};

// --- Asia -----------------------------------------------------------------------------------
constexpr Spelling kKoreanMale[] = {L("Min-jun"), L("Ji-hoon"), L("Seung-woo"), L("Hyun-woo")};
constexpr Spelling kKoreanFemale[] = {L("Seo-yeon"), L("Ha-eun"), L("Ji-woo"), L("Soo-ah")};
constexpr Spelling kKoreanLast[] = {L("Kim"), L("Lee"), L("Park"), L("Choi"), L("Jung"), L("Kang")};
constexpr Spelling kJapaneseMale[] = {L("Haruto"), L("Yūki"), L("Takumi"), L("Sōta"), L("Kenji")};
constexpr Spelling kJapaneseFemale[] = {L("Yui"), L("Aoi"), L("Sakura"), L("Haruka"), L("Yōko")};
constexpr Spelling kJapaneseLast[] = {L("Satō"),   L("Suzuki"), L("Takahashi"),
                                      L("Tanaka"), L("Itō"),    L("Watanabe")};
constexpr Spelling kChineseMale[] = {L("Wei"), L("Hao"), L("Jun"), L("Lei"),
                                     L("Zhiqiang", "jr-chyahng")};
constexpr Spelling kChineseFemale[] = {L("Xiu", "shyoh"), L("Mei"), L("Yan"),
                                       L("Xiaoling", "shyao-ling"), L("Jing")};
constexpr Spelling kChineseLast[] = {L("Wang"), L("Li"),   L("Zhang"), L("Liu"),
                                     L("Chen"), L("Yang"), L("Zhou")};
constexpr Spelling kVietMale[] = {L("Minh"), L("Huy"), L("Quân"), L("Đức", "DUK")};
constexpr Spelling kVietFemale[] = {L("Linh"), L("Thảo"), L("Hương"), L("Trang")};
constexpr Spelling kVietLast[] = {L("Nguyễn", "NWEN"), L("Trần"),  L("Lê"),
                                  L("Phạm"),           L("Hoàng"), L("Võ")};
constexpr Spelling kThaiMale[] = {L("Somchai"), L("Anan"), L("Kittisak"), L("Thanawat")};
constexpr Spelling kThaiFemale[] = {L("Siriporn"), L("Nattaya"), L("Ploy"), L("Kanokwan")};
constexpr Spelling kThaiLast[] = {L("Srisuk"), L("Wongsakul"), L("Chaiyaporn"), L("Boonmee")};
constexpr Spelling kMalayMale[] = {L("Ahmad"), L("Faiz"),        L("Rizky"),
                                   L("Budi"),  L("Jose Miguel"), L("Wei Jie")};
constexpr Spelling kMalayFemale[] = {L("Nurul"), L("Siti"), L("Dewi"), L("Putri"), L("Maricel")};
constexpr Spelling kMalayLast[] = {L("Abdullah"), L("Rahman"), L("Santoso"), L("Wijaya"),
                                   L("Tan"),      L("Lim"),    L("Reyes"),   L("dela Cruz")};
constexpr Spelling kSouthAsianMale[] = {L("Arjun"), L("Rahul"), L("Vikram"), L("Imran"),
                                        L("Bilal")};
constexpr Spelling kSouthAsianFemale[] = {L("Priya"), L("Ananya"), L("Ayesha"), L("Fatima"),
                                          L("Sneha")};
constexpr Spelling kSouthAsianLast[] = {L("Sharma"), L("Patel"), L("Gupta"),
                                        L("Khan"),   L("Iqbal"), L("Reddy")};

// --- Africa ---------------------------------------------------------------------------------
constexpr Spelling kKenyanMale[] = {L("Daniel"), L("Geoffrey"), L("Vincent"),
                                    L("Edwin"),  L("Hillary"),  L("Felix")};
constexpr Spelling kKenyanFemale[] = {L("Mercy"), L("Faith"), L("Caroline"), L("Purity"),
                                      L("Winfridah")};
constexpr Spelling kKenyanLast[] = {L("Kiprotich", "kip-ROH-tich"),
                                    L("Kipkemboi", "kip-KEM-boy"),
                                    L("Cheruiyot", "cheh-ROO-yot"),
                                    L("Kiptoo"),
                                    L("Rotich"),
                                    L("Kibet")};
constexpr Spelling kKenyanFemaleLast[] = {L("Jepkosgei", "jep-KOS-gay"),
                                          L("Jeptanui", "jep-TAH-noo-ee"), L("Cherono"),
                                          L("Jeptoo"), L("Chebet")};
constexpr Spelling kEthiopianMale[] = {L("Tesfaye"), L("Getachew"), L("Yomif"), L("Dawit"),
                                       L("Abebe")};
constexpr Spelling kEthiopianFemale[] = {L("Tigist"), L("Meseret"), L("Ababel"), L("Tsehay"),
                                         L("Almaz")};
constexpr Spelling kEthiopianLast[] = {L("Gebremariam", "geb-reh-MAR-yam"),
                                       L("Tadesse"),
                                       L("Desta"),
                                       L("Wolde"),
                                       L("Negash"),
                                       L("Alemu")};

constexpr NameStyle kKazakh{kKazakhMale, kKazakhFemale, kKazakhLast, {}, FemaleForm::slavic};
constexpr NameStyle kRussian{kRussianMale, kRussianFemale, kRussianLast, {}, FemaleForm::slavic};
constexpr NameStyle kUkrainian{
    kUkrainianMale, kUkrainianFemale, kUkrainianLast, {}, FemaleForm::slavic};
constexpr NameStyle kKoryo{kRussianMale, kRussianFemale, kKoryoLast, {}, FemaleForm::same};
constexpr NameStyle kKyrgyz{kKyrgyzMale, kKyrgyzFemale, kKyrgyzLast, {}, FemaleForm::slavic};
constexpr NameStyle kUzbek{kUzbekMale, kUzbekFemale, kUzbekLast, {}, FemaleForm::slavic};
constexpr NameStyle kTajik{kTajikMale, kTajikFemale, kTajikLast, {}, FemaleForm::slavic};
constexpr NameStyle kTurkmen{kTurkmenMale, kTurkmenFemale, kTurkmenLast, {}, FemaleForm::slavic};
constexpr NameStyle kMongol{kMongolMale, kMongolFemale, kMongolLast, {}, FemaleForm::same};
constexpr NameStyle kGerman{kGermanMale, kGermanFemale, kGermanLast, {}, FemaleForm::same};
constexpr NameStyle kEnglish{kEnglishMale, kEnglishFemale, kEnglishLast, {}, FemaleForm::same};
constexpr NameStyle kFrench{kFrenchMale, kFrenchFemale, kFrenchLast, {}, FemaleForm::same};
constexpr NameStyle kSpanish{kSpanishMale, kSpanishFemale, kSpanishLast, {}, FemaleForm::same};
constexpr NameStyle kPortuguese{
    kPortugueseMale, kPortugueseFemale, kPortugueseLast, {}, FemaleForm::same};
constexpr NameStyle kItalian{kItalianMale, kItalianFemale, kItalianLast, {}, FemaleForm::same};
constexpr NameStyle kPolish{kPolishMale, kPolishFemale, kPolishLast, {}, FemaleForm::polish};
constexpr NameStyle kCzech{kCzechMale, kCzechFemale, kCzechLast, {}, FemaleForm::czech};
constexpr NameStyle kNordic{kNordicMale, kNordicFemale, kNordicLast, {}, FemaleForm::same};
constexpr NameStyle kEstonian{kEstonianMale, kEstonianFemale, kEstonianLast, {}, FemaleForm::same};
constexpr NameStyle kDutch{kDutchMale, kDutchFemale, kDutchLast, {}, FemaleForm::same};
constexpr NameStyle kHungarian{
    kHungarianMale, kHungarianFemale, kHungarianLast, {}, FemaleForm::same};
constexpr NameStyle kTurkish{kTurkishMale, kTurkishFemale, kTurkishLast, {}, FemaleForm::same};
constexpr NameStyle kAzeri{kAzeriMale, kAzeriFemale, kAzeriLast, {}, FemaleForm::slavic};
constexpr NameStyle kGeorgian{kGeorgianMale, kGeorgianFemale, kGeorgianLast, {}, FemaleForm::same};
constexpr NameStyle kArmenian{kArmenianMale, kArmenianFemale, kArmenianLast, {}, FemaleForm::same};
constexpr NameStyle kHebrew{kHebrewMale, kHebrewFemale, kHebrewLast, {}, FemaleForm::same};
constexpr NameStyle kArabic{kArabicMale, kArabicFemale, kArabicLast, {}, FemaleForm::same};
constexpr NameStyle kPersian{kPersianMale, kPersianFemale, kPersianLast, {}, FemaleForm::same};
constexpr NameStyle kKorean{kKoreanMale, kKoreanFemale, kKoreanLast, {}, FemaleForm::same};
constexpr NameStyle kJapanese{kJapaneseMale, kJapaneseFemale, kJapaneseLast, {}, FemaleForm::same};
constexpr NameStyle kChinese{kChineseMale, kChineseFemale, kChineseLast, {}, FemaleForm::same};
constexpr NameStyle kViet{kVietMale, kVietFemale, kVietLast, {}, FemaleForm::same};
constexpr NameStyle kThai{kThaiMale, kThaiFemale, kThaiLast, {}, FemaleForm::same};
constexpr NameStyle kMalay{kMalayMale, kMalayFemale, kMalayLast, {}, FemaleForm::same};
constexpr NameStyle kSouthAsian{
    kSouthAsianMale, kSouthAsianFemale, kSouthAsianLast, {}, FemaleForm::same};
constexpr NameStyle kEthiopian{
    kEthiopianMale, kEthiopianFemale, kEthiopianLast, {}, FemaleForm::same};
constexpr NameStyle kLithuanian{kLithuanianMale, kLithuanianFemale, kLithuanianLast,
                                kLithuanianFemaleLast, FemaleForm::listed};
constexpr NameStyle kLatvian{kLatvianMale, kLatvianFemale, kLatvianLast, kLatvianFemaleLast,
                             FemaleForm::listed};
constexpr NameStyle kKenyan{kKenyanMale, kKenyanFemale, kKenyanLast, kKenyanFemaleLast,
                            FemaleForm::listed};

// Indexed by Style.
constexpr const NameStyle* kStyles[] = {
    nullptr,      &kKazakh,    &kRussian,    &kUkrainian, &kKoryo,    &kKyrgyz,   &kUzbek,
    &kTajik,      &kTurkmen,   &kMongol,     &kGerman,    &kEnglish,  &kFrench,   &kSpanish,
    &kPortuguese, &kItalian,   &kPolish,     &kCzech,     &kNordic,   &kEstonian, &kDutch,
    &kHungarian,  &kTurkish,   &kAzeri,      &kGeorgian,  &kArmenian, &kHebrew,   &kArabic,
    &kPersian,    &kKorean,    &kJapanese,   &kChinese,   &kViet,     &kThai,     &kMalay,
    &kSouthAsian, &kEthiopian, &kLithuanian, &kLatvian,   &kKenyan,
};
static_assert(std::size(kStyles) == static_cast<std::size_t>(Style::count));

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string replace_tail(std::string_view s, std::size_t tail_bytes, std::string_view with) {
  return std::string(s.substr(0, s.size() - tail_bytes)) + std::string(with);
}

std::string slavic_female(std::string_view m) {
  // Patronymic surnames: Нұрланұлы -> Нұрланқызы, Муратбек уулу -> Муратбек кызы.
  constexpr std::pair<std::string_view, std::string_view> kSwaps[] = {
      {"ұлы", "қызы"},  {"уулу", "кызы"}, {"uly", "kyzy"},
      {"uulu", "kyzy"}, {"ий", "ая"},     {"sky", "skaya"}};
  for (const auto& [from, to] : kSwaps)
    if (ends_with(m, from)) return replace_tail(m, from.size(), to);
  constexpr std::string_view kAddA[] = {"ов", "ев", "ёв", "ин", "ын", "ov",
                                        "ev", "in", "yn", "ow", "ew"};
  for (std::string_view tail : kAddA)
    if (ends_with(m, tail))
      return std::string(m) + (static_cast<unsigned char>(tail[0]) < 0x80 ? "a" : "а");
  return std::string(m);
}

}  // namespace

std::string female_surname(std::string_view male, FemaleForm form) {
  switch (form) {
    case FemaleForm::slavic:
      return slavic_female(male);
    case FemaleForm::polish:
      return ends_with(male, "ki") ? replace_tail(male, 1, "a") : std::string(male);
    case FemaleForm::czech:
      if (ends_with(male, "ý")) return replace_tail(male, std::string_view("ý").size(), "á");
      if (ends_with(male, "a")) return replace_tail(male, 1, "ová");
      return std::string(male) + "ová";
    default:
      return std::string(male);
  }
}

const NameStyle& name_style(Style s) {
  const auto i = static_cast<std::size_t>(s);
  if (i == 0 || i >= std::size(kStyles))
    throw core::Error("almaty generator: name style " + std::to_string(i) + " does not exist");
  return *kStyles[i];
}

}  // namespace bundle::almaty
