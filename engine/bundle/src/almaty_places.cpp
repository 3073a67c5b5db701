// Where the invented entrants come from: countries, home cities, clubs, Ekiden companies.
#include <array>
#include <vector>

#include "almaty_names.h"
#include "core/error.h"

namespace bundle::almaty {
namespace {

// --- Home cities ----------------------------------------------------------------------------
constexpr City kKazCities[] = {
    {{"Алматы", "Almaty", nullptr}, 620},      {{"Астана", "Astana", nullptr}, 120},
    {{"Шымкент", "Shymkent", nullptr}, 50},    {{"Қарағанды", "Karaganda", nullptr}, 30},
    {{"Ақтөбе", "Aktobe", nullptr}, 20},       {{"Тараз", "Taraz", nullptr}, 20},
    {{"Павлодар", "Pavlodar", nullptr}, 15},   {{"Өскемен", "Oskemen", nullptr}, 20},
    {{"Семей", "Semey", nullptr}, 10},         {{"Қостанай", "Kostanay", nullptr}, 15},
    {{"Қызылорда", "Kyzylorda", nullptr}, 10}, {{"Атырау", "Atyrau", nullptr}, 20},
    {{"Ақтау", "Aktau", nullptr}, 10},         {{"Талдықорған", "Taldykorgan", nullptr}, 20},
    {{"Түркістан", "Turkistan", nullptr}, 10}, {{"Қонаев", "Konaev", nullptr}, 15},
    {{"Есік", "Yesik", nullptr}, 10},          {{"Қаскелең", "Kaskelen", nullptr}, 15},
};
constexpr City kRusCities[] = {
    {{"Москва", "Moscow", nullptr}, 10},
    {{"Санкт-Петербург", "Saint Petersburg", nullptr}, 5},
    {{"Новосибирск", "Novosibirsk", nullptr}, 3},
    {{"Екатеринбург", "Yekaterinburg", nullptr}, 2},
    {{"Омск", "Omsk", nullptr}, 2},
    {{"Казань", "Kazan", nullptr}, 2},
    {{"Барнаул", "Barnaul", nullptr}, 2},
};
constexpr City kKgzCities[] = {{{"Бишкек", "Bishkek", nullptr}, 10},
                               {{"Ош", "Osh", nullptr}, 2},
                               {{"Каракол", "Karakol", nullptr}, 2},
                               {{"Чолпон-Ата", "Cholpon-Ata", nullptr}, 1}};
constexpr City kUkrCities[] = {{{"Київ", "Kyiv", nullptr}, 4},
                               {{"Львів", "Lviv", nullptr}, 2},
                               {{"Одеса", "Odesa", nullptr}, 1}};
constexpr City kBlrCities[] = {{{"Минск", "Minsk", nullptr}, 4}, {{"Гомель", "Gomel", nullptr}, 1}};
constexpr City kUzbCities[] = {
    {L("Tashkent"), 10}, {L("Samarkand"), 3}, {L("Bukhara"), 2}, {L("Namangan"), 1}};
constexpr City kTjkCities[] = {{L("Dushanbe"), 5}, {L("Khujand"), 1}};
constexpr City kTkmCities[] = {{L("Ashgabat"), 1}};
constexpr City kMglCities[] = {{L("Ulaanbaatar"), 1}};
constexpr City kChnCities[] = {{L("Ürümqi"), 3}, {L("Beijing"), 2}, {L("Shanghai"), 1}};
constexpr City kKorCities[] = {{L("Seoul"), 3}, {L("Busan"), 1}};
constexpr City kJpnCities[] = {{L("Tokyo"), 3}, {L("Osaka"), 1}};
constexpr City kIndCities[] = {{L("New Delhi"), 2}, {L("Bengaluru"), 2}, {L("Mumbai"), 1}};
constexpr City kTurCities[] = {{L("İstanbul"), 3}, {L("Ankara"), 1}};
constexpr City kGerCities[] = {{L("Berlin"), 2}, {L("München"), 1}, {L("Hamburg"), 1}};
constexpr City kUsaCities[] = {
    {L("New York"), 2}, {L("Boston"), 1}, {L("San Francisco"), 1}, {L("Chicago"), 1}};
constexpr City kGbrCities[] = {{L("London"), 3}, {L("Manchester"), 1}, {L("Edinburgh"), 1}};
constexpr City kFraCities[] = {{L("Paris"), 2}, {L("Lyon"), 1}};
constexpr City kItaCities[] = {{L("Milano"), 1}, {L("Roma"), 1}};
constexpr City kEspCities[] = {{L("Madrid"), 2}, {L("Barcelona"), 1}, {L("València"), 1}};
constexpr City kPolCities[] = {{L("Warszawa"), 2}, {L("Kraków"), 1}, {L("Łódź"), 1}};
constexpr City kCzeCities[] = {{L("Praha"), 2}, {L("Brno"), 1}};
constexpr City kDenCities[] = {{L("København"), 2}, {L("Aarhus"), 1}};
constexpr City kNedCities[] = {{L("Amsterdam"), 2}, {L("Rotterdam"), 1}};
constexpr City kBelCities[] = {{L("Brussels"), 1}, {L("Antwerpen"), 1}};
constexpr City kSuiCities[] = {{L("Zürich"), 1}, {L("Genève"), 1}};
constexpr City kAutCities[] = {{L("Wien"), 2}, {L("Graz"), 1}};
constexpr City kSweCities[] = {{L("Stockholm"), 2}, {L("Göteborg"), 1}};
constexpr City kNorCities[] = {{L("Oslo"), 2}, {L("Bergen"), 1}};
constexpr City kFinCities[] = {{L("Helsinki"), 2}, {L("Tampere"), 1}};
constexpr City kGeoCities[] = {{L("Tbilisi"), 3}, {L("Batumi"), 1}};
constexpr City kArmCities[] = {{L("Yerevan"), 1}};
constexpr City kAzeCities[] = {{L("Baku"), 1}};
constexpr City kIsrCities[] = {{L("Tel Aviv"), 2}, {L("Haifa"), 1}};
constexpr City kUaeCities[] = {{L("Dubai"), 2}, {L("Abu Dhabi"), 1}};
constexpr City kIriCities[] = {{L("Tehran"), 1}};
constexpr City kPakCities[] = {{L("Lahore"), 1}, {L("Islamabad"), 1}};
constexpr City kMasCities[] = {{L("Kuala Lumpur"), 1}};
constexpr City kSinCities[] = {{L("Singapore"), 1}};
constexpr City kThaCities[] = {{L("Bangkok"), 1}};
constexpr City kVieCities[] = {{L("Hà Nội"), 1}, {L("Hồ Chí Minh City"), 1}};
constexpr City kInaCities[] = {{L("Jakarta"), 1}};
constexpr City kPhiCities[] = {{L("Manila"), 1}};
constexpr City kAusCities[] = {{L("Melbourne"), 1}, {L("Sydney"), 1}};
constexpr City kNzlCities[] = {{L("Auckland"), 1}};
constexpr City kCanCities[] = {{L("Toronto"), 2}, {L("Vancouver"), 1}, {L("Montréal"), 1}};
constexpr City kBraCities[] = {{L("São Paulo"), 1}};
constexpr City kArgCities[] = {{L("Buenos Aires"), 1}};
constexpr City kMexCities[] = {{L("Ciudad de México"), 1}};
constexpr City kKenCities[] = {{L("Iten"), 2}, {L("Eldoret"), 1}, {L("Nairobi"), 1}};
constexpr City kEthCities[] = {{L("Addis Ababa"), 1}};
constexpr City kEgyCities[] = {{L("Cairo"), 1}};
constexpr City kIrlCities[] = {{L("Dublin"), 2}, {L("Cork"), 1}};
constexpr City kPorCities[] = {{L("Lisboa"), 1}, {L("Porto"), 1}};
constexpr City kHunCities[] = {{L("Budapest"), 1}};
constexpr City kLtuCities[] = {{L("Vilnius"), 1}};
constexpr City kLatCities[] = {{L("Rīga"), 1}};
constexpr City kEstCities[] = {{L("Tallinn"), 2}, {L("Tartu"), 1}};

// --- Countries: KAZ first; weights are shares among entrants from abroad ---------------------
constexpr Country kCountries[] = {
    {"KAZ",
     0,
     {{{Style::kazakh, 76},
       {Style::russian, 15},
       {Style::koryo, 4},
       {Style::uzbek, 3},
       {Style::ukrainian, 2}}},
     kKazCities,
     0.55},
    {"RUS", 300, {{{Style::russian, 1}}}, kRusCities, 0.75},
    {"KGZ", 200, {{{Style::kyrgyz, 85}, {Style::russian, 15}}}, kKgzCities, 0.6},
    {"UZB", 150, {{{Style::uzbek, 1}}}, kUzbCities, 0},
    {"TJK", 25, {{{Style::tajik, 1}}}, kTjkCities, 0},
    {"TKM", 8, {{{Style::turkmen, 1}}}, kTkmCities, 0},
    {"MGL", 15, {{{Style::mongol, 1}}}, kMglCities, 0},
    {"CHN", 25, {{{Style::chinese, 1}}}, kChnCities, 0},
    {"KOR", 25, {{{Style::korean, 1}}}, kKorCities, 0},
    {"JPN", 12, {{{Style::japanese, 1}}}, kJpnCities, 0},
    {"IND", 18, {{{Style::south_asian, 1}}}, kIndCities, 0},
    {"TUR", 30, {{{Style::turkish, 1}}}, kTurCities, 0},
    {"GER", 25, {{{Style::german, 9}, {Style::turkish, 1}}}, kGerCities, 0},
    {"USA", 25, {{{Style::english, 8}, {Style::spanish, 1}, {Style::korean, 1}}}, kUsaCities, 0},
    {"GBR", 22, {{{Style::english, 9}, {Style::south_asian, 1}}}, kGbrCities, 0},
    {"FRA", 15, {{{Style::french, 9}, {Style::arabic, 1}}}, kFraCities, 0},
    {"ITA", 12, {{{Style::italian, 1}}}, kItaCities, 0},
    {"ESP", 12, {{{Style::spanish, 1}}}, kEspCities, 0},
    {"POL", 10, {{{Style::polish, 1}}}, kPolCities, 0},
    {"CZE", 8, {{{Style::czech, 1}}}, kCzeCities, 0},
    {"DEN", 6, {{{Style::nordic, 1}}}, kDenCities, 0},
    {"NED", 8, {{{Style::dutch, 1}}}, kNedCities, 0},
    {"BEL", 5, {{{Style::dutch, 1}, {Style::french, 1}}}, kBelCities, 0},
    {"SUI", 6, {{{Style::german, 2}, {Style::french, 1}, {Style::italian, 1}}}, kSuiCities, 0},
    {"AUT", 5, {{{Style::german, 1}}}, kAutCities, 0},
    {"SWE", 6, {{{Style::nordic, 1}}}, kSweCities, 0},
    {"NOR", 5, {{{Style::nordic, 1}}}, kNorCities, 0},
    {"FIN", 5, {{{Style::nordic, 1}}}, kFinCities, 0},
    {"UKR", 15, {{{Style::ukrainian, 1}}}, kUkrCities, 0.6},
    {"BLR", 25, {{{Style::russian, 1}}}, kBlrCities, 0.6},
    {"GEO", 12, {{{Style::georgian, 1}}}, kGeoCities, 0},
    {"ARM", 8, {{{Style::armenian, 1}}}, kArmCities, 0},
    {"AZE", 12, {{{Style::azeri, 1}}}, kAzeCities, 0},
    {"ISR", 6, {{{Style::hebrew, 7}, {Style::russian, 3}}}, kIsrCities, 0},
    {"UAE", 8, {{{Style::arabic, 6}, {Style::south_asian, 4}}}, kUaeCities, 0},
    {"IRI", 6, {{{Style::persian, 1}}}, kIriCities, 0},
    {"PAK", 5, {{{Style::south_asian, 1}}}, kPakCities, 0},
    {"MAS", 5, {{{Style::malay, 3}, {Style::chinese, 1}}}, kMasCities, 0},
    {"SIN", 5, {{{Style::chinese, 1}, {Style::malay, 1}}}, kSinCities, 0},
    {"THA", 4, {{{Style::thai, 1}}}, kThaCities, 0},
    {"VIE", 4, {{{Style::viet, 1}}}, kVieCities, 0},
    {"INA", 4, {{{Style::malay, 1}}}, kInaCities, 0},
    {"PHI", 4, {{{Style::malay, 1}}}, kPhiCities, 0},
    {"AUS", 8, {{{Style::english, 1}}}, kAusCities, 0},
    {"NZL", 3, {{{Style::english, 1}}}, kNzlCities, 0},
    {"CAN", 8, {{{Style::english, 4}, {Style::french, 1}}}, kCanCities, 0},
    {"BRA", 4, {{{Style::portuguese, 1}}}, kBraCities, 0},
    {"ARG", 3, {{{Style::spanish, 1}}}, kArgCities, 0},
    {"MEX", 3, {{{Style::spanish, 1}}}, kMexCities, 0},
    {"KEN", 6, {{{Style::kenyan, 1}}}, kKenCities, 0},
    {"ETH", 4, {{{Style::ethiopian, 1}}}, kEthCities, 0},
    {"EGY", 3, {{{Style::arabic, 1}}}, kEgyCities, 0},
    {"IRL", 4, {{{Style::english, 1}}}, kIrlCities, 0},
    {"POR", 4, {{{Style::portuguese, 1}}}, kPorCities, 0},
    {"HUN", 4, {{{Style::hungarian, 1}}}, kHunCities, 0},
    {"LTU", 5, {{{Style::lithuanian, 1}}}, kLtuCities, 0},
    {"LAT", 3, {{{Style::latvian, 1}}}, kLatCities, 0},
    {"EST", 4, {{{Style::estonian, 1}}}, kEstCities, 0},
};

constexpr const char* kKazClubs[] = {
    "Almaty Runners",       "Alatau Running Club",
    "Qazaq Runners",        "Kok-Tobe Runners",
    "Medeu Trail Club",     "Run Almaty",
    "Astana Running Club",  "Shymkent Run",
    "Jetisu Runners",       "Dala Run",
    "«Самал» жүгіру клубы", "Бегущий Алматы",
    "Тау жүгірушілері",     "Keremet Run",
    "Almaty Tri Club",
};
constexpr const char* kClubPatterns[] = {" Runners", " Running Club", " Marathon Club",
                                         " Road Runners"};

constexpr const char* kCompanies[] = {
    "Kaspi Runners",
    "Air Astana Ekiden",
    "Halyk Bank Run",
    "KazMunayGas Team",
    "Kazakhtelecom",
    "Kcell Runners",
    "Beeline Kazakhstan",
    "Samruk-Kazyna Ekiden",
    "Freedom Finance",
    "ForteBank Runners",
    "Jusan Run",
    "BCC Ekiden",
    "Tengizchevroil",
    "KEGOC Runners",
    "Kazatomprom",
    "Magnum Team",
    "Chocofamily",
    "Kolesa Group",
    "Arbuz Runners",
    "Technodom",
    "Sulpak",
    "ERG Ekiden",
    "KPMG Almaty",
    "Deloitte Kazakhstan",
    "EY Almaty",
    "PwC Kazakhstan",
    "Nazarbayev University",
    "KIMEP Runners",
    "Almaty Tech Garden",
    "Kazpost",
    "Alatau Engineering",
    "Steppe Logistics",
    "Almaty Metro",
    "Qazaq Air",
    "Bazis-A",
    "Astana Hub",
    "Alma Clinic",
    "Tau Energy",
    "Dala Mining",
    "Silk Way Cargo",
};

}  // namespace

std::span<const Country> countries() {
  return kCountries;
}

const Country& find_country(std::string_view code) {
  for (const Country& c : kCountries)
    if (code == c.code) return c;
  throw core::Error("almaty generator: country code " + std::string(code) +
                    " is not in the name tables");
}

Person make_person(Rng& rng, const Country& country, race::Gender gender) {
  std::array<int, 5> style_weights{};
  for (std::size_t i = 0; i < style_weights.size(); ++i)
    style_weights[i] = country.styles[i].style != Style::invalid ? country.styles[i].weight : 0;
  const NameStyle& style =
      name_style(country.styles[rng.weighted(std::span<const int>(style_weights))].style);
  const bool female = gender == race::Gender::female;
  const Spelling& first = rng.pick(female ? style.female_first : style.male_first);
  const bool listed = female && style.female_form == FemaleForm::listed;
  const Spelling& last = rng.pick(listed ? style.female_last : style.last);
  const bool native = first.native && last.native && rng.chance(country.native_share);

  Person p;
  p.native_script = native;
  p.first_name = native ? first.native : first.latin;
  const std::string last_listed = native ? last.native : last.latin;
  p.last_name = female && !listed ? female_surname(last_listed, style.female_form) : last_listed;
  // Announcers need help with Latin spellings that do not read as written.
  const bool last_pron_fits = last.pron && (p.last_name == last.latin);
  if (!native && (first.pron || last_pron_fits))
    p.pronunciation = std::string(first.pron ? first.pron : first.latin) + " " +
                      (last_pron_fits ? last.pron : p.last_name);

  std::vector<int> city_weights;
  for (const City& c : country.cities) city_weights.push_back(c.weight);
  const City& city = country.cities[rng.weighted(std::span<const int>(city_weights))];
  p.city = native && city.name.native ? city.name.native : city.name.latin;
  return p;
}

std::string make_club(Rng& rng, const Country& country) {
  if (std::string_view(country.code) == "KAZ")
    return rng.pick(std::span<const char* const>(kKazClubs));
  const City& city = rng.pick(country.cities);
  return std::string(city.name.latin) + rng.pick(std::span<const char* const>(kClubPatterns));
}

std::span<const char* const> ekiden_companies() {
  return kCompanies;
}

}  // namespace bundle::almaty
