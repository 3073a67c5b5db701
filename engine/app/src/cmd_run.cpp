// `pacecast run`: the main job. Video in (the test background, a file, a network stream, a
// V4L2 device), the race's overlays composited at the output frame rate, the program
// encoded once and sent to every output (files, RTMP, SRT, UDP).
// The race comes from a bundle (or the embedded Almaty sample) replayed on a race clock
// (frame k shows the race as of --at + k / fps × --speed, minus --data-delay), or from a
// live timing feed (--feed ws://…, journaled to --journal), or from the embedded simulator
// serving the bundle on loopback (--feed sim) at --speed from --at.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "announcer_service.h"
#include "common.h"
#include "config_file.h"
#include "control/api_server.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "director/rundown.h"
#include "overlays/registry.h"
#include "program.h"
#include "program_control.h"
#include "run_windows.h"
#include "speech_service.h"
#include "video/pipeline.h"

namespace app {
namespace {

struct RunOptions {
  std::string config;
  ProgramOptions program;  // race, clock, overlays, looks
  std::string input = "test";
  std::string format = "1080p50";
  std::vector<std::string> outputs;
  std::string encoder = "libx264";
  std::string preset = "veryfast";
  std::string tune;
  int bitrate_kbps = 6000;
  double duration_s = 0;
  bool unpaced = false;
  std::string key_fill, key_fill_codec = "prores";
  WindowOptions windows;  // preview, --screen, --headless
  std::string control;    // HOST:PORT of the control API
  std::string token;      // its Bearer token (or PACECAST_TOKEN)
  std::string rundown;    // the operator's rundown (TOML), stepped by hand

