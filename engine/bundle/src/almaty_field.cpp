// The invented field of the Almaty sample: entrants, elites and guests, seeding, bibs,
// waves, corral delays and the injected problems each runner will have.
#include "almaty_field.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string_view>

#include "almaty_names.h"
#include "almaty_rng.h"
#include "core/error.h"

namespace bundle::almaty {
namespace {

using race::Gender;

// Net finish times of ordinary entrants: log-normal around a median, clamped.
struct TimeModel {
  double median_s;
  double sigma;
  double min_s;
  double max_s;
};

struct ContestSpec {
  std::string_view id;
  int count;      // entrants at scale 1, besides elites and guests
  int first_bib;  // bibs first_bib .. first_bib + capacity - 1
  int capacity;
  int overflow_bib;  // a field scaled past capacity continues here, up to overflow_capacity
  int overflow_capacity;
  double male_share;
  double foreign_share;
  int min_age;
  double age_mean;
  double age_sd;
  int max_age;
  TimeModel male;
  TimeModel female;
  double age_slowdown;  // per year over 40
  double dnf_rate;
  double fade_share;  // how many slow down towards the end, and by how much
  double fade_min;
  double fade_max;
  double fade_from;  // fraction of the distance where fading starts (+-0.05)
  std::string_view first_timer_note;
  double first_timer_share;
  double start_rate;  // runners crossing the start line per second
};

// clang-format off
constexpr ContestSpec kSpecs[] = {
    {.id = "marathon", .count = 2600, .first_bib = 1, .capacity = 3000,
     .overflow_bib = 30001, .overflow_capacity = 20000,
     .male_share = 0.72, .foreign_share = 0.14,
     .min_age = 18, .age_mean = 38, .age_sd = 9.5, .max_age = 80,
     .male = {15300, 0.16, 9120, 23100}, .female = {17100, 0.15, 10500, 23100},
     .age_slowdown = 0.008, .dnf_rate = 0.05,
     .fade_share = 0.6, .fade_min = 0.04, .fade_max = 0.22, .fade_from = 0.72,
     .first_timer_note = "first marathon", .first_timer_share = 0.08, .start_rate = 18},
    {.id = "half", .count = 3600, .first_bib = 3001, .capacity = 4000,
     .overflow_bib = 50001, .overflow_capacity = 50000,
     .male_share = 0.58, .foreign_share = 0.12,
     .min_age = 18, .age_mean = 34, .age_sd = 9, .max_age = 80,
     .male = {6900, 0.17, 4140, 12600}, .female = {7800, 0.16, 4680, 12600},
     .age_slowdown = 0.008, .dnf_rate = 0.03,
     .fade_share = 0.4, .fade_min = 0.02, .fade_max = 0.10, .fade_from = 0.72,
     .first_timer_note = "first half marathon", .first_timer_share = 0.07, .start_rate = 18},
    {.id = "10k", .count = 9600, .first_bib = 10001, .capacity = 10000,
     .overflow_bib = 100001, .overflow_capacity = 900000,
     .male_share = 0.47, .foreign_share = 0.08,
     .min_age = 15, .age_mean = 30, .age_sd = 9, .max_age = 80,
     .male = {3360, 0.20, 1980, 6900}, .female = {3900, 0.19, 2220, 6900},
     .age_slowdown = 0.006, .dnf_rate = 0.018,
     .fade_share = 0.3, .fade_min = 0.01, .fade_max = 0.06, .fade_from = 0.6,
     .first_timer_note = "first race", .first_timer_share = 0.05, .start_rate = 18},
    {.id = "nordic", .count = 700, .first_bib = 20001, .capacity = 1000,
     .overflow_bib = 25001, .overflow_capacity = 5000,
     .male_share = 0.28, .foreign_share = 0.05,
     .min_age = 15, .age_mean = 45, .age_sd = 13, .max_age = 84,
     .male = {5400, 0.12, 3720, 8400}, .female = {5700, 0.12, 3900, 8400},
     .age_slowdown = 0.004, .dnf_rate = 0.02,
     .fade_share = 0.3, .fade_min = 0.01, .fade_max = 0.05, .fade_from = 0.6,
     .first_timer_note = "first Nordic walking race", .first_timer_share = 0.08, .start_rate = 10},
};
// clang-format on

constexpr int kEkidenTeams = 113;

// Elites (a time band) and invited guests (no band: timed like everyone else).
struct FixedEntrant {
  std::string_view contest;
  const char* first;
  const char* last;
  Gender gender;
  const char* country;
  const char* city;
  int age;
  double lo_s;  // 0 for guests
  double hi_s;
  const char* note;
  const char* pron;
};

constexpr Gender M = Gender::male;
constexpr Gender F = Gender::female;
constexpr FixedEntrant kFixed[] = {
    {"marathon", "Daniel", "Kibiwott", M, "KEN", "Iten", 29, 8360, 8490, "elite; PB 2:18:47",
     "DAN-yel kee-BEE-wot"},
    {"marathon", "Aibek", "Sultanaliev", M, "KGZ", "Bishkek", 27, 8430, 8580, "elite; PB 2:21:05",
     "eye-BEK sool-tahn-AH-lee-yev"},
    {"marathon", "Yerlan", "Abenov", M, "KAZ", "Almaty", 31, 8460, 8640, "elite; national champion",
     nullptr},
    {"marathon", "Tesfaye", "Berhanu", M, "ETH", "Addis Ababa", 26, 8520, 8700,
     "elite; marathon debut", "tes-FAH-yeh ber-HAH-noo"},
    {"marathon", "Bat-Erdene", "Lkhagvasuren", M, "MGL", "Ulaanbaatar", 30, 8580, 8760,
     "elite; PB 2:22:40", nullptr},
    {"marathon", "Sherzod", "Rakhmatullayev", M, "UZB", "Tashkent", 28, 8580, 8760,
     "elite; PB 2:23:15", "sher-ZOD rakh-mah-too-LAH-yev"},
    {"marathon", "Kseniya", "Lavrentyeva", F, "RUS", "Moscow", 30, 9740, 9900, "elite; PB 2:41:58",
     nullptr},
    {"marathon", "Сәуле", "Жақыпбекова", F, "KAZ", "Алматы", 28, 9840, 10080,
     "elite; national champion", "sow-LEH zhah-kip-BEH-ko-va"},
    {"marathon", "Tigist", "Mengistu", F, "ETH", "Addis Ababa", 25, 9780, 10080,
     "elite; PB 2:43:30", nullptr},
    {"marathon", "Gulzat", "Bekturova", F, "KGZ", "Bishkek", 33, 9960, 10200, "elite", nullptr},
    {"marathon", "Winfridah", "Chepkurui", F, "KEN", "Eldoret", 27, 9900, 10200, "elite",
     "win-FREE-dah chep-KOO-roo-ee"},
    {"half", "Nurbek", "Abylkasymov", M, "KGZ", "Bishkek", 25, 3760, 3870, "elite; PB 1:03:12",
     nullptr},
    {"half", "Dmitry", "Shestakov", M, "RUS", "Novosibirsk", 29, 3810, 3990, "elite", nullptr},
    {"half", "Geoffrey", "Kipyego", M, "KEN", "Iten", 24, 3810, 3990, "elite; PB 1:02:58", nullptr},
    {"half", "Bekzod", "Umarov", M, "UZB", "Tashkent", 27, 3840, 3990, "elite", nullptr},
    {"half", "Асхат", "Нұрмағанбетов", M, "KAZ", "Шымкент", 26, 3840, 3990,
     "elite; national record holder", "ahs-KHAHT noor-mah-gahn-BEH-tov"},
    {"half", "Yuliya", "Rudneva", F, "RUS", "Kazan", 28, 4360, 4500, "elite; PB 1:12:31", nullptr},
    {"half", "Aiperi", "Zhumagulova", F, "KGZ", "Karakol", 24, 4410, 4650, "elite",
     "eye-peh-REE zhoo-mah-GOO-lo-va"},
    {"half", "Iryna", "Danylenko", F, "UKR", "Kyiv", 31, 4410, 4650, "elite", nullptr},
    {"half", "Saltanat", "Ibrayeva", F, "KAZ", "Almaty", 26, 4410, 4650, "elite",
     "sahl-tah-NAHT ee-BRAH-ye-va"},
    {"10k", "Daulet", "Sagyndykov", M, "KAZ", "Almaty", 23, 1770, 1920, "elite",
     "dow-LET sah-gin-DIH-kov"},
    {"10k", "Ulan", "Kadyrbekov", M, "KGZ", "Osh", 25, 1770, 1920, "elite", nullptr},
    {"10k", "Jasur", "Nematov", M, "UZB", "Samarkand", 22, 1770, 1920, "elite", nullptr},
    {"10k", "Dinara", "Ermekova", F, "KAZ", "Astana", 24, 1980, 2190, "elite", nullptr},
    {"10k", "Alyona", "Gromova", F, "RUS", "Omsk", 27, 1980, 2190, "elite", nullptr},
    {"10k", "Ketevan", "Janelidze", F, "GEO", "Tbilisi", 26, 1980, 2190, "elite", nullptr},
    {"half", "Әсел", "Бейсенбаева", F, "KAZ", "Алматы", 35, 0, 0, "TV presenter, morning show",
     "ah-SEL bey-sen-BAH-ye-va"},
    {"10k", "Serik", "Tokhtarov", M, "KAZ", "Almaty", 41, 0, 0,
     "former national boxing team captain", nullptr},
    {"10k", "Dinara", "Zhakupova", F, "KAZ", "Almaty", 29, 0, 0, "singer; running for charity",
     "dee-NAH-rah zhah-KOO-po-va"},
    {"marathon", "Nurlan", "Mukanov", M, "KAZ", "Almaty", 52, 0, 0,
     "CEO of the title sponsor; 10th Almaty Marathon", nullptr},
    {"half", "Zhuldyz", "Amanzholova", F, "KAZ", "Astana", 27, 0, 0, "running blogger",
     "zhool-DIZ ah-mahn-ZHO-lo-va"},
    {"marathon", "Ерлан", "Бөкейханов", M, "KAZ", "Алматы", 58, 0, 0,
     "has run every Almaty Marathon since 2012", "yer-LAHN buh-key-KHAH-nov"},
    {"10k", "Matthias", "Brandstetter", M, "GER", "Berlin", 46, 0, 0,
     "diplomat, running with the embassy team", nullptr},
    {"nordic", "Людмила", "Воронцова", F, "KAZ", "Алматы", 87, 0, 0, "oldest participant, 87",
     nullptr},
    {"nordic", "Қадиша", "Байтұрсынова", F, "KAZ", "Алматы", 79, 0, 0,
     "founder of a Nordic walking club", "kah-dee-SHAH bai-toor-SIH-no-va"},
};

// One entrant before bibs, waves and delays are known.
struct Entrant {
  race::Participant p;
  RunnerPlan plan;
  double seed_s = 0;  // the time the entrant was seeded on (predicted, not actual)
  bool fixed = false;
};

int draw_age(Rng& rng, const ContestSpec& s) {
  for (int i = 0; i < 8; ++i) {
    const int age = static_cast<int>(std::lround(s.age_mean + s.age_sd * rng.normal()));
    if (age >= s.min_age && age <= s.max_age) return age;
  }
  return std::clamp(static_cast<int>(s.age_mean), s.min_age, s.max_age);
}

core::Date birth_date_for(Rng& rng, core::Date race_day, int age, bool birthday_today) {
  using namespace std::chrono;
  const year y = race_day.year() - years(age);
  if (birthday_today) return y / race_day.month() / race_day.day();
  const sys_days latest = sys_days(y / race_day.month() / race_day.day()) - days(1);
  const sys_days earliest = sys_days((y - years(1)) / race_day.month() / race_day.day()) + days(1);
  return year_month_day(earliest + days(rng.between(0, (latest - earliest).count())));
}

const Country& draw_country(Rng& rng, double foreign_share) {
  const auto all = countries();
  if (!rng.chance(foreign_share)) return all[0];
  std::vector<int> weights;
  for (const Country& c : all.subspan(1)) weights.push_back(c.weight);
  return all[1 + rng.weighted(std::span<const int>(weights))];
}

double draw_target_s(Rng& rng, const ContestSpec& s, Gender g, int age) {
  const TimeModel& m = g == Gender::female ? s.female : s.male;
  const double slow = 1.0 + s.age_slowdown * std::max(0, age - 40);
  return std::clamp(rng.lognormal(m.median_s, m.sigma) * slow, m.min_s, m.max_s);
}

std::string_view draw_note(Rng& rng, const ContestSpec& s) {
  const double r = rng.uniform();
  if (r < s.first_timer_share) return s.first_timer_note;
  if (r < s.first_timer_share + 0.015) return "running for charity";
  if (r < s.first_timer_share + 0.018) return "birthday today";
  if (r < s.first_timer_share + 0.020 && s.id != "nordic") return "100th race";
  return {};
}

// Injected problems: no-shows, drop-outs, a lost read, a repeated read.
void draw_injections(Rng& rng, const ContestSpec& s, const race::Contest& c, RunnerPlan& plan) {
  const int n = static_cast<int>(c.points.size());
  plan.dns = rng.chance(0.005);
  plan.dns_reported = plan.dns && rng.chance(0.4);
  if (!plan.dns && rng.chance(s.dnf_rate) && n >= 3) {
    plan.dnf_after = static_cast<int>(rng.between(0, n - 3));
    plan.dnf_reported = rng.chance(0.5);
  }
  const int last_inner = plan.dnf_after >= 0 ? plan.dnf_after : n - 2;
  if (!plan.dns && last_inner >= 1 && rng.chance(0.01))
    plan.missed_point = static_cast<int>(rng.between(1, last_inner));
  plan.duplicate = !plan.dns && rng.chance(0.02);
}

Entrant make_entrant(Rng& rng, const race::RaceConfig& config, const ContestSpec& s,
                     const race::Contest& c) {
  Entrant e;
  race::Participant& p = e.p;
  p.contest = c.id;
  p.gender = rng.chance(s.male_share) ? Gender::male : Gender::female;
  p.age = draw_age(rng, s);
  const Country& country = draw_country(rng, s.foreign_share);
  p.country = country.code;
  Person person = make_person(rng, country, p.gender);
  p.first_name = std::move(person.first_name);
  p.last_name = std::move(person.last_name);
  p.city = std::move(person.city);
  if (rng.chance(0.5)) p.pronunciation = std::move(person.pronunciation);
  if (rng.chance(0.3)) p.club = make_club(rng, country);
  p.note = draw_note(rng, s);
  p.birth_date = birth_date_for(rng, config.date, p.age, p.note == "birthday today");

  const double target_s = draw_target_s(rng, s, p.gender, p.age);
  e.plan.contest = &c;
  e.plan.target = core::Ms(std::llround(target_s * 1000));
  e.seed_s = target_s * std::exp(0.08 * rng.normal());  // people misjudge their corral
  if (rng.chance(s.fade_share)) {
    const double slowness = std::clamp(
        (target_s - 3 * 3600.0 * c.distance_m / 42195) / (3.5 * 3600.0 * c.distance_m / 42195), 0.0,
        1.0);
    e.plan.fade = rng.uniform(s.fade_min, s.fade_max) + (s.id == "marathon" ? 0.1 * slowness : 0.0);
    e.plan.fade_from_m = c.distance_m * (s.fade_from + rng.uniform(-0.05, 0.05));
  }
  draw_injections(rng, s, c, e.plan);
  return e;
}

Entrant make_fixed(Rng& rng, const race::RaceConfig& config, const ContestSpec& s,
                   const race::Contest& c, const FixedEntrant& f) {
  Entrant e;
  race::Participant& p = e.p;
  p.contest = c.id;
  p.first_name = f.first;
  p.last_name = f.last;
  p.gender = f.gender;
  p.age = f.age;
  p.birth_date = birth_date_for(rng, config.date, f.age, false);
  p.country = f.country;
  p.city = f.city;
  p.note = f.note;
  p.pronunciation = f.pron ? f.pron : "";
  p.vip = f.lo_s == 0;
  e.fixed = true;
  e.plan.contest = &c;
  e.plan.elite = f.lo_s > 0;
  const double target_s =
      e.plan.elite ? rng.uniform(f.lo_s, f.hi_s) : draw_target_s(rng, s, p.gender, p.age);
  e.plan.target = core::Ms(std::llround(target_s * 1000));
  e.seed_s = e.plan.elite ? target_s - 1e6 : target_s;  // elites line up first
  e.plan.duplicate = rng.chance(0.02);
  return e;
}

// Gives an entrant a new country, with a name and a home city to match.
void move_to_country(Rng& rng, Entrant& e, const Country& country) {
  Person person = make_person(rng, country, e.p.gender);
  e.p.country = country.code;
  e.p.first_name = std::move(person.first_name);
  e.p.last_name = std::move(person.last_name);
  e.p.city = std::move(person.city);
  e.p.pronunciation = std::move(person.pronunciation);
  e.p.club.clear();
}

// A big enough field has every one of the 58 countries at least once: draws leave the
// rarest ones out now and then, so missing ones take over entrants of well-represented ones.
void cover_countries(Rng& rng, std::vector<std::vector<Entrant>>& contests) {
  std::vector<Entrant*> pool;
  for (auto& es : contests)
    for (Entrant& e : es)
      if (!e.fixed) pool.push_back(&e);
  std::vector<int> count(countries().size(), 0);
  auto index_of = [](std::string_view code) {
    const auto all = countries();
    for (std::size_t i = 0; i < all.size(); ++i)
      if (code == all[i].code) return i;
    return std::size_t{0};
  };
  int foreign = 0;
  for (const Entrant* e : pool) {
    const std::size_t i = index_of(e->p.country);
    ++count[i];
    foreign += i != 0;
  }
  if (pool.empty() || foreign < 10 * static_cast<int>(countries().size())) return;
  for (std::size_t ci = 1; ci < count.size(); ++ci) {
    if (count[ci] > 0) continue;
    std::size_t k =
        static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(pool.size()) - 1));
    for (std::size_t tries = 0; tries < pool.size(); ++tries, k = (k + 1) % pool.size()) {
      const std::size_t from = index_of(pool[k]->p.country);
      if (from == 0 || count[from] <= 5) continue;
      --count[from];
      ++count[ci];
      move_to_country(rng, *pool[k], countries()[ci]);
      break;
    }
  }
}

