// Passings of the Almaty sample race: guns, chip reads along each runner's course, and the
// injected problems (drop-outs, no-shows, lost and repeated reads). See docs/sample-race.md.
#include "bundle/almaty.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <span>

#include "almaty_field.h"
#include "almaty_rng.h"

namespace bundle {
namespace {

using almaty::Rng;
using almaty::RunnerPlan;

constexpr const char* kAlmatySource = "almaty-sim";
constexpr const char* kEpoch = "almaty-2025";
constexpr std::int64_t kMinuteMs = 60'000;

struct Gun {
  const race::Contest* contest;
  std::string wave;  // empty: the whole contest
  std::int64_t t_ms;
};

// Events are collected in this compact form, sorted, then turned into race::Event once.
enum class RawKind : std::uint8_t { gun, passing, status };  // also the order at the same ms

struct Raw {
  std::int64_t t_ms = 0;
  RawKind kind = RawKind::passing;
  std::uint32_t who = 0;  // gun index, or participant index
  const std::string* mat = nullptr;
  int hits = 0;
  int rssi = 0;
  race::RunnerStatus status = race::RunnerStatus::invalid;
  std::uint32_t reason = 0;  // index into Simulation::reasons_
};

// How a runner spreads their time over the course.
struct Pacing {
  double noise = 0.02;    // segment-to-segment variation
  double start_slow = 0;  // crowding on the first segment
  double fade = 0;        // extra pace at the end, growing from fade_from_m
  double fade_from_m = 0;
  double kick = 0;  // faster last segment
};

// Elapsed ms from dist[0] at each point; the last is exactly total_ms.
std::vector<std::int64_t> elapsed_ms(Rng& rng, std::span<const std::int32_t> dist,
                                     std::int64_t total_ms, const Pacing& p) {
  std::vector<double> cum(dist.size(), 0.0);
  const double end_m = dist.back();
  for (std::size_t i = 1; i < dist.size(); ++i) {
    const double len = dist[i] - dist[i - 1];
    const double mid = 0.5 * (dist[i] + dist[i - 1]);
    double f = 1 + p.noise * rng.normal();
    if (i == 1) f += p.start_slow;
    if (p.fade > 0 && mid > p.fade_from_m)
      f += p.fade * std::min(1.0, (mid - p.fade_from_m) / std::max(1.0, end_m - p.fade_from_m));
    if (i + 1 == dist.size()) f -= p.kick;
    cum[i] = cum[i - 1] + len * std::max(f, 0.5);
  }
  std::vector<std::int64_t> out(dist.size(), 0);
  for (std::size_t i = 1; i < dist.size(); ++i)
    out[i] = std::max(out[i - 1] + 1,
                      static_cast<std::int64_t>(std::llround(total_ms * cum[i] / cum.back())));
  return out;
}

class Simulation {
 public:
  Simulation(const race::RaceConfig& config, const almaty::Field& field, std::uint64_t seed)
      : config_(config), field_(field), seed_(seed) {}

  std::vector<race::Event> run();

 private:
  void fire_guns();
  std::size_t gun_for(const race::Contest* c, std::string_view wave) const;
  void run_runner(std::size_t i);
  void run_team(std::size_t first);
  Pacing pacing_for(Rng& rng, const RunnerPlan& plan) const;
  void add_passing(Rng& rng, std::size_t who, const std::string& mat, std::int64_t t_ms);
  void add_duplicate(Rng& rng, std::size_t first_raw);
  void add_status(std::size_t who, std::int64_t t_ms, race::RunnerStatus s, std::string reason);
  std::vector<race::Event> materialize();

