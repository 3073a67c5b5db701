#include "program.h"

#include <SDL.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "app/graphics.h"
#include "common.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "live_feed.h"
#include "live_race.h"
#include "overlays/registry.h"
#include "program_control.h"
#include "simulator.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

// How long a run waits at start for the feed to deliver what it already has, so the first
// frame does not show an empty race.
constexpr auto kCatchUpWait = std::chrono::seconds(5);
constexpr std::size_t kMaxLatencySamples = 1'000'000;

// The marathon leader (or the first contest's) at `race`, for a split card or lower third
// asked for without a bib.
std::string leader_bib(const race::RaceSnapshot& race) {
  const int marathon = race.contest_index("marathon");
  race::StandingsQuery q;
  q.contest = marathon >= 0 ? marathon : 0;
  q.limit = 1;
  const auto top = race.standings(q);
  return top.empty() ? std::string() : race.participant(top[0].runner).bib;
}

GraphicsOptions graphics_options(const ProgramOptions& o, int width, int height) {
  GraphicsOptions g;
  g.width = width;
  g.height = height;
  if (!o.looks.empty()) g.looks_dir = o.looks;
  return g;
}

void add_sample(std::vector<double>& samples, Clock::duration d) {
  if (samples.size() < kMaxLatencySamples)
    samples.push_back(std::chrono::duration<double, std::milli>(d).count());
}

ProgramOverlays::Spread spread(std::vector<double> v) {
  ProgramOverlays::Spread s;
  s.samples = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.median_ms = v[v.size() / 2];
  s.p95_ms = v[std::min(v.size() - 1, v.size() * 95 / 100)];
  s.max_ms = v.back();
  return s;
}

std::string number(const char* format, double value) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

bool is_sim(const ProgramOptions& o) {
  return o.feed == "sim";
}

// The first frame's race time: --at, or 08:35:00 on race day (replay and simulator), or the
// wall clock (a live feed, or --at now).
core::UtcMs start_time(const bundle::Bundle& b, const ProgramOptions& o) {
  const bool live = !o.feed.empty() && !is_sim(o);
  if (o.at == "now" || (o.at.empty() && live)) return core::utc_now();
  return parse_race_time(*b.config, o.at.empty() ? "08:35:00" : o.at, "--at");
}

std::filesystem::path temporary_journal() {
  return std::filesystem::temp_directory_path() /
         ("pacecast-sim-" + std::to_string(::getpid()) + ".journal");
}

// Waits until the feed delivered what it had when we subscribed (or kCatchUpWait passed).
void wait_for_catch_up(const LiveFeed& feed, const std::string& url) {
  const auto start = Clock::now();
  while (Clock::now() - start < kCatchUpWait) {
    const feed::ClientStatus s = feed.status();
    if (s.hellos > 0 && s.last_seq >= s.server_last_seq && feed.applied() >= s.events_accepted) {
      core::log::info("feed " + url + ": caught up to seq " + std::to_string(s.last_seq) + " in " +
                      number("%.2f", std::chrono::duration<double>(Clock::now() - start).count()) +
                      " s");
      return;
    }
    // Not reached at all (refused, no such host): no point in waiting for it.
    if (s.hellos == 0 && s.state == feed::ClientState::backoff) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const feed::ClientStatus s = feed.status();
  core::log::warn("feed " + url + ": not caught up (" + std::string(feed::to_string(s.state)) +
                  ", seq " + std::to_string(s.last_seq) + " of " +
                  std::to_string(s.server_last_seq) +
                  (s.last_error.empty() ? "" : ", " + s.last_error) +
                  "); going on air with what the journal has, the rest follows as it comes");
}

// Puts `requests` on air at `start`, cut in: the program opens with them whole (six
// animations in at once would cost the first half second of frames a whole-frame redraw
// each; docs/benchmarks.md). A split card or lower third without a bib follows the leader
// at `first`. `option` names where they came from in errors.
void take_on_air(Graphics& g, const std::vector<OverlayRequest>& requests, core::UtcMs start,
                 const race::RaceSnapshot& first, const std::string& option) {
  for (auto r : requests) {
    if ((r.kind == "split_card" || r.kind == "lower_third") && !r.params.has("bib")) {
      const std::string bib = leader_bib(first);
      if (bib.empty()) {
        throw core::Error(option + " " + r.kind +
                          ": nobody has passed a mat by the first frame, so there is no leader "
                          "to follow; give a runner with --set " +
                          r.kind + ".bib=BIB");
      }
      r.params.set("bib", bib);
    }
    try {
      g.scene().take(r.kind, r.params, start, first, scene::Scene::Entry::cut);
    } catch (const scene::ParamError& e) {
      throw core::Error(option + " " + r.kind + ": " + e.what());
    }
  }
}

// With the operator's controls, the --overlay list becomes their first overlays, on air.
void add_to_control(control::Control& c, const std::vector<OverlayRequest>& requests,
                    const race::SnapshotPtr& first) {
  c.set_race(first);
  for (auto r : requests) {
    if ((r.kind == "split_card" || r.kind == "lower_third") && !r.params.has("bib")) {
      const std::string bib = leader_bib(*first);
      if (bib.empty()) continue;  // nobody to follow yet: the operator picks a runner
      r.params.set("bib", bib);
    }
    try {
      c.take(c.add(r.kind, r.params.values(), "", "startup"), "startup");
    } catch (const control::ControlError& e) {
      throw core::Error("--overlay " + r.kind + ": " + e.what());
    }
  }
}

// The automation rules of --director, checked against the race; none without the option.
std::optional<director::Director> load_director(const ProgramOptions& o,
                                                const race::RaceSnapshot& race) {
  if (o.director.empty()) return std::nullopt;
  const std::string text = core::read_file(o.director);
  director::Director d(director::parse_rules(text, o.director, overlays::kinds()), race.config());
  core::log::info("director: " + std::to_string(d.rules().rules.size()) + " rules from " +
                  o.director);
  return d;
}

// The --set values a layout's overlays take; the others are the program's alone.
std::vector<std::string> sets_for(const std::vector<std::string>& kinds,
                                  const std::vector<std::string>& sets) {
  std::vector<std::string> out;
  for (const auto& s : sets) {
    try {
      assign_params(kinds, {s});
      out.push_back(s);
    } catch (const core::Error&) {
    }
  }
  return out;
}

}  // namespace

