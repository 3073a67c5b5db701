// AnnouncerService: the announcers' page in `pacecast run --announcer`. On a thread of its
// own (never the render loop) it takes the race as the program last showed it, updates the
// arrival board and the callout engine about twice a second, and publishes arrivals, new
// callouts and the feed's status to the tablets; each callout also goes to the log (and to
// Control's log when there is one). The console reads the latest list through latest().
// Thread-safety: construct, start() and stop() on the main thread; latest() from any.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "announcer/arrivals.h"
#include "announcer/callouts.h"
#include "announcer/server.h"
#include "control/control.h"
#include "feed/client.h"
#include "race/snapshot.h"

namespace app {

class ProgramOverlays;
}  // namespace app

namespace announcer {
class Speaker;
}  // namespace announcer

namespace app {

struct AnnouncerServiceOptions {
  std::string listen;          // --announcer HOST:PORT; empty: off
  std::string mat = "finish";  // --announcer-mat: a mat id of the race
  double horizon_s = 120;      // --announcer-horizon
  std::string callouts;        // --callouts FILE; empty: the built-in templates
  int period_ms = 500;         // between updates
};

// Adds --announcer, --announcer-mat, --announcer-horizon and --callouts to `cmd`.
void add_announcer_options(CLI::App& cmd, AnnouncerServiceOptions& o);

// The race as the program shows it, and the feed's status (none for a replay).
struct AnnouncerSources {
  std::function<std::pair<race::SnapshotPtr, core::UtcMs>()> race;
  std::function<std::optional<feed::ClientStatus>()> feed;
  // Called with every callout said (spoken callouts); may be empty.
  std::function<void(const announcer::Callout&)> on_callout;
};

// What the console shows: the latest list and the recent callouts (oldest first).
struct AnnouncerView {
  announcer::Arrivals arrivals;
  std::vector<announcer::Callout> callouts;
  announcer::CalloutCounters counters;
  std::uint64_t updates = 0;
  std::string url;  // the page's address
};

class AnnouncerService {
 public:
  // Checks the options and parses the templates (the built-in ones or --callouts FILE):
  // throws core::Error (core::ConfigError with FILE:LINE for the templates) before anything
  // runs.
  explicit AnnouncerService(AnnouncerServiceOptions options);
  ~AnnouncerService();  // stops
  AnnouncerService(const AnnouncerService&) = delete;
  AnnouncerService& operator=(const AnnouncerService&) = delete;

  // Binds HOST:PORT (throws core::Error when it cannot) and starts the thread. The sources
  // are called from that thread until stop(); `control` (may be null) must outlive stop().
  void start(AnnouncerSources sources, control::Control* control);
  void stop();  // safe to call twice

  AnnouncerView latest() const;
  // How many updates latest() has had: a reader copies the view again only when it moved.
  std::uint64_t updates() const;
  int port() const;

  static constexpr std::size_t kRecentCallouts = 50;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `pacecast run`'s announcer: null when --announcer is not given.
std::unique_ptr<AnnouncerService> make_announcer_service(const AnnouncerServiceOptions& o);

// Starts the service (when there is one) on the program's race; stops it when it goes, which
// must be before the program does.
class AnnouncerRun {
 public:
  // `speaker` (may be null: no --speak) says each callout in its language (English when the
  // callout has none in it) and must outlive this.
  AnnouncerRun(AnnouncerService* service, const ProgramOverlays& program, control::Control* control,
               announcer::Speaker* speaker);
  ~AnnouncerRun();
  AnnouncerRun(const AnnouncerRun&) = delete;
  AnnouncerRun& operator=(const AnnouncerRun&) = delete;

 private:
  AnnouncerService* service_;
};

}  // namespace app
