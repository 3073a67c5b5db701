// Name, city, club and company tables for the Almaty sample generator, and the functions
// that draw a person from them. Internal to the bundle module; the tables are constant
// data, and the functions only touch the caller's Rng.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "almaty_rng.h"
#include "race/config.h"

namespace bundle::almaty {

// One name (or city) as registered: in its native script (Cyrillic for Kazakh, Russian,
// Kyrgyz, Ukrainian) and in Latin. `native` is null when there is only the Latin form;
// `pron` is an announcer's respelling, null when the Latin form reads as it is written.
struct Spelling {
  const char* native;
  const char* latin;
  const char* pron;
};

// A name or place that has only a Latin spelling (named short for the tables).
constexpr Spelling L(const char* latin, const char* pron = nullptr) {
  return {nullptr, latin, pron};
}

// How a woman's surname is formed from the listed (men's) form.
enum class FemaleForm : std::uint8_t {
  invalid,
  same,    // unchanged: Müller, Shevchenko, Kim
  slavic,  // Қасымов -> Қасымова, Нұрланұлы -> Нұрланқызы, Belyi -> Belaya, Orazow -> Orazowa
  polish,  // Wiśniewski -> Wiśniewska
  czech,   // Dvořák -> Dvořáková, Svoboda -> Svobodová, Černý -> Černá
  listed,  // women's surnames are listed separately (Lithuanian, Latvian, East African)
};

struct NameStyle {
  std::span<const Spelling> male_first;
  std::span<const Spelling> female_first;
  std::span<const Spelling> last;         // men's form, or everyone's
  std::span<const Spelling> female_last;  // FemaleForm::listed only
  FemaleForm female_form = FemaleForm::invalid;
};

// Name styles, one per naming tradition (Koryo: Russian first names, Korean surnames).
enum class Style : std::uint8_t {
  invalid,
  kazakh,
  russian,
  ukrainian,
  koryo,
  kyrgyz,
  uzbek,
  tajik,
  turkmen,
  mongol,
  german,
  english,
  french,
  spanish,
  portuguese,
  italian,
  polish,
  czech,
  nordic,
  estonian,
  dutch,
  hungarian,
  turkish,
  azeri,
  georgian,
  armenian,
  hebrew,
  arabic,
  persian,
  korean,
  japanese,
  chinese,
  viet,
  thai,
  malay,
  south_asian,
  ethiopian,
  lithuanian,
  latvian,
  kenyan,
  count,
};
const NameStyle& name_style(Style s);

struct City {
  Spelling name;
  int weight;
};

struct StyleShare {
  Style style;
  int weight;
};

struct Country {
  const char* code;                  // IOC code
  int weight;                        // share among entrants from abroad (KAZ: unused)
  std::array<StyleShare, 5> styles;  // unused entries are Style::invalid
  std::span<const City> cities;
  double native_share;  // how many register in the native (Cyrillic) script
};

struct Person {
  std::string first_name;
  std::string last_name;
  std::string city;
  std::string pronunciation;  // empty when the name needs none
  bool native_script = false;
};

// Every country of the field; countries()[0] is KAZ, the host. There are 58.
std::span<const Country> countries();
const Country& find_country(std::string_view code);

// Draws a person of `gender` from `country`: a name style, a script, a name and a home city.
Person make_person(Rng& rng, const Country& country, race::Gender gender);
// A running club for someone from `country` (may be empty for countries without clubs).
std::string make_club(Rng& rng, const Country& country);
// Company names for Ekiden teams ("Kaspi Runners").
std::span<const char* const> ekiden_companies();
// The woman's form of a surname under `form` (exposed for tests of the rules).
std::string female_surname(std::string_view male, FemaleForm form);

}  // namespace bundle::almaty