std::vector<const race::Wave*> waves_of(const race::RaceConfig& config, std::string_view contest) {
  std::vector<const race::Wave*> out;
  for (const race::Wave& w : config.waves)
    if (w.contest == contest) out.push_back(&w);
  return out;
}

// Lines a contest up: seeded order, bibs, waves, and the time each entrant needs to reach
// the start mat after the gun.
void seed_contest(Rng& rng, const race::RaceConfig& config, const ContestSpec& s,
                  std::vector<Entrant>& es) {
  if (static_cast<int>(es.size()) > s.capacity + s.overflow_capacity)
    throw core::Error("almaty generator: the scale gives " + std::to_string(es.size()) + " " +
                      std::string(s.id) + " entrants, more than its bib ranges hold (" +
                      std::to_string(s.capacity + s.overflow_capacity) + "); use a scale up to 4");
  std::vector<std::size_t> order(es.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return es[a].seed_s < es[b].seed_s; });
  std::vector<Entrant> seeded;
  seeded.reserve(es.size());
  for (std::size_t k : order) seeded.push_back(std::move(es[k]));
  es = std::move(seeded);
  const auto waves = waves_of(config, s.id);
  const std::size_t per_wave =
      waves.empty() ? es.size() : (es.size() + waves.size() - 1) / waves.size();
  for (std::size_t i = 0; i < es.size(); ++i) {
    Entrant& e = es[i];
    const int n = static_cast<int>(i);
    e.p.bib = std::to_string(n < s.capacity ? s.first_bib + n : s.overflow_bib + n - s.capacity);
    std::size_t w = 0;
    if (!waves.empty()) {
      w = std::min(i / per_wave, waves.size() - 1);
      e.p.wave = waves[w]->id;
    }
    const double pos = static_cast<double>(i - w * per_wave);
    const double delay_s =
        e.plan.elite ? rng.uniform(0.3, 2.0) : 1.0 + pos / s.start_rate + rng.uniform(0, 8);
    e.plan.corral_delay = core::Ms(std::llround(delay_s * 1000));
  }
}

