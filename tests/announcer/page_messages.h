// Scripted announcer messages for the server and page tests (docs/announcer.md): a small
// arrivals list that changes over time, callouts and a status, on the real clock.
#pragma once

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace announcer_test {

// "2025-09-28T05:12:03.250Z" for now + `offset_s`.
inline std::string iso_in(double offset_s) {
  using namespace std::chrono;
  const auto t =
      system_clock::now() + duration_cast<system_clock::duration>(duration<double>(offset_s));
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

struct ScriptedRunner {
  ScriptedRunner(std::string bib_, std::string name_, double in_s_, bool vip_ = false,
                 std::string provenance_ = "official", std::string reason_ = "",
                 std::vector<std::string> notes_ = {})
      : bib(std::move(bib_)),
        name(std::move(name_)),
        in_s(in_s_),
        vip(vip_),
        provenance(std::move(provenance_)),
        reason(std::move(reason_)),
        notes(std::move(notes_)) {}
  std::string bib, name;
  double in_s = 0;
  bool vip = false;
  std::string provenance = "official";
  std::string reason;
  std::vector<std::string> notes;
};

inline nlohmann::json runner_json(const ScriptedRunner& r) {
  return {{"bib", r.bib},
          {"name", r.name},
          {"pronunciation", r.name == "Zhanar Seitkyzy" ? "zha-NAR say-it-ki-ZI" : ""},
          {"country", "KAZ"},
          {"city", "Almaty"},
          {"contest", "marathon"},
          {"category", "F35"},
          {"team", "Almaty Runners"},
          {"leg", nullptr},
          {"vip", r.vip},
          {"notes", r.notes},
          {"provenance", r.provenance},
          {"provenance_reason", r.reason},
          {"eta", iso_in(r.in_s)},
          {"in_s", r.in_s},
          {"predicted", "2:58:31"},
          {"place", 12},
          {"gender_place", 3}};
}

// Runners arriving within a second of each other share a group, as the engine sends them.
inline std::string arrivals_json(const std::vector<ScriptedRunner>& runners) {
  nlohmann::json groups = nlohmann::json::array();
  double group_at = -1e9;
  for (const ScriptedRunner& r : runners) {
    if (groups.empty() || r.in_s - group_at > 1.0) {
      group_at = r.in_s;
      groups.push_back({{"eta", iso_in(r.in_s)}, {"runners", nlohmann::json::array()}});
    }
    groups.back()["runners"].push_back(runner_json(r));
  }
  return nlohmann::json{{"type", "arrivals"},
                        {"now", iso_in(0)},
                        {"mat", "finish"},
                        {"horizon_s", 120},
                        {"groups", groups}}
      .dump();
}

inline std::string callout_json(int id, int priority, const std::string& en,
                                const std::string& ru = "") {
  nlohmann::json text = {{"en", en}};
  if (!ru.empty()) text["ru"] = ru;
  return nlohmann::json{{"type", "callout"}, {"id", "c" + std::to_string(id)},
                        {"kind", "leader"},  {"priority", priority},
                        {"at", iso_in(0)},   {"text", text},
                        {"bibs", {"101"}}}
      .dump();
}

inline std::string status_json(const std::string& feed, double lag_s) {
  return nlohmann::json{
      {"type", "status"}, {"feed", feed}, {"lag_s", lag_s}, {"race_time", "02:58:12"}}
      .dump();
}

}  // namespace announcer_test
