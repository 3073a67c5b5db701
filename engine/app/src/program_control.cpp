#include "program_control.h"

#include <chrono>

#include "core/log.h"

namespace app {
namespace {

constexpr std::string_view kDirector = "director";

}  // namespace

ProgramControl::ProgramControl(control::Control& control,
                               std::optional<director::Director> director)
    : control_(control), director_(std::move(director)) {}

void ProgramControl::frame(scene::Scene& scene, const race::SnapshotPtr& race, core::UtcMs now) {
  control_.set_race(race);
  if (director_) automate(*race, now);
  program_.apply(control_, scene, now, *race);
}

void ProgramControl::automate(const race::RaceSnapshot& race, core::UtcMs now) {
  // The director keeps following the race while automation is off, so switching it on
  // again does not fire what happened meanwhile.
  if (race.version() == stepped_version_ && now - stepped_at_ < core::Ms(1000)) return;
  stepped_version_ = race.version();
  stepped_at_ = now;
  for (const auto& action : director_->step(race, now)) {
    if (!control_.automation()) {
      control_.log(kDirector,
                   "[" + action.rule + "] automation paused, not taken: " + action.reason);
      continue;
    }
    take(action);
  }
}

void ProgramControl::take(const director::Action& a) {
  const std::optional<double> seconds =
      a.on_air.count() > 0 ? std::optional<double>(double(a.on_air.count()) / 1000.0)
                           : std::nullopt;
  try {
    int& slot = rule_slots_[a.rule];
    bool reuse = false;
    if (slot > 0) {
      try {
        control_.overlay(slot);
        reuse = true;
      } catch (const control::ControlError&) {  // removed by hand: a new one
      }
    }
    if (reuse) {
      control_.set_params(slot, a.params, kDirector);
    } else {
      slot = control_.add(a.kind, a.params, a.rule, kDirector);
    }
    control_.take(slot, kDirector, seconds);
    control_.log(kDirector, "[" + a.rule + "] " + a.reason);
  } catch (const control::ControlError& e) {
    control_.log(kDirector, "[" + a.rule + "] not taken: " + e.what());
    core::log::warn("director: [" + a.rule + "] not taken: " + e.what());
  }
}

std::string hide_stream_key(const std::string& target) {
  if (target.rfind("rtmp://", 0) != 0 && target.rfind("rtmps://", 0) != 0) return target;
  const auto scheme = target.find("://") + 3;
  const auto slash = target.rfind('/');
  if (slash == std::string::npos || slash < scheme || slash + 1 == target.size()) return target;
  // The application's path stays; the key (the last part) does not.
  if (target.find('/', scheme) == slash) return target;
  return target.substr(0, slash + 1) + "…";
}

control::RunStatus run_status(const video::PipelineStats& p,
                              const std::optional<feed::ClientStatus>& feed, double feed_rate,
                              const race::SnapshotPtr& race) {
  control::RunStatus s;
  s.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  s.fps = p.fps;
  s.ticks = p.ticks;
  s.dropped = p.dropped;
  s.late = p.late;
  s.repeated = std::int64_t(p.input.repeated);
  s.stage_ms = {{"input", p.times.input_ms},
                {"overlay", p.times.overlay_ms},
                {"blend", p.times.blend_ms},
                {"encode", p.times.encode_ms}};
  for (const auto& k : p.sinks) {
    control::SinkStatus o;
    o.target = hide_stream_key(k.target);
    o.state = k.state;
    o.packets = std::int64_t(k.packets);
    o.bytes = std::int64_t(k.bytes);
    o.bitrate_kbps = k.bitrate_kbps;
    o.dropped = std::int64_t(k.dropped);
    o.reconnects = std::int64_t(k.reconnects);
    o.retries = std::int64_t(k.retries);
    o.last_error = k.last_error;
    s.sinks.push_back(std::move(o));
  }
  if (feed) {
    control::FeedStatus f;
    f.url = feed->url;
    f.state = std::string(feed::to_string(feed->state));
    f.connected = feed->state == feed::ClientState::connected;
    f.stale = feed->state == feed::ClientState::stale;
    if (race && race->last_read_time() > core::UtcMs{}) {
      const auto now = core::utc_now();
      f.lag_s = double((now - race->last_read_time()).count()) / 1000.0;
    }
    f.last_seq = feed->last_seq;
    f.rate_eps = feed_rate;
    f.gaps = std::int64_t(feed->gaps);
    for (const auto& [reason, n] : feed->rejected) f.rejected[reason] = std::int64_t(n);
    f.reconnects = std::int64_t(feed->reconnects);
    s.feed = std::move(f);
  }
  return s;
}

}  // namespace app
