#include "announcer_service.h"

#include <chrono>

#include "announcer/default_templates.h"
#include "announcer/json.h"
#include "announcer/provenance.h"
#include "announcer/speaker.h"
#include "common.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "core/thread.h"
#include "program.h"

namespace app {
namespace {

announcer::Templates load_templates(const std::string& file) {
  if (file.empty()) return announcer::default_templates();
  std::string text;
  try {
    text = core::read_file(file);
  } catch (const std::exception& e) {
    throw core::Error("--callouts " + file + ": cannot read it (" + e.what() +
                      "); give a callouts.toml (assets/announcer/callouts.toml is the default)");
  }
  return announcer::parse_templates(text, file);
}

std::string mat_names(const race::RaceConfig& c) {
  std::string out;
  for (const auto& m : c.mats) out += (out.empty() ? "" : ", ") + m.id;
  return out;
}

announcer::FeedHealth feed_health(const std::optional<feed::ClientStatus>& f) {
  if (!f) return announcer::FeedHealth::live;  // a replay: the data is all there
  switch (f->state) {
    case feed::ClientState::connected:
      return announcer::FeedHealth::live;
    case feed::ClientState::stale:
      return announcer::FeedHealth::stale;
    default:
      return announcer::FeedHealth::lost;
  }
}

}  // namespace

void add_announcer_options(CLI::App& cmd, AnnouncerServiceOptions& o) {
  cmd.add_option("--announcer", o.listen,
                 "Serve the announcers' page (docs/announcer.md) on HOST:PORT: next arrivals\n"
                 "at the finish and proposed callouts, live. 127.0.0.1:8090 for this machine,\n"
                 "0.0.0.0:8090 for tablets on the finish-area network (read-only, no token)");
  cmd.add_option("--announcer-mat", o.mat,
                 "The mat the announcers' arrivals are predicted for (a mat id of the race)")
      ->capture_default_str();
  cmd.add_option("--announcer-horizon", o.horizon_s,
                 "How far ahead the announcers' arrivals look, in seconds")
      ->check(CLI::Range(5.0, 3600.0))
      ->capture_default_str();
  cmd.add_option("--callouts", o.callouts,
                 "Callout templates (TOML; assets/announcer/callouts.toml is the built-in one)")
      ->check(CLI::ExistingFile);
}

struct AnnouncerService::Impl {
  AnnouncerServiceOptions options;
  announcer::Templates templates;
  std::string host;
  std::unique_ptr<announcer::AnnouncerServer> server;

  // --- the following fields belong to the service's thread once it started
  AnnouncerSources sources;
  control::Control* control = nullptr;
  race::SnapshotPtr first;  // keeps the config the board and engine were made for
  std::unique_ptr<announcer::ArrivalBoard> board;
  std::optional<announcer::CalloutEngine> engine;
  bool to_finish = true;  // the board looks at the finish: its list is the engine's too
  std::string mat_label;
  std::string last_problem;
  core::UtcMs last_now{};  // the race instant of the latest update

  std::thread thread;
  std::mutex wake_mutex;  // guards stopping
  std::condition_variable wake;
  bool stopping = false;

  mutable std::mutex view_mutex;
  // --- the following field is protected by view_mutex
  AnnouncerView view;

  void prepare(const race::SnapshotPtr& race);
  void tick();
  void loop();
  void said(const announcer::Callout& c);
};

// The board and the callout engine for the race's config; the mat is checked here, where the
// race is known.
void AnnouncerService::Impl::prepare(const race::SnapshotPtr& race) {
  const race::RaceConfig& config = race->config();
  announcer::ArrivalQuery q;
  q.horizon = core::Ms(std::int64_t(options.horizon_s * 1000));
  to_finish = options.mat.empty() || options.mat == "finish";
  for (const auto& c : config.contests) {
    if (!c.points.empty() && c.points.back().mat == options.mat) to_finish = true;
  }
  if (!options.mat.empty() && !config.find_mat(options.mat)) {
    if (!to_finish) {
      throw core::Error("--announcer-mat " + options.mat + ": " + config.name +
                        " has no such mat; its mats: " + mat_names(config));
    }
  } else if (!to_finish || options.mat != "finish") {
    q.mat = options.mat;  // a finish mat by its own id is looked at as given
  }
  mat_label = to_finish ? "finish" : options.mat;
  first = race;
  board = std::make_unique<announcer::ArrivalBoard>(q);
  announcer::CalloutOptions co;
  co.callable = [](const race::RaceSnapshot& s, race::RunnerId id) {
    return announcer::callable(announcer::provenance(s, id).kind);
  };
  engine.emplace(templates, config, std::move(co));
}

void AnnouncerService::Impl::said(const announcer::Callout& c) {
  server->publish_callout(announcer::callout_json(c));
  const auto en = c.text.find("en");
  const std::string text = en != c.text.end() ? en->second : c.reason;
  const std::string line = "[" + std::string(announcer::to_string(c.kind)) + "] " + text;
  // Control's log writes the run's log too ("control: announcer: [kind] …"): one line each.
  if (control) {
    control->log("announcer", line);
  } else {
    core::log::info("announcer: " + line);
  }
  if (sources.on_callout) sources.on_callout(c);
}

void AnnouncerService::Impl::tick() {
  const auto [race, now] = sources.race();
  if (!race) return;
  last_now = now;
  announcer::Arrivals arrivals = board->update(*race, now);
  std::vector<announcer::Approaching> approaching;
  if (to_finish) {
    for (const auto& g : arrivals.groups)
      for (const auto& a : g.arrivals) approaching.push_back({a.runner, a.eta});
  }
  std::vector<announcer::Callout> callouts = engine->step(*race, now, approaching);

  server->publish_arrivals(
      announcer::arrivals_json(arrivals, *race, mat_label, board->query().horizon));
  for (const auto& c : callouts) said(c);
  const auto feed = sources.feed ? sources.feed() : std::nullopt;
  double lag_s = 0;
  if (race->last_read_time() > core::UtcMs{} && now > race->last_read_time()) {
    lag_s = double((now - race->last_read_time()).count()) / 1000.0;
  }
  server->publish_status(
      announcer::status_json(feed_health(feed), lag_s, announcer::race_elapsed(*race, now)));

  std::lock_guard<std::mutex> lock(view_mutex);
  view.arrivals = std::move(arrivals);
  for (auto& c : callouts) view.callouts.push_back(std::move(c));
  if (view.callouts.size() > kRecentCallouts) {
    view.callouts.erase(view.callouts.begin(),
                        view.callouts.end() - std::ptrdiff_t(kRecentCallouts));
  }
  view.counters = engine->counters();
  ++view.updates;
}

void AnnouncerService::Impl::loop() {
  core::name_this_thread("announcer");
  const auto period = std::chrono::milliseconds(options.period_ms);
  for (;;) {
    const auto next = std::chrono::steady_clock::now() + period;
    try {
      tick();
      last_problem.clear();
    } catch (const std::exception& e) {
      // Said once until it changes: the page keeps the last good list meanwhile.
      if (e.what() != last_problem) {
        last_problem = e.what();
        core::log::error("announcer: update failed: " + last_problem +
                         "; the page keeps the last list, retrying every update");
      }
    }
    std::unique_lock<std::mutex> lock(wake_mutex);
    if (wake.wait_until(lock, next, [this] { return stopping; })) return;
  }
}

AnnouncerService::AnnouncerService(AnnouncerServiceOptions options)
    : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.options = std::move(options);
  const auto [host, port] = parse_listen(d.options.listen, "--announcer");
  d.host = host.empty() ? "127.0.0.1" : host;
  d.templates = load_templates(d.options.callouts);
  announcer::AnnouncerServerOptions so;
  so.host = d.host;
  so.port = port;
  d.server = std::make_unique<announcer::AnnouncerServer>(so);
}