  AnnouncerServiceOptions announcer;  // --announcer: the announcers' page
  SpeechOptions speech;               // --speak, --speak-file, --speak-mix
};

// The operator's controls when a console, the control API or automation asks for them:
// corrections go to the program's race once it exists.
std::unique_ptr<control::Control> make_control(const RunOptions& o,
                                               std::atomic<ProgramOverlays*>& program) {
  if (o.control.empty() && o.program.director.empty() && o.rundown.empty() && !o.windows.console)
    return nullptr;
  control::Hooks hooks;
  hooks.submit = [&program](race::Event e) {
    ProgramOverlays* p = program.load();
    if (!p) {
      throw control::ControlError(409, "no_engine",
                                  "the race is still loading; try again in a moment");
    }
    p->submit(std::move(e));
  };
  auto c = std::make_unique<control::Control>(overlays::kinds(), std::move(hooks));
  c->set_data_delay(o.program.data_delay_s, "startup");
  if (!o.rundown.empty()) {
    // A rundown that does not parse stops the run here, naming FILE:LINE, before any output.
    director::Rundown rundown =
        director::parse_rundown(core::read_file(o.rundown), o.rundown, overlays::kinds());
    core::log::info("rundown: " + std::to_string(rundown.size()) + " items from " + o.rundown +
                    " (Next: the console's Rundown panel, or POST /api/rundown/next)");
    c->set_rundown(std::move(rundown), o.rundown, "startup");
  }
  return c;
}

std::unique_ptr<control::ApiServer> start_api(const RunOptions& o, control::Control& c) {
  if (o.control.empty()) return nullptr;
  const auto [host, port] = parse_listen(o.control, "--control");
  control::ApiServerOptions a;
  a.host = host.empty() ? "127.0.0.1" : host;
  a.port = port;
  a.token = o.token;
  if (a.token.empty()) {
    if (const char* env = std::getenv("PACECAST_TOKEN")) a.token = env;
  }
  if (a.token.empty()) {
    throw core::Error("--control " + o.control +
                      " needs --token TOKEN (or PACECAST_TOKEN in the environment): every "
                      "/api/ request must carry it as `Authorization: Bearer TOKEN`");
  }
  auto api = std::make_unique<control::ApiServer>(c, a);
  api->start();
  core::log::info("control: API on http://" + a.host + ":" + std::to_string(api->port()) +
                  "/api/state (Bearer token), metrics on /metrics (docs/control-api.md)");
  return api;
}

// Once a second: the run's figures to Control (panels, /metrics), and its data delay to
// the program when an operator changed it.
class StatusPump {
 public:
  StatusPump(control::Control* c, ProgramOverlays& overlays, const video::Pipeline& pipeline)
      : control_(c), overlays_(overlays), pipeline_(pipeline) {
    if (c) delay_ = c->data_delay();
  }
  void tick() {
    if (!control_) return;
    if (const double d = control_->data_delay(); d != delay_) {
      delay_ = d;
      overlays_.set_data_delay(d);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    const auto feed = overlays_.feed_status();
    double rate = 0;
    if (feed && last_ != std::chrono::steady_clock::time_point{}) {
      const double s = std::chrono::duration<double>(now - last_).count();
      rate = double(feed->events_accepted - last_events_) / s;
    }
    last_ = now;
    last_events_ = feed ? feed->events_accepted : 0;
    control_->set_status(run_status(pipeline_.stats(), feed, rate, control_->race()));
  }

 private:
  control::Control* control_;
  ProgramOverlays& overlays_;
  const video::Pipeline& pipeline_;
  double delay_ = 0;
  std::chrono::steady_clock::time_point last_{};
  std::uint64_t last_events_ = 0;
};

void print_summary(const video::PipelineStats& s) {
  std::fprintf(stderr,
               "run: %lld frames, %lld encoded, %lld dropped, %lld late; input %s: %llu pictures, "
               "%llu repeated, %llu skipped\n",
               static_cast<long long>(s.ticks), static_cast<long long>(s.encoded),
               static_cast<long long>(s.dropped), static_cast<long long>(s.late),
               s.input.source.c_str(), static_cast<unsigned long long>(s.input.frames),
               static_cast<unsigned long long>(s.input.repeated),
               static_cast<unsigned long long>(s.input.skipped));
  char windows[64] = "";
  if (s.times.on_program_ms > 0) {
    std::snprintf(windows, sizeof windows, ", windows %.2f (mean)", s.times.on_program_ms);
  }
  std::fprintf(stderr,
               "run: median ms per frame: input %.2f, overlay %.2f, blend %.2f, encode %.2f%s\n",
               s.times.input_ms, s.times.overlay_ms, s.times.blend_ms, s.times.encode_ms, windows);
  for (const auto& k : s.sinks) {
    std::fprintf(stderr,
                 "run: output %s: %s, %llu packets, %.1f MB, %llu dropped, %llu reconnects%s%s\n",
                 k.target.c_str(), k.state.c_str(), static_cast<unsigned long long>(k.packets),
                 double(k.bytes) / 1e6, static_cast<unsigned long long>(k.dropped),
                 static_cast<unsigned long long>(k.reconnects),
                 k.last_error.empty() ? "" : "; last error: ", k.last_error.c_str());
  }
}

void print_feed_summary(const ProgramOverlays& overlays) {
  const auto status = overlays.feed_status();
  if (!status) return;
  std::uint64_t rejected = 0;
  for (const auto& [reason, n] : status->rejected) rejected += n;
  std::fprintf(stderr,
               "run: feed %s: %s, seq %lld, %llu events accepted, %llu rejected, %llu gaps, "
               "%llu reconnects\n",
               status->url.c_str(), std::string(feed::to_string(status->state)).c_str(),
               static_cast<long long>(status->last_seq),
               static_cast<unsigned long long>(status->events_accepted),
               static_cast<unsigned long long>(rejected),
               static_cast<unsigned long long>(status->gaps),
               static_cast<unsigned long long>(status->reconnects));
  const auto l = overlays.latency();
  if (l.encoded.samples == 0) return;
  std::fprintf(stderr,
               "run: data latency over %zu events, from arrival to the first frame showing it: "
               "drawn median %.1f ms (p95 %.1f, max %.1f), encoded median %.1f ms (p95 %.1f, "
               "max %.1f); %zu missed a frame that could have shown them\n",
               l.encoded.samples, l.rendered.median_ms, l.rendered.p95_ms, l.rendered.max_ms,
               l.encoded.median_ms, l.encoded.p95_ms, l.encoded.max_ms, l.missed_frame);
}

void run(const RunOptions& o) {
  const video::Format* format = video::find_format(o.format);
  if (!format) {
    throw core::Error("--format " + o.format + ": unknown; formats: " + video::format_names());
  }
  if (o.outputs.empty() && o.key_fill.empty()) {
    throw core::Error("run: no --output; give a file (out/program.mp4) or a URL (rtmp://…)");
  }
  RunWindows windows(o.windows, o.outputs.empty() ? o.key_fill : o.outputs.front());
  ProgramOptions p = o.program;
  p.width = format->width;
  p.height = format->height;
  windows.add_layouts(p);
  std::atomic<ProgramOverlays*> program{nullptr};
  const auto control = make_control(o, program);
  p.control = control.get();
  // --announcer: its templates are checked before the race loads; it serves the race as
  // the program shows it from here and stops before the overlays go.
  const auto announcer = make_announcer_service(o.announcer);
  check_speech_options(o.speech);
  ProgramOverlays overlays(p);
  program = &overlays;
  // Spoken callouts (off unless --speak): the announcer's callouts, placed on the file's and
  // the program audio's timeline by race instant from the first frame's, at the run's speed.
  const auto speaker = make_speaker(o.speech, overlays.shown().now, p.speed);
  const AnnouncerRun announcer_run(announcer.get(), overlays, control.get(), speaker.get());
  // The API stops before the overlays go (its thread calls Control, whose submit reaches
  // them).
  const auto api = control ? start_api(o, *control) : nullptr;
  struct ForgetProgram {
    std::atomic<ProgramOverlays*>& p;
    ~ForgetProgram() { p = nullptr; }
  } forget_program{program};
  windows.open(overlays.gl_description(), control.get(), announcer.get());
  // The windows close before the overlays' GL contexts go (both are SDL's).
  struct CloseWindows {
    RunWindows& w;
    ~CloseWindows() { w.close(); }
  } close_windows{windows};

  video::PipelineOptions po;
  po.input = o.input;
  po.format = *format;
  po.outputs = o.outputs;
  po.encoder.codec = o.encoder;
  po.encoder.preset = o.preset;
  po.encoder.tune = o.tune;
  po.encoder.bitrate_kbps = o.bitrate_kbps;
  po.duration_s = o.duration_s;
  po.unpaced = o.unpaced;
  po.key_fill = o.key_fill;
  po.key_fill_codec = o.key_fill_codec;
  if (!p.feed.empty()) po.on_encoded = [&overlays](std::int64_t k) { overlays.encoded(k); };
  core::log::info("run: the race from " + overlays.source_name());
  po.on_program = windows.on_program();
  if (speaker && o.speech.mix) mix_speech(po, *speaker);
  video::Pipeline pipeline(po, overlays.source());
  StopSignals signals;
  std::atomic<bool> done{false};
  StatusPump status(control.get(), overlays, pipeline);
  std::thread watcher([&] {
    while (!StopSignals::received() && !done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      status.tick();
    }
    if (StopSignals::received()) pipeline.request_stop();
  });
  pipeline.run();
  done = true;
  watcher.join();
  if (speaker) finish_speech(*speaker);
  print_summary(pipeline.stats());
  windows.print_summary();
  print_feed_summary(overlays);
  std::fprintf(stderr, "run: peak resident memory %.0f MB\n", peak_rss_mb());
}

}  // namespace

void add_run_command(CLI::App& app, Actions& actions) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "The main job: video in, the race's overlays composited at the output frame rate,\n"
      "encoded once (H.264 + AAC) and sent to every --output. Ctrl-C stops cleanly (files are\n"
      "finalised).\n"
      "Example: pacecast run --input test --output out/program.mp4 --duration 60\n"
      "         pacecast run --race almaty --at 09:40:00 --speed 60 --output rtmp://host/live/key");
  cmd->add_option(
         "--config", o->config,
         "TOML file with the same settings as the options: one `name = value` per line,\n"
         "names as the long options (output = [\"a.mp4\", \"rtmp://…\"], data-delay = 8);\n"
         "an option on the command line wins over the file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--race", o->program.race,
                  "Race bundle directory, or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--feed", o->program.feed,
                  "Live timing feed: ws://HOST:PORT[/PATH] or wss://… (docs/feed-protocol.md), or\n"
                  "`sim`: the embedded simulator serving --race on loopback at --speed from --at.\n"
                  "Without it the race is replayed from the bundle");
  cmd->add_option("--journal", o->program.journal,
                  "With --feed: the journal (SQLite) every accepted event is written to first; a\n"
                  "restart replays it and resumes from its cursor (a temporary one for `sim`)");
  cmd->add_option("--ca-file", o->program.ca_file,
                  "wss: PEM file of trusted CAs (default: the system's)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--insecure", o->program.insecure,
                "wss: accept self-signed, expired or misnamed certificates");
  cmd->add_option("--at", o->program.at,
                  "Race-local time HH:MM:SS of the first frame (default 08:35:00 on race day; the\n"
                  "wall clock with a live --feed) or `now`");
  cmd->add_option("--speed", o->program.speed,
                  "Race time per second of video (60: a minute a second)")
      ->capture_default_str();
  cmd->add_option("--data-delay", o->program.data_delay_s,
                  "Show the race as of frame time minus S seconds, to match video that reaches "
                  "viewers late")
      ->capture_default_str();
  cmd->add_option("--input", o->input,
                  "`test` (built-in moving background and tone), a video file (looped), a URL "
                  "(rtmp://, srt://, udp://, https://…m3u8) or a V4L2 device (/dev/video0)")
      ->capture_default_str();
  cmd->add_option("--format", o->format, "Output format: " + video::format_names())
      ->capture_default_str();
  cmd->add_option("--output", o->outputs,
                  "Where the program goes (repeatable): a file .mp4 (fragmented, crash-safe), "
                  ".mkv, .mov, .ts, .flv, or rtmp://, srt://, udp://");
  cmd->add_option("--key-fill", o->key_fill,
                  "Also write the overlays alone with their alpha to FILE.mov, for a downstream "
                  "keyer");
  cmd->add_option("--key-fill-codec", o->key_fill_codec,
                  "prores (ProRes 4444, 10-bit) or qtrle (QuickTime Animation, lighter on CPU)")
      ->check(CLI::IsMember({"prores", "qtrle"}))
      ->capture_default_str();
  cmd->add_option("--encoder", o->encoder, "H.264 encoder: libx264, h264_nvenc, h264_vaapi")
      ->capture_default_str();
  cmd->add_option("--preset", o->preset, "Encoder preset (libx264: ultrafast … veryslow)")
      ->capture_default_str();
  cmd->add_option("--tune", o->tune, "Encoder tuning, e.g. zerolatency");
  cmd->add_option("--bitrate", o->bitrate_kbps, "Video bit rate in kb/s (constant)")
      ->check(CLI::Range(100, 100000))
      ->capture_default_str();
  cmd->add_option("--duration", o->duration_s,
                  "Stop after S seconds of output (0: run until stopped)")
      ->check(CLI::Range(0.0, 1e7))
      ->capture_default_str();
  cmd->add_flag("--unpaced", o->unpaced,
                "Run as fast as possible (offline renders, benchmarks; a file input is read at "
                "the encoder's pace)");
  cmd->add_option("--overlay", o->program.overlays, "Overlays on air (pacecast snapshot --list)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--set", o->program.sets,
                  "Overlay parameter KEY=VALUE or OVERLAY.KEY=VALUE (repeatable)");
  cmd->add_option("--looks", o->program.looks, "Directory of look overrides (edits show up live)");
  cmd->add_flag("--headless", o->windows.headless,
                "Never open a window (the preview opens by itself when there is a display)");
  cmd->add_flag("--no-preview", o->windows.no_preview, "No preview window (--screen still)");
  cmd->add_option("--screen", o->windows.screens,
                  "Full-screen window on display N for a big screen (repeatable)");
  cmd->add_flag("--console", o->windows.console,
                "Open the operator's console (program and preview monitors, Cue / Take / "
                "Clear, runner search, corrections, feed and outputs; docs/console.md); needs "
                "a display");
  cmd->add_option("--layout", o->windows.layouts,
                  "What a --screen shows: `program`, or overlays of its own over black "
                  "(finish-board, or race_clock,leaderboard); one for all screens or one per "
                  "--screen [program]");
  cmd->add_option("--control", o->control,
                  "Remote control API (HTTP + WebSocket, docs/control-api.md) on HOST:PORT, e.g.\n"
                  "127.0.0.1:8080 (0 as the port: a free one, logged); needs --token");
  cmd->add_option("--token", o->token,
                  "Bearer token every /api/ request of --control must carry (default: "
                  "PACECAST_TOKEN)");
  cmd->add_option("--director", o->program.director,
                  "Automation rules (TOML, docs/automation.md) that put graphics on air when the\n"
                  "race gives a reason; assets/director/almaty.toml is a start")
      ->check(CLI::ExistingFile);
  cmd->add_option("--rundown", o->rundown,
                  "The operator's rundown (TOML, docs/automation.md): graphics in running order,\n"
                  "taken one by one with Next (console, POST /api/rundown/next);\n"
                  "assets/director/almaty-rundown.toml is a start")
      ->check(CLI::ExistingFile);
  add_announcer_options(*cmd, o->announcer);
  add_speech_options(*cmd, o->speech);
  actions.emplace_back(cmd, [o, cmd] {
    if (!o->config.empty()) apply_config_file(*cmd, o->config);
    run(*o);
  });
}

}  // namespace app