std::string team_id(int team) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "E%03d", team);
  return buf;
}

// Ekiden teams: six runners, one per leg, each timed for their own leg.
void add_ekiden(Rng& rng, const race::RaceConfig& config, const race::Contest& c, double scale,
                Field& out) {
  const int teams = std::max(1, static_cast<int>(std::lround(kEkidenTeams * scale)));
  const auto companies = ekiden_companies();
  for (int t = 1; t <= teams; ++t) {
    const std::size_t round = static_cast<std::size_t>(t - 1) / companies.size();
    std::string name = companies[static_cast<std::size_t>(t - 1) % companies.size()];
    if (round > 0) name += " " + std::to_string(round + 1);
    const double team_pace_s = std::clamp(rng.lognormal(300, 0.14), 205.0, 450.0);  // per km
    const double delay_s = rng.uniform(0.5, 25);
    for (const race::RelayLeg& leg : c.legs) {
      race::Participant p;
      p.contest = c.id;
      p.team = name;  // the name graphics show; the bib carries the team number
      p.leg = leg.number;
      p.bib = team_id(t) + "-" + std::to_string(leg.number);
      p.gender = rng.chance(0.6) ? Gender::male : Gender::female;
      p.age = std::clamp(static_cast<int>(std::lround(34 + 8 * rng.normal())), 16, 65);
      const Country& country = draw_country(rng, 0.04);
      Person person = make_person(rng, country, p.gender);
      p.country = country.code;
      p.first_name = std::move(person.first_name);
      p.last_name = std::move(person.last_name);
      p.city = std::move(person.city);
      if (rng.chance(0.5)) p.pronunciation = std::move(person.pronunciation);
      p.birth_date = birth_date_for(rng, config.date, p.age, false);
      RunnerPlan plan;
      plan.contest = &c;
      plan.corral_delay = core::Ms(leg.number == 1 ? std::llround(delay_s * 1000) : 0);
      const double pace_s =
          team_pace_s * std::exp(0.07 * rng.normal()) * (p.gender == Gender::female ? 1.06 : 1.0);
      plan.target = core::Ms(std::llround(pace_s * leg.distance_m));  // s/km * m = ms
      plan.duplicate = rng.chance(0.02);
      out.participants.push_back(std::move(p));
      out.plans.push_back(plan);
    }
  }
}

}  // namespace