struct ProgramOverlays::Impl {
  // GlCurrent and Layout are nested, not in the anonymous namespace: GCC rejects a class
  // with linkage holding a file-local type when the file is part of a unity batch
  // (-Wsubobject-linkage).

  // The GL context a Graphics made current when it was created. Each Graphics owns one; the
  // render loop switches between them when a screen has a layout of its own.
  struct GlCurrent {
    SDL_Window* window = nullptr;
    SDL_GLContext context = nullptr;

    static GlCurrent capture() { return {SDL_GL_GetCurrentWindow(), SDL_GL_GetCurrentContext()}; }
    void bind() const {
      if (context && SDL_GL_MakeCurrent(window, context) != 0) {
        throw core::Error(std::string("graphics: switching GL contexts failed: ") + SDL_GetError());
      }
    }
  };

  struct Layout {
    LayoutOptions options;
    std::unique_ptr<Graphics> graphics;
    GlCurrent gl;
  };

  ProgramOptions options;
  bundle::Bundle bundle;
  core::UtcMs start;
  core::Ms delay;
  std::optional<LiveRace> replay;
  std::filesystem::path temp_journal;
  std::unique_ptr<FeedSimulator> sim;
  std::unique_ptr<LiveFeed> feed;
  std::string feed_url;
  Graphics graphics;
  GlCurrent gl = GlCurrent::capture();  // graphics' context, made current by its creation
  std::vector<video::Box> changed;
  std::vector<Layout> layouts;
  std::vector<Clock::time_point> arrivals;
  std::size_t runners = 0;
  Clock::time_point on_air;  // latency samples count from here

  std::unique_ptr<ProgramControl> program_control;  // with ProgramOptions::control
  std::atomic<std::int64_t> delay_ms{0};            // --data-delay, then set_data_delay()
  std::mutex inbox_mutex;                           // guards inbox
  std::vector<race::Event> inbox;  // corrections for the replay, applied at the next frame

  mutable std::mutex latency_mutex;  // guards waiting and the samples
  std::deque<std::pair<std::int64_t, std::vector<Clock::time_point>>> waiting;
  std::vector<double> rendered_ms, encoded_ms, waited_ms;
  std::size_t missed_frame = 0;    // events a frame read the race without, though there
  Clock::time_point last_read_at;  // when the latest frame read the race

  mutable std::mutex shown_mutex;  // guards shown
  Shown shown;                     // the latest frame's race and instant

  void show(const race::SnapshotPtr& race, core::UtcMs now) {
    std::lock_guard<std::mutex> lock(shown_mutex);
    if (shown.race != race) shown.race = race;
    shown.now = now;
  }