  const race::RaceConfig& config_;
  const almaty::Field& field_;
  std::uint64_t seed_;
  std::vector<Gun> guns_;
  std::vector<Raw> raws_;
  std::vector<std::string> reasons_;
};

void Simulation::fire_guns() {
  Rng rng(almaty::mix_seed(seed_, almaty::kGunStream));
  auto scheduled = [&](const std::optional<core::UtcMs>& gun) {
    if (gun) return gun->time_since_epoch().count();
    const auto t =
        core::local_to_utc(config_.date, std::chrono::minutes(6 * 60 + 30), config_.utc_offset);
    return t.time_since_epoch().count();
  };
  // The starter is a few seconds late; contests set off together share one gun.
  std::map<std::int64_t, std::int64_t> fired;
  auto fire = [&](std::int64_t at_ms) {
    auto [it, fresh] = fired.emplace(at_ms, 0);
    if (fresh) it->second = at_ms + rng.between(0, 15'000);
    return it->second;
  };
  for (const race::Contest& c : config_.contests) {
    bool has_waves = false;
    for (const race::Wave& w : config_.waves) {
      if (w.contest != c.id) continue;
      has_waves = true;
      guns_.push_back({&c, w.id, fire(scheduled(w.gun ? w.gun : c.gun))});
    }
    if (!has_waves) guns_.push_back({&c, "", fire(scheduled(c.gun))});
  }
  for (std::size_t g = 0; g < guns_.size(); ++g) {
    Raw r;
    r.t_ms = guns_[g].t_ms;
    r.kind = RawKind::gun;
    r.who = static_cast<std::uint32_t>(g);
    raws_.push_back(std::move(r));
  }
}

std::size_t Simulation::gun_for(const race::Contest* c, std::string_view wave) const {
  for (std::size_t g = 0; g < guns_.size(); ++g)
    if (guns_[g].contest == c && guns_[g].wave == wave) return g;
  for (std::size_t g = 0; g < guns_.size(); ++g)
    if (guns_[g].contest == c) return g;
  return 0;
}

Pacing Simulation::pacing_for(Rng& rng, const RunnerPlan& plan) const {
  Pacing p;
  p.noise = plan.elite ? 0.008 : 0.02;
  p.start_slow = plan.elite ? 0 : rng.uniform(0, 0.05);
  p.fade = plan.fade;
  p.fade_from_m = plan.fade_from_m;
  p.kick = rng.uniform(0, 0.08);
  return p;
}

void Simulation::add_passing(Rng& rng, std::size_t who, const std::string& mat, std::int64_t t_ms) {
  Raw r;
  r.t_ms = t_ms;
  r.who = static_cast<std::uint32_t>(who);
  r.mat = &mat;
  r.hits = static_cast<int>(rng.between(2, 12));
  r.rssi = static_cast<int>(rng.between(-72, -38));
  raws_.push_back(std::move(r));
}

// Repeats one of the reads added since `first_raw` a few seconds later, as a second
// antenna or a runner standing on the mat would.
void Simulation::add_duplicate(Rng& rng, std::size_t first_raw) {
  if (first_raw >= raws_.size()) return;
  const std::size_t k =
      first_raw + static_cast<std::size_t>(
                      rng.between(0, static_cast<std::int64_t>(raws_.size() - first_raw) - 1));
  Raw dup = raws_[k];
  dup.t_ms += rng.between(1'000, 20'000);
  dup.hits = static_cast<int>(rng.between(1, 3));
  dup.rssi = static_cast<int>(rng.between(-80, -65));
  raws_.push_back(std::move(dup));
}

void Simulation::add_status(std::size_t who, std::int64_t t_ms, race::RunnerStatus s,
                            std::string reason) {
  Raw r;
  r.t_ms = t_ms;
  r.kind = RawKind::status;
  r.who = static_cast<std::uint32_t>(who);
  r.status = s;
  r.reason = static_cast<std::uint32_t>(reasons_.size());
  reasons_.push_back(std::move(reason));
  raws_.push_back(std::move(r));
}

void Simulation::run_runner(std::size_t i) {
  const RunnerPlan& plan = field_.plans[i];
  Rng rng(almaty::mix_seed(seed_, almaty::kRunnerStreamBase + i));
  const Gun& gun = guns_[gun_for(plan.contest, field_.participants[i].wave)];
  if (plan.dns) {
    if (plan.dns_reported)
      add_status(i, gun.t_ms - rng.between(10, 50) * kMinuteMs, race::RunnerStatus::dns,
                 "withdrew before the start");
    return;
  }
  const auto& pts = plan.contest->points;
  std::vector<std::int32_t> dist;
  for (const race::ContestPoint& p : pts) dist.push_back(p.distance_m);
  const Pacing pacing = pacing_for(rng, plan);
  const auto elapsed = elapsed_ms(rng, dist, plan.target.count(), pacing);
  const std::int64_t start = gun.t_ms + plan.corral_delay.count();
  const int last = plan.dnf_after >= 0 ? plan.dnf_after : static_cast<int>(pts.size()) - 1;
  const std::size_t first_raw = raws_.size();
  for (int k = 0; k <= last; ++k)
    if (k != plan.missed_point) add_passing(rng, i, pts[k].mat, start + elapsed[k]);
  if (plan.duplicate) add_duplicate(rng, first_raw);
  if (plan.dnf_reported) {
    const std::int64_t t = start + elapsed[last + 1] + rng.between(5, 40) * kMinuteMs;
    add_status(i, t, race::RunnerStatus::dnf, "withdrew after " + pts[last].shown_label());
  }
}

// A relay team: leg k's runner sets off at leg k-1's exchange read and reads the mats of
// their own leg only.
void Simulation::run_team(std::size_t first) {
  const race::Contest& c = *field_.plans[first].contest;
  Rng rng(almaty::mix_seed(seed_, almaty::kTeamStreamBase + first));
  std::int64_t handover = guns_[gun_for(&c, "")].t_ms + field_.plans[first].corral_delay.count();
  std::int32_t leg_start_m = 0;
  for (std::size_t l = 0; l < c.legs.size() && first + l < field_.plans.size(); ++l) {
    const std::size_t i = first + l;
    const std::int32_t leg_end_m = leg_start_m + c.legs[l].distance_m;
    std::vector<const race::ContestPoint*> section;
    std::vector<std::int32_t> dist;
    for (const race::ContestPoint& p : c.points)
      if (p.distance_m >= leg_start_m && p.distance_m <= leg_end_m) {
        section.push_back(&p);
        dist.push_back(p.distance_m);
      }
    if (section.size() < 2) return;  // validate() rules this out
    const auto elapsed =
        elapsed_ms(rng, dist, field_.plans[i].target.count(), pacing_for(rng, field_.plans[i]));
    const std::size_t first_raw = raws_.size();
    for (std::size_t k = l == 0 ? 0 : 1; k < section.size(); ++k)
      add_passing(rng, i, section[k]->mat, handover + elapsed[k]);
    if (field_.plans[i].duplicate) add_duplicate(rng, first_raw);
    handover += elapsed.back();
    leg_start_m = leg_end_m;
  }
}

std::vector<race::Event> Simulation::materialize() {
  // Time, then kind (guns first), then the order of generation: a stable sort by time.
  std::vector<std::pair<std::int64_t, std::uint32_t>> order(raws_.size());
  for (std::size_t k = 0; k < raws_.size(); ++k)
    order[k] = {raws_[k].t_ms * 4 + static_cast<std::int64_t>(raws_[k].kind),
                static_cast<std::uint32_t>(k)};
  std::sort(order.begin(), order.end());
  std::vector<race::Event> events;
  events.reserve(order.size());
  std::int64_t seq = 0;
  for (const auto& [key, k] : order) {
    const Raw& r = raws_[k];
    race::Origin origin{kAlmatySource, kEpoch, ++seq};
    const core::UtcMs t{core::Ms(r.t_ms)};
    if (r.kind == RawKind::gun) {
      const Gun& g = guns_[r.who];
      events.emplace_back(race::GunEvent{std::move(origin), g.contest->id, g.wave, t});
      continue;
    }
    const race::Participant& p = field_.participants[r.who];
    if (r.kind == RawKind::status) {
      events.emplace_back(
          race::StatusChange{std::move(origin), p.bib, r.status, reasons_[r.reason]});
      continue;
    }
    race::Passing passing;
    passing.origin = std::move(origin);
    passing.mat = *r.mat;
    passing.bib = p.bib;
    passing.chip = p.chips.empty() ? std::string() : p.chips.front();
    passing.time = t;
    passing.hits = r.hits;
    passing.rssi = r.rssi;
    events.emplace_back(std::move(passing));
  }
  return events;
}

std::vector<race::Event> Simulation::run() {
  fire_guns();
  raws_.reserve(field_.participants.size() * 14);
  for (std::size_t i = 0; i < field_.participants.size(); ++i) {
    const RunnerPlan& plan = field_.plans[i];
    if (plan.contest->kind == race::ContestKind::relay) {
      if (field_.participants[i].leg == 1) run_team(i);
    } else {
      run_runner(i);
    }
  }
  return materialize();
}

}  // namespace

AlmatyRace generate_almaty(const race::RaceConfig& config, const AlmatyOptions& options) {
  almaty::Field field = almaty::build_field(config, options);
  AlmatyRace out;
  out.events = Simulation(config, field, options.seed).run();
  out.participants = std::move(field.participants);
  return out;
}

}  // namespace bundle