Field build_field(const race::RaceConfig& config, const AlmatyOptions& options) {
  if (!(options.scale > 0) || options.scale > 100)
    throw core::Error("almaty generator: scale " + std::to_string(options.scale) +
                      " is out of range; use a value such as 0.05 or 1.0");
  Rng rng(mix_seed(options.seed, kFieldStream));
  std::vector<std::vector<Entrant>> contests;
  std::vector<const ContestSpec*> specs;
  for (const ContestSpec& s : kSpecs) {
    const race::Contest* c = config.find_contest(s.id);
    if (!c || c->kind != race::ContestKind::individual) continue;
    std::vector<Entrant> es;
    es.reserve(static_cast<std::size_t>(s.count * options.scale) + std::size(kFixed));
    const int n = static_cast<int>(std::lround(s.count * options.scale));
    for (int i = 0; i < n; ++i) es.push_back(make_entrant(rng, config, s, *c));
    for (const FixedEntrant& f : kFixed)
      if (f.contest == s.id) es.push_back(make_fixed(rng, config, s, *c, f));
    contests.push_back(std::move(es));
    specs.push_back(&s);
  }
  cover_countries(rng, contests);

  Field field;
  std::size_t entrants = 0;
  for (const auto& c : contests) entrants += c.size();
  field.participants.reserve(entrants);
  field.plans.reserve(entrants);
  for (std::size_t i = 0; i < contests.size(); ++i) {
    seed_contest(rng, config, *specs[i], contests[i]);
    for (Entrant& e : contests[i]) {
      field.participants.push_back(std::move(e.p));
      field.plans.push_back(e.plan);
    }
  }
  const race::Contest* ekiden = config.find_contest("ekiden");
  if (ekiden && ekiden->kind == race::ContestKind::relay && !ekiden->legs.empty())
    add_ekiden(rng, config, *ekiden, options.scale, field);
  if (field.participants.empty())
    throw core::Error(
        "almaty generator: the race config has none of the contests marathon, half, "
        "10k, nordic, ekiden; pass assets/races/almaty/race.toml");
  for (std::size_t i = 0; i < field.participants.size(); ++i) {
    char chip[16];
    std::snprintf(chip, sizeof chip, "C%06llu",
                  static_cast<unsigned long long>((100003 + i * 7919) % 900000 + 100000));
    field.participants[i].chips = {chip};
  }
  return field;
}

}  // namespace bundle::almaty