  explicit Impl(const ProgramOptions& o)
      : options(o),
        bundle(load_race(o.race)),
        start(start_time(bundle, o)),
        delay(core::Ms(std::int64_t(o.data_delay_s * 1000))),
        graphics(graphics_options(o, o.width, o.height)) {
    delay_ms = delay.count();
    if (o.feed.empty()) {
      replay.emplace(bundle, start - delay);
      // The replay and its model have their own copies now.
      std::vector<race::Event>().swap(bundle.events);
      std::vector<race::Participant>().swap(bundle.participants);
      release_freed_memory();
      return;
    }
    LiveFeedOptions f;
    f.url = o.feed;
    f.journal = o.journal;
    f.ca_file = o.ca_file;
    f.insecure = o.insecure;
    f.delay_s = o.data_delay_s;
    if (is_sim(o)) {
      SimOptions so;
      so.from = start;
      so.speed = o.speed;
      sim = std::make_unique<FeedSimulator>(bundle, so);
      f.url = sim->url();
      if (f.journal.empty()) f.journal = temp_journal = temporary_journal();
      core::log::info("simulator: serving " + std::to_string(sim->total()) + " events of " +
                      bundle.config->name + " on " + f.url + " at ×" + number("%g", o.speed));
    }
    feed_url = f.url;
    feed = std::make_unique<LiveFeed>(bundle, f);
    // The simulator and the model have their own copies now.
    std::vector<race::Event>().swap(bundle.events);
    std::vector<race::Participant>().swap(bundle.participants);
    release_freed_memory();
    wait_for_catch_up(*feed, feed_url);
  }

