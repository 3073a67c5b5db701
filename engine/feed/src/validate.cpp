// Race-aware checks of feed events (feed/validate.h).
#include "feed/validate.h"

#include <string>
#include <variant>

namespace feed {
namespace {

std::string seq_text(const race::Origin& o) {
  return " seq " + std::to_string(o.seq);
}

DecodeError error(std::string code, std::string message) {
  return DecodeError{std::move(code), std::move(message)};
}

// Race day in UTC, widened by the margin on both sides.
struct Window {
  core::UtcMs from;
  core::UtcMs to;
};

Window race_window(const race::RaceConfig& config) {
  const core::UtcMs midnight = core::local_to_utc(config.date, core::Ms(0), config.utc_offset);
  return Window{midnight - kPlausibleMargin, midnight + std::chrono::hours(24) + kPlausibleMargin};
}

std::optional<DecodeError> check_time(const race::RaceConfig& config, core::UtcMs t,
                                      const std::string& what) {
  const Window w = race_window(config);
  if (t >= w.from && t < w.to) return std::nullopt;
  return error("implausible_time", what + ": time " + core::format_iso8601(t, config.utc_offset) +
                                       " is not within 12 h of race day " +
                                       core::format_date(config.date) +
                                       "; check the timing system's clock and date");
}

std::optional<DecodeError> check_passing(const race::RaceConfig& config, const race::Passing& p) {
  const std::string what = "passing" + seq_text(p.origin);
  if (p.bib.empty() && p.chip.empty())
    return error("bad_value", what + ": neither `bib` nor `chip`; the read names no runner");
  if (!config.find_mat(p.mat)) {
    std::string known;
    for (const auto& m : config.mats) known += (known.empty() ? "" : ", ") + m.id;
    return error("unknown_point", what + ": point `" + p.mat + "` is not a mat of " + config.name +
                                      " (mats: " + known +
                                      "); add it to race.toml or fix the timing box's name");
  }
  return check_time(config, p.time, what);
}

std::optional<DecodeError> check_gun(const race::RaceConfig& config, const race::GunEvent& g) {
  const std::string what = "gun" + seq_text(g.origin);
  if (!config.find_contest(g.contest))
    return error("unknown_contest", what + ": contest `" + g.contest + "` is not in race.toml");
  if (!g.wave.empty()) {
    const race::Wave* wave = config.find_wave(g.wave);
    if (!wave || wave->contest != g.contest)
      return error("unknown_wave", what + ": wave `" + g.wave + "` of contest `" + g.contest +
                                       "` is not in race.toml");
  }
  return check_time(config, g.time, what);
}

}  // namespace

std::optional<DecodeError> check_event(const race::RaceConfig& config, const race::Event& event) {
  if (const auto* p = std::get_if<race::Passing>(&event)) return check_passing(config, *p);
  if (const auto* g = std::get_if<race::GunEvent>(&event)) return check_gun(config, *g);
  if (const auto* s = std::get_if<race::StatusChange>(&event)) {
    if (s->bib.empty() || s->status == race::RunnerStatus::invalid)
      return error("bad_value", "status" + seq_text(s->origin) + ": no bib or no status");
    return std::nullopt;
  }
  if (const auto* c = std::get_if<race::Correction>(&event)) {
    const std::string what = "correction" + seq_text(c->origin);
    if (c->action == race::Correction::Action::invalid)
      return error("bad_value", what + ": no action");
    if (c->at_mat && !config.find_mat(c->at_mat->mat))
      return error("unknown_point", what + ": mat `" + c->at_mat->mat + "` is not in race.toml");
    if (c->action == race::Correction::Action::adjust_time)
      return check_time(config, c->new_time, what);
  }
  return std::nullopt;
}

EventCheck make_event_check(const race::RaceConfig& config) {
  auto shared = std::make_shared<const race::RaceConfig>(config);
  return [shared](const race::Event& event) { return check_event(*shared, event); };
}

}  // namespace feed
