#include "common.h"

#include <malloc.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>

#include "bundle/almaty.h"
#include "core/error.h"
#include "core/log.h"
#include "race/config_toml.h"

extern const std::string_view kEmbeddedAlmatyToml;

namespace app {

std::string_view embedded_almaty_toml() {
  return kEmbeddedAlmatyToml;
}

bundle::Bundle load_race(const std::string& dir, std::uint64_t sample_seed) {
  if (dir != kSampleRace) {
    core::log::info("loading race bundle " + dir);
    bundle::Bundle b = bundle::load(dir);
    core::log::info(std::to_string(b.participants.size()) + " participants, " +
                    std::to_string(b.events.size()) + " events, " +
                    std::to_string(b.problems.size()) + " problem line(s)");
    return b;
  }
  bundle::Bundle b;
  b.dir = kSampleRace;
  auto config = std::make_shared<race::RaceConfig>(
      race::parse_race_config(embedded_almaty_toml(), "assets/races/almaty/race.toml (embedded)"));
  bundle::AlmatyOptions options;
  options.seed = sample_seed;
  auto generated = bundle::generate_almaty(*config, options);
  b.config = std::move(config);
  b.participants = std::move(generated.participants);
  b.events = std::move(generated.events);
  core::log::info("embedded sample race: " + b.config->name + ", " +
                  std::to_string(b.participants.size()) + " participants, " +
                  std::to_string(b.events.size()) + " events (seed " + std::to_string(sample_seed) +
                  ")");
  return b;
}

core::UtcMs parse_race_time(const race::RaceConfig& config, const std::string& text,
                            const std::string& option) {
  auto tod = core::parse_hms(text.size() <= 5 ? text + ":00" : text);
  if (!tod || *tod >= std::chrono::hours(24))
    throw core::Error(option + ": `" + text +
                      "` is not a time of day; give race-local time as HH:MM:SS, e.g. 08:45:00");
  return core::local_to_utc(config.date, *tod, config.utc_offset);
}

std::optional<core::UtcMs> event_time(const race::Event& e) {
  if (const auto* p = std::get_if<race::Passing>(&e)) return p->time;
  if (const auto* g = std::get_if<race::GunEvent>(&e)) return g->time;
  return std::nullopt;
}

std::vector<std::pair<core::UtcMs, std::size_t>> time_order(
    const std::vector<race::Event>& events) {
  core::UtcMs last{};
  for (const auto& e : events) {
    if (const auto t = event_time(e)) {
      last = *t;
      break;
    }
  }
  std::vector<std::pair<core::UtcMs, std::size_t>> order;
  order.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (const auto t = event_time(events[i])) last = *t;
    order.emplace_back(last, i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return order;
}

std::size_t apply_until(race::RaceModel& model, const std::vector<race::Event>& events,
                        std::optional<core::UtcMs> until) {
  std::size_t applied = 0;
  bool passed_until = false;
  for (const auto& e : events) {
    const auto t = event_time(e);
    if (until && t && *t > *until) {
      passed_until = true;
      continue;
    }
    if (!t && passed_until) continue;
    model.apply(e);
    ++applied;
  }
  return applied;
}

void report_problems(const std::vector<bundle::LineProblem>& problems, std::size_t max_shown) {
  for (std::size_t i = 0; i < problems.size() && i < max_shown; ++i) {
    const auto& p = problems[i];
    std::fprintf(stderr, "warning: %s:%d: %s\n", p.file.c_str(), p.line, p.reason.c_str());
  }
  if (problems.size() > max_shown)
    std::fprintf(stderr,
                 "warning: ... and %zu more problem line(s); `pacecast check DIR` lists them all\n",
                 problems.size() - max_shown);
}

std::pair<std::string, int> parse_listen(const std::string& text, const std::string& option) {
  const auto colon = text.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon + 1 < text.size() && text.size() - colon - 1 <= 5 &&
      text.find_first_not_of("0123456789", colon + 1) == std::string::npos)
    port = std::stoi(text.substr(colon + 1));
  if (port < 0 || port > 65535)
    throw core::Error(option + ": `" + text +
                      "` is not HOST:PORT; give e.g. 127.0.0.1:9300 or 0.0.0.0:9300 (port 0 = any "
                      "free port)");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return {host, port};
}

std::vector<bundle::LineProblem> problems_without_passings(const bundle::Bundle& b) {
  std::vector<bundle::LineProblem> out = b.problems;
  std::erase_if(out, [](const auto& p) { return p.file == "passings.jsonl"; });
  return out;
}

namespace {
std::atomic<int> g_stop_signal{0};
extern "C" void on_stop_signal(int sig) {
  g_stop_signal = sig;
}
}  // namespace

struct StopSignals::Saved {
  struct sigaction old_int {};
  struct sigaction old_term {};
};

StopSignals::StopSignals() : saved_(std::make_unique<Saved>()) {
  g_stop_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigaction(SIGINT, &sa, &saved_->old_int);
  sigaction(SIGTERM, &sa, &saved_->old_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &saved_->old_int, nullptr);
  sigaction(SIGTERM, &saved_->old_term, nullptr);
}

int StopSignals::received() {
  return g_stop_signal.load();
}

void release_freed_memory() {
  ::malloc_trim(0);
}

void remove_journal(const std::filesystem::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(file.string() + suffix, ec);
}

double peak_rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

}  // namespace app