  ~Impl() {
    // Each Graphics frees its GL objects with its own context current.
    for (auto& l : layouts) {
      SDL_GL_MakeCurrent(l.gl.window, l.gl.context);
      l.graphics.reset();
    }
    if (!layouts.empty()) SDL_GL_MakeCurrent(gl.window, gl.context);
    feed.reset();
    sim.reset();
    if (!temp_journal.empty()) remove_journal(temp_journal);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void poll_looks(Graphics& g) {
    for (const auto& kind :
         g.looks().poll(std::chrono::steady_clock::now(), std::chrono::milliseconds(1000))) {
      core::log::info("look reloaded: " + kind);
    }
  }

  // While the live feed is not connected (gone quiet, reconnecting) the overlays show their
  // stale badge: a big screen left alone says its figures are not live, until it is back.
  bool feed_stale() const { return feed && feed->status().state != feed::ClientState::connected; }

  void draw_layouts(const race::SnapshotPtr& race, core::UtcMs now, bool stale) {
    for (auto& l : layouts) {
      if (l.options.wants && !l.options.wants()) continue;
      l.gl.bind();
      if (!options.looks.empty()) poll_looks(*l.graphics);
      l.graphics->build(race, now, stale);
      l.graphics->render();
      const render::TargetMirror& m = l.graphics->read_changes();
      if (l.options.show) l.options.show(m);
    }
  }

  core::UtcMs clock(std::int64_t t_us) const {
    if (sim) return sim->clock();
    if (feed && (options.at.empty() || options.at == "now")) return core::utc_now();
    return start + core::Ms(std::int64_t(double(t_us) / 1000.0 * options.speed));
  }

  race::SnapshotPtr race_at(core::UtcMs now) {
    if (feed) return feed->latest(&arrivals);
    std::vector<race::Event> corrections;
    {
      std::lock_guard<std::mutex> lock(inbox_mutex);
      corrections.swap(inbox);
    }
    for (const auto& e : corrections) {
      const auto result = replay->apply(e);
      if (result != race::ApplyResult::applied) {
        core::log::warn("correction from " + race::origin_of(e).source +
                        " not applied: " + std::string(race::to_string(result)));
      }
    }
    return replay->advance(now - core::Ms(delay_ms.load()));
  }
};

ProgramOverlays::ProgramOverlays(const ProgramOptions& o) {
  if (!(o.speed > 0)) throw core::Error("--speed must be above 0");
  if (o.data_delay_s < 0) throw core::Error("--data-delay must be 0 or more seconds");
  if (!o.feed.empty() && !is_sim(o) && o.feed.rfind("ws://", 0) != 0 &&
      o.feed.rfind("wss://", 0) != 0) {
    throw core::Error("--feed " + o.feed +
                      ": not a feed; give ws://HOST:PORT[/PATH], wss://… or `sim` (the "
                      "embedded simulator)");
  }
  const auto requests = assign_params(o.overlays, o.sets);
  impl_ = std::make_unique<Impl>(o);
  Impl& d = *impl_;
  report_problems(d.feed && !d.sim ? problems_without_passings(d.bundle) : d.bundle.problems);
  const race::SnapshotPtr first = d.race_at(d.clock(0));
  d.show(first, d.clock(0));
  d.arrivals.clear();       // what is there at the start is not a latency sample…
  d.on_air = Clock::now();  // …nor what arrived before (the catch-up published late)
  d.runners = first->runner_count();
  if (o.control) {
    d.program_control = std::make_unique<ProgramControl>(*o.control, load_director(o, *first));
    add_to_control(*o.control, requests, first);
  } else {
    take_on_air(d.graphics, requests, d.clock(0), *first, "--overlay");
  }
  for (const auto& lo : o.layouts) {
    Impl::Layout l;
    l.options = lo;
    l.graphics = std::make_unique<Graphics>(graphics_options(o, lo.width, lo.height));
    l.gl = Impl::GlCurrent::capture();
    take_on_air(*l.graphics, assign_params(lo.overlays, sets_for(lo.overlays, o.sets)), d.clock(0),
                *first, "--layout (" + lo.name + ")");
    d.layouts.push_back(std::move(l));
  }
}

ProgramOverlays::~ProgramOverlays() = default;

video::OverlayFrame ProgramOverlays::frame(std::int64_t index, std::int64_t t_us) {
  Impl& d = *impl_;
  const core::UtcMs now = d.clock(t_us);
  const race::SnapshotPtr race = d.race_at(now);
  const auto read_at = Clock::now();
  d.show(race, now);
  if (!d.layouts.empty()) d.gl.bind();
  // Edited look files show up within a second (a few stat calls, once a second).
  if (!d.options.looks.empty()) d.poll_looks(d.graphics);
  if (d.program_control) d.program_control->frame(d.graphics.scene(), race, now);
  const bool stale = d.feed_stale();
  d.graphics.build(race, now, stale);
  d.graphics.render();
  const render::TargetMirror& m = d.graphics.read_changes();
  d.changed.clear();
  for (const auto& c : m.changed) d.changed.push_back({c.x, c.y, c.w, c.h});
  std::erase_if(d.arrivals, [&](Clock::time_point t) { return t < d.on_air; });
  if (!d.arrivals.empty()) {
    const auto drawn = Clock::now();
    std::lock_guard<std::mutex> lock(d.latency_mutex);
    for (const auto& arrived : d.arrivals) {
      add_sample(d.rendered_ms, drawn - arrived);
      add_sample(d.waited_ms, std::max(Clock::duration::zero(), read_at - arrived));
      // Arrived before the previous frame read the race: that frame could have shown it.
      if (arrived < d.last_read_at) ++d.missed_frame;
    }
    d.waiting.emplace_back(index, std::move(d.arrivals));
    d.arrivals.clear();
  }
  d.last_read_at = read_at;
  d.draw_layouts(race, now, stale);
  return video::OverlayFrame{m.rgba.data(), m.width, m.height, d.changed};
}

void ProgramOverlays::set_data_delay(double seconds) {
  Impl& d = *impl_;
  d.delay_ms = std::int64_t(seconds * 1000);
  if (d.feed) d.feed->set_delay(seconds);
}

void ProgramOverlays::submit(race::Event event) {
  Impl& d = *impl_;
  if (d.feed) {
    d.feed->submit(std::move(event));
    return;
  }
  std::lock_guard<std::mutex> lock(d.inbox_mutex);
  d.inbox.push_back(std::move(event));
}

video::OverlaySource ProgramOverlays::source() {
  return [this](std::int64_t index, std::int64_t t_us) { return frame(index, t_us); };
}

void ProgramOverlays::encoded(std::int64_t index) {
  Impl& d = *impl_;
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(d.latency_mutex);
  while (!d.waiting.empty() && d.waiting.front().first <= index) {
    for (const auto& arrived : d.waiting.front().second) add_sample(d.encoded_ms, now - arrived);
    d.waiting.pop_front();
  }
}

ProgramOverlays::Latency ProgramOverlays::latency() const {
  std::lock_guard<std::mutex> lock(impl_->latency_mutex);
  return {spread(impl_->rendered_ms), spread(impl_->encoded_ms), spread(impl_->waited_ms),
          impl_->missed_frame};
}

std::optional<feed::ClientStatus> ProgramOverlays::feed_status() const {
  if (!impl_->feed) return std::nullopt;
  return impl_->feed->status();
}

std::string ProgramOverlays::gl_description() const {
  return impl_->graphics.gl_description();
}

ProgramOverlays::Shown ProgramOverlays::shown() const {
  std::lock_guard<std::mutex> lock(impl_->shown_mutex);
  return impl_->shown;
}

std::size_t ProgramOverlays::runners() const {
  return impl_->runners;
}

std::string ProgramOverlays::source_name() const {
  const Impl& d = *impl_;
  if (d.sim) return "the embedded simulator (" + d.feed_url + ")";
  if (d.feed) return "feed " + d.feed_url;
  return "replay of " + d.bundle.dir.string();
}

}  // namespace app
