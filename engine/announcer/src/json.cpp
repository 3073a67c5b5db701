// The page's messages from the engine's structs (docs/announcer.md).
#include "announcer/json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace announcer {
namespace {

using Json = nlohmann::json;

double to_seconds(core::Ms d) {
  return double(d.count()) / 1000.0;
}

// Tenths of a second are what the page shows; more digits only make the messages longer.
double tenths(double s) {
  return double(std::llround(s * 10.0)) / 10.0;
}

std::string contest_name(const race::RaceConfig& config, const std::string& id) {
  const race::Contest* c = config.find_contest(id);
  return c ? c->name : id;
}

Json runner_json(const Arrival& a, const race::RaceConfig& config) {
  Json notes = Json::array();
  for (const Note& n : a.notes) notes.push_back(n.text);
  Json r = {{"bib", a.bib},
            {"name", a.name},
            {"pronunciation", a.pronunciation},
            {"country", a.country},
            {"city", a.city},
            {"contest", a.contest},
            {"contest_name", contest_name(config, a.contest)},
            {"category", a.category},
            {"team", a.team},
            {"leg", a.leg > 0 ? Json(a.leg) : Json(nullptr)},
            {"vip", a.vip},
            {"notes", std::move(notes)},
            {"provenance", std::string(to_string(a.provenance))},
            {"provenance_reason", a.provenance_reason},
            {"callable", a.callable},
            {"eta", iso_utc(a.eta)},
            {"in_s", tenths(a.seconds_to_go)},
            {"predicted", core::format_hms(a.rank_time)}};
  if (a.place_overall > 0) r["place"] = a.place_overall;
  if (a.place_gender > 0) r["gender_place"] = a.place_gender;
  return r;
}

}  // namespace

std::string iso_utc(core::UtcMs t) {
  std::string s = core::format_iso8601(t, core::UtcOffset{});
  // format_iso8601 writes the offset as "+00:00"; the page's schema uses "Z".
  if (s.size() > 6 && s.compare(s.size() - 6, 6, "+00:00") == 0) s.replace(s.size() - 6, 6, "Z");
  return s;
}

int page_priority(Priority p) {
  switch (p) {
    case Priority::high:
      return 1;
    case Priority::normal:
      return 2;
    case Priority::low:
    case Priority::invalid:
      break;
  }
  return 3;
}

std::string arrivals_json(const Arrivals& a, const race::RaceSnapshot& s, std::string_view mat,
                          core::Ms horizon) {
  Json groups = Json::array();
  for (const ArrivalGroup& g : a.groups) {
    Json runners = Json::array();
    for (const Arrival& r : g.arrivals) runners.push_back(runner_json(r, s.config()));
    groups.push_back({{"eta", iso_utc(g.eta)}, {"runners", std::move(runners)}});
  }
  return Json{{"type", "arrivals"},
              {"now", iso_utc(a.now)},
              {"mat", mat.empty() ? std::string("finish") : std::string(mat)},
              {"horizon_s", to_seconds(horizon)},
              {"groups", std::move(groups)}}
      .dump();
}

std::string callout_json(const Callout& c) {
  Json text = Json::object();
  for (const auto& [lang, sentence] : c.text) {
    if (!sentence.empty()) text[lang] = sentence;
  }
  return Json{{"type", "callout"},
              {"id", c.id},
              {"kind", std::string(to_string(c.kind))},
              {"priority", page_priority(c.priority)},
              {"at", iso_utc(c.at)},
              {"text", std::move(text)},
              {"bibs", c.bibs}}
      .dump();
}

std::string_view to_string(FeedHealth h) {
  switch (h) {
    case FeedHealth::live:
      return "live";
    case FeedHealth::stale:
      return "stale";
    case FeedHealth::lost:
      return "lost";
    case FeedHealth::invalid:
      break;
  }
  return "invalid";
}

std::string status_json(FeedHealth feed, double lag_s, std::optional<core::Ms> race_time) {
  Json j = {{"type", "status"}, {"feed", std::string(to_string(feed))}, {"lag_s", tenths(lag_s)}};
  if (race_time) {
    const std::int64_t total = std::max<std::int64_t>(0, race_time->count() / 1000);
    char hms[32];
    std::snprintf(hms, sizeof hms, "%02lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
    j["race_time"] = hms;
  }
  return j.dump();
}

std::optional<core::Ms> race_elapsed(const race::RaceSnapshot& s, core::UtcMs now) {
  std::optional<core::UtcMs> first;
  const int contests = static_cast<int>(s.config().contests.size());
  for (int c = 0; c < contests; ++c) {
    const auto gun = s.contest_gun_time(c);
    if (gun && *gun <= now && (!first || *gun < *first)) first = gun;
  }
  if (!first) return std::nullopt;
  return now - *first;
}

}  // namespace announcer
