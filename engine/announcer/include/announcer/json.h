// The announcers' page messages (docs/announcer.md) built from the engine's structs: the
// arrivals list, one callout, the feed's status. Pure functions of their arguments; any
// thread. Each returns one JSON object as text, ready for AnnouncerServer::publish_*().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "announcer/arrivals.h"
#include "announcer/callouts.h"
#include "core/time.h"
#include "race/snapshot.h"

namespace announcer {

// "2025-09-28T05:12:03.250Z": ISO 8601 in UTC with milliseconds, as the page reads times.
std::string iso_utc(core::UtcMs t);

// The page's priority number: high → 1 (say it now), normal → 2, low → 3.
int page_priority(Priority p);

// {"type":"arrivals","now":…,"mat":…,"horizon_s":…,"groups":[{"eta":…,"runners":[…]}]}.
// `mat` is the mat the board looks at ("finish" when empty); `s` is the snapshot the list
// was made from (for the contests' names).
std::string arrivals_json(const Arrivals& a, const race::RaceSnapshot& s, std::string_view mat,
                          core::Ms horizon);

// {"type":"callout","id":…,"kind":…,"priority":1..3,"at":…,"text":{lang:…},"bibs":[…]}.
std::string callout_json(const Callout& c);

// How the page names the timing feed's health.
enum class FeedHealth : std::uint8_t { invalid, live, stale, lost };
std::string_view to_string(FeedHealth h);  // "live", "stale", "lost"

// {"type":"status","feed":…,"lag_s":…,"race_time":"HH:MM:SS"}; race_time is omitted when
// no gun has gone yet (nullopt).
std::string status_json(FeedHealth feed, double lag_s, std::optional<core::Ms> race_time);

// The time since the first contest's gun at `now` (the race clock announcers read), or
// nullopt before any gun is known.
std::optional<core::Ms> race_elapsed(const race::RaceSnapshot& s, core::UtcMs now);

}  // namespace announcer
