#include "json_out.h"

#include "core/time.h"

namespace control::json {

std::string text(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string utc_text(std::int64_t unix_ms) {
  return core::format_iso8601(core::UtcMs(core::Ms(unix_ms)), core::UtcOffset{0});
}

Json slot(const OverlaySlot& s) {
  Json j;
  j["id"] = s.id;
  j["kind"] = s.kind;
  j["label"] = s.label;
  j["params"] = Json::object();
  for (const auto& [k, v] : s.params) j["params"][k] = v;
  j["state"] = to_string(s.state);
  j["by"] = s.by;
  j["auto_clear_s"] = s.auto_clear_s ? Json(*s.auto_clear_s) : Json(nullptr);
  j["clear_at_ms"] = s.clear_at ? Json(s.clear_at->time_since_epoch().count()) : Json(nullptr);
  j["error"] = s.error;
  return j;
}

Json correction(const CorrectionRecord& c) {
  Json j;
  j["id"] = c.id;
  j["kind"] = to_string(c.kind);
  j["bib"] = c.bib;
  j["text"] = c.text;
  j["by"] = c.by;
  j["at"] = utc_text(c.wall_ms);
  j["undone"] = c.undone;
  j["undone_by"] = c.undone_by;
  return j;
}

Json log_entry(const LogEntry& e) {
  return Json{{"seq", e.seq}, {"at", utc_text(e.wall_ms)}, {"by", e.by}, {"text", e.text}};
}

Json status(const RunStatus& s) {
  Json j;
  j["updated_at"] = s.wall_ms > 0 ? Json(utc_text(s.wall_ms)) : Json(nullptr);
  j["fps"] = s.fps;
  j["ticks"] = s.ticks;
  j["dropped"] = s.dropped;
  j["late"] = s.late;
  j["repeated"] = s.repeated;
  j["stage_ms"] = Json::object();
  for (const auto& [k, v] : s.stage_ms) j["stage_ms"][k] = v;
  j["sinks"] = Json::array();
  for (const auto& k : s.sinks) {
    j["sinks"].push_back({{"target", k.target},
                          {"state", k.state},
                          {"packets", k.packets},
                          {"bytes", k.bytes},
                          {"bitrate_kbps", k.bitrate_kbps},
                          {"dropped", k.dropped},
                          {"reconnects", k.reconnects},
                          {"retries", k.retries},
                          {"last_error", k.last_error}});
  }
  if (s.feed) {
    const FeedStatus& f = *s.feed;
    Json rejected = Json::object();
    for (const auto& [reason, n] : f.rejected) rejected[reason] = n;
    j["feed"] = {{"url", f.url},
                 {"state", f.state},
                 {"connected", f.connected},
                 {"stale", f.stale},
                 {"lag_s", f.lag_s},
                 {"last_seq", f.last_seq},
                 {"rate_eps", f.rate_eps},
                 {"gaps", f.gaps},
                 {"rejected", rejected},
                 {"reconnects", f.reconnects}};
  } else {
    j["feed"] = nullptr;
  }
  return j;
}

Json kinds(const std::vector<scene::OverlayKind>& kinds) {
  Json all = Json::array();
  for (const auto& k : kinds) {
    Json params = Json::array();
    for (const auto& p : k.params) {
      params.push_back({{"name", p.name},
                        {"description", p.description},
                        {"default", p.default_value},
                        {"choices", p.choices}});
    }
    all.push_back({{"name", k.name}, {"description", k.description}, {"params", params}});
  }
  return all;
}

Json runner(const RunnerHit& h) {
  Json j;
  j["id"] = h.id;
  j["bib"] = h.bib;
  j["name"] = h.name;
  j["contest"] = h.contest;
  j["status"] = h.status;
  j["furthest_mat"] = h.furthest_mat;
  j["last_split"] = h.last_split ? Json(core::format_hms(*h.last_split)) : Json(nullptr);
  j["last_split_ms"] = h.last_split ? Json(h.last_split->count()) : Json(nullptr);
  j["live_place"] = h.live_place;
  return j;
}

Json rundown(const RundownState& r, bool with_items) {
  Json j;
  j["loaded"] = r.loaded;
  if (!r.loaded) return j;
  j["source"] = r.source;
  j["size"] = r.items.size();
  j["cursor"] = r.cursor;
  j["on_air"] = r.on_air ? Json(*r.on_air) : Json(nullptr);
  j["slot"] = r.slot ? Json(r.slot) : Json(nullptr);
  if (!with_items) return j;
  j["items"] = Json::array();
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const director::RundownItem& item = r.items[i];
    Json params = Json::object();
    for (const auto& [k, v] : item.params) params[k] = v;
    j["items"].push_back({{"index", i},
                          {"title", item.title},
                          {"show", item.show},
                          {"params", params},
                          {"seconds", static_cast<double>(item.on_air.count()) / 1000.0},
                          {"note", item.note},
                          {"line", item.line}});
  }
  return j;
}

}  // namespace control::json
