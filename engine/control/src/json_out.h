// Internal to control: Control's values as JSON, one shape for state_json(), the change
// messages and the HTTP API (docs/control-api.md documents them). Pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "control/control.h"

namespace control::json {

using Json = nlohmann::json;

// Serialised; bytes that are not UTF-8 become U+FFFD instead of throwing.
std::string text(const Json& j);

// Unix ms as "2025-09-28T08:35:00.000+00:00".
std::string utc_text(std::int64_t unix_ms);

Json slot(const OverlaySlot& s);
Json correction(const CorrectionRecord& c);
Json log_entry(const LogEntry& e);
Json status(const RunStatus& s);
Json kinds(const std::vector<scene::OverlayKind>& kinds);
Json runner(const RunnerHit& h);
// {"loaded", "source", "size", "cursor", "on_air" (index or null), "slot" (id or null),
// "items": [{"index", "title", "show", "params", "seconds", "note", "line"}]}; the items only
// `with_items` (change messages leave them out). Not loaded: {"loaded": false}.
Json rundown(const RundownState& r, bool with_items);

}  // namespace control::json