AnnouncerService::~AnnouncerService() {
  stop();
}

void AnnouncerService::start(AnnouncerSources sources, control::Control* control) {
  Impl& d = *impl_;
  d.sources = std::move(sources);
  d.control = control;
  const auto [race, now] = d.sources.race();
  if (!race) throw core::Error("announcer: the race is not loaded yet; start it after the program");
  d.prepare(race);
  d.server->start();
  const std::string shown = d.host == "0.0.0.0" ? "127.0.0.1" : d.host;
  const std::string where = d.host == "0.0.0.0" ? "every interface" : d.host;
  {
    std::lock_guard<std::mutex> lock(d.view_mutex);
    d.view.url = "http://" + shown + ":" + std::to_string(d.server->port()) + "/announcer";
  }
  core::log::info("announcer: arrivals at " + d.mat_label + " for the next " +
                  core::format_short(d.board->query().horizon) + " on " + where +
                  ", callouts from " + d.templates.source);
  d.thread = std::thread([&d] { d.loop(); });
}

void AnnouncerService::stop() {
  Impl& d = *impl_;
  {
    std::lock_guard<std::mutex> lock(d.wake_mutex);
    d.stopping = true;
  }
  d.wake.notify_all();
  if (!d.thread.joinable()) return;
  d.thread.join();
  d.server->stop();
  const AnnouncerView v = latest();
  const std::string at =
      d.first ? core::format_hms(core::local_time_of_day(d.last_now, d.first->config().utc_offset))
              : "-";
  core::log::info("announcer: stopped at race time " + at + " after " + std::to_string(v.updates) +
                  " updates; " + std::to_string(v.counters.said) + " callouts said, " +
                  std::to_string(v.counters.rate_limited) + " rate-limited, " +
                  std::to_string(v.counters.too_old) + " too old");
}

AnnouncerView AnnouncerService::latest() const {
  std::lock_guard<std::mutex> lock(impl_->view_mutex);
  return impl_->view;
}

std::uint64_t AnnouncerService::updates() const {
  std::lock_guard<std::mutex> lock(impl_->view_mutex);
  return impl_->view.updates;
}

int AnnouncerService::port() const {
  return impl_->server->port();
}

std::unique_ptr<AnnouncerService> make_announcer_service(const AnnouncerServiceOptions& o) {
  if (o.listen.empty()) return nullptr;
  return std::make_unique<AnnouncerService>(o);
}

AnnouncerRun::AnnouncerRun(AnnouncerService* service, const ProgramOverlays& program,
                           control::Control* control, announcer::Speaker* speaker)
    : service_(service) {
  if (!service_) {
    if (speaker)
      throw core::Error("--speak says the announcer's callouts: add --announcer HOST:PORT");
    return;
  }
  AnnouncerSources s;
  s.race = [&program] {
    const auto shown = program.shown();
    return std::make_pair(shown.race, shown.now);
  };
  s.feed = [&program] { return program.feed_status(); };
  if (speaker) {
    s.on_callout = [speaker](const announcer::Callout& c) {
      auto it = c.text.find(speaker->options().lang);
      if (it == c.text.end()) it = c.text.find("en");
      if (it != c.text.end()) speaker->say(it->second, c.at);
    };
  }
  service_->start(std::move(s), control);
}

AnnouncerRun::~AnnouncerRun() {
  if (service_) service_->stop();
}

}  // namespace app
