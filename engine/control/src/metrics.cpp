// GET /metrics: the run's status in the Prometheus text format 0.0.4.
#include <cstdio>
#include <sstream>

#include "control/api.h"

namespace control {
namespace {

// A label value with backslash, quote and newline escaped.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

class Writer {
 public:
  // Starts a metric family: its HELP and TYPE lines.
  void family(const char* name, const char* type, const char* help) {
    name_ = name;
    out_ << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
  }
  void sample(double v) { out_ << name_ << " " << number(v) << "\n"; }
  void sample(std::string_view key, std::string_view value, double v) {
    out_ << name_ << "{" << key << "=\"" << label(value) << "\"} " << number(v) << "\n";
  }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::string name_;
};

void write_outputs(Writer& w, const RunStatus& s) {
  w.family("pacecast_output_packets_total", "counter", "Packets sent to each output.");
  for (const auto& k : s.sinks) w.sample("output", k.target, static_cast<double>(k.packets));
  w.family("pacecast_output_bytes_total", "counter", "Bytes sent to each output.");
  for (const auto& k : s.sinks) w.sample("output", k.target, static_cast<double>(k.bytes));
  w.family("pacecast_output_bitrate_kbps", "gauge", "Recent bitrate of each output, kbit/s.");
  for (const auto& k : s.sinks) w.sample("output", k.target, k.bitrate_kbps);
  w.family("pacecast_output_dropped_total", "counter", "Packets each output dropped.");
  for (const auto& k : s.sinks) w.sample("output", k.target, static_cast<double>(k.dropped));
  w.family("pacecast_output_reconnects_total", "counter", "Reconnections of each output.");
  for (const auto& k : s.sinks) w.sample("output", k.target, static_cast<double>(k.reconnects));
  w.family("pacecast_output_up", "gauge", "1 while an output is running, else 0.");
  for (const auto& k : s.sinks) w.sample("output", k.target, k.state == "running" ? 1 : 0);
}

void write_feed(Writer& w, const FeedStatus& f) {
  w.family("pacecast_feed_connected", "gauge", "1 while the timing feed is connected.");
  w.sample(f.connected ? 1 : 0);
  w.family("pacecast_feed_stale", "gauge", "1 while the timing feed has gone quiet.");
  w.sample(f.stale ? 1 : 0);
  w.family("pacecast_feed_lag_seconds", "gauge", "How far the newest event is behind its read.");
  w.sample(f.lag_s);
  w.family("pacecast_feed_last_seq", "gauge", "The last feed message seq received.");
  w.sample(static_cast<double>(f.last_seq));
  w.family("pacecast_feed_events_per_second", "gauge", "Recent feed events per second.");
  w.sample(f.rate_eps);
  w.family("pacecast_feed_gaps_total", "counter", "Gaps in the feed's seq numbering.");
  w.sample(static_cast<double>(f.gaps));
  w.family("pacecast_feed_rejected_total", "counter", "Feed messages rejected, by reason.");
  for (const auto& [reason, n] : f.rejected) w.sample("reason", reason, static_cast<double>(n));
  w.family("pacecast_feed_reconnects_total", "counter", "Reconnections to the timing feed.");
  w.sample(static_cast<double>(f.reconnects));
}

}  // namespace

std::string Api::metrics() const {
  const RunStatus s = control_.status();
  Writer w;
  w.family("pacecast_fps", "gauge", "Output frames per second, recently.");
  w.sample(s.fps);
  w.family("pacecast_frames_total", "counter", "Output frames since the start.");
  w.sample(static_cast<double>(s.ticks));
  w.family("pacecast_dropped_frames_total", "counter", "Output frames dropped.");
  w.sample(static_cast<double>(s.dropped));
  w.family("pacecast_late_frames_total", "counter", "Output frames that were late.");
  w.sample(static_cast<double>(s.late));
  w.family("pacecast_repeated_frames_total", "counter", "Output frames repeated.");
  w.sample(static_cast<double>(s.repeated));
  w.family("pacecast_stage_ms", "gauge", "Median milliseconds per frame in each stage.");
  for (const auto& [stage, ms] : s.stage_ms) w.sample("stage", stage, ms);
  write_outputs(w, s);
  if (s.feed) write_feed(w, *s.feed);
  w.family("pacecast_overlays_on_air", "gauge", "Overlays on air.");
  double on_air = 0;
  for (const auto& o : control_.overlays()) on_air += o.state == SlotState::on_air ? 1 : 0;
  w.sample(on_air);
  w.family("pacecast_automation_enabled", "gauge", "1 while automation may act.");
  w.sample(control_.automation() ? 1 : 0);
  w.family("pacecast_data_delay_seconds", "gauge", "The data delay of the graphics.");
  w.sample(control_.data_delay());
  w.family("pacecast_corrections_total", "counter", "Operator corrections made.");
  w.sample(static_cast<double>(control_.corrections().size()));
  std::string text = w.text();
  if (options_.metrics) text += options_.metrics();
  return text;
}

}  // namespace control
