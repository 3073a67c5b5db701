// `pacecast run`: the main job. Video in (the test background, a file, a network stream, a
// V4L2 device), the race's overlays composited at the output frame rate, the program
// encoded once and sent to every output (files, RTMP, SRT, UDP).
// The race comes from a bundle (or the embedded Almaty sample) replayed on a race clock:
// frame k shows the race as of --at + k / fps × --speed, minus --data-delay.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/graphics.h"
#include "common.h"
#include "core/error.h"
#include "core/log.h"
#include "live_race.h"
#include "video/pipeline.h"

namespace app {
namespace {

struct Options {
  std::string race = kSampleRace;
  std::string at;
  double speed = 1;
  double data_delay_s = 0;
  std::string input = "test";
  std::string format = "1080p50";
  std::vector<std::string> outputs;
  std::string encoder = "libx264";
  std::string preset = "veryfast";
  std::string tune;
  int bitrate_kbps = 6000;
  double duration_s = 0;
  bool unpaced = false;
  std::vector<std::string> overlays{"race_clock", "leaderboard", "record_pace", "ticker"};
  std::vector<std::string> sets;
  std::string looks;
};

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

void print_summary(const video::PipelineStats& s) {
  std::fprintf(stderr,
               "run: %lld frames, %lld encoded, %lld dropped, %lld late; input %s: %llu pictures, "
               "%llu repeated, %llu skipped\n",
               static_cast<long long>(s.ticks), static_cast<long long>(s.encoded),
               static_cast<long long>(s.dropped), static_cast<long long>(s.late),
               s.input.source.c_str(), static_cast<unsigned long long>(s.input.frames),
               static_cast<unsigned long long>(s.input.repeated),
               static_cast<unsigned long long>(s.input.skipped));
  std::fprintf(stderr,
               "run: median ms per frame: input %.2f, overlay %.2f, blend %.2f, encode %.2f\n",
               s.times.input_ms, s.times.overlay_ms, s.times.blend_ms, s.times.encode_ms);
  for (const auto& k : s.sinks) {
    std::fprintf(stderr,
                 "run: output %s: %s, %llu packets, %.1f MB, %llu dropped, %llu reconnects%s%s\n",
                 k.target.c_str(), k.state.c_str(), static_cast<unsigned long long>(k.packets),
                 double(k.bytes) / 1e6, static_cast<unsigned long long>(k.dropped),
                 static_cast<unsigned long long>(k.reconnects),
                 k.last_error.empty() ? "" : "; last error: ", k.last_error.c_str());
  }
}

void run(const Options& o) {
  const video::Format* format = video::find_format(o.format);
  if (!format) {
    throw core::Error("--format " + o.format + ": unknown; formats: " + video::format_names());
  }
  if (o.outputs.empty()) {
    throw core::Error("run: no --output; give a file (out/program.mp4) or a URL (rtmp://…)");
  }
  if (!(o.speed > 0)) throw core::Error("--speed must be above 0");
  const auto requests = assign_params(o.overlays, o.sets);
  const bundle::Bundle b = load_race(o.race);
  report_problems(b.problems);
  const core::UtcMs start = o.at.empty() ? parse_race_time(*b.config, "08:35:00", "--at")
                                         : parse_race_time(*b.config, o.at, "--at");
  const auto delay = core::Ms(std::int64_t(o.data_delay_s * 1000));
  const auto race_time = [&](std::int64_t t_us) {
    return start + core::Ms(std::int64_t(double(t_us) / 1000.0 * o.speed));
  };
  LiveRace live(b, start - delay);

  GraphicsOptions go;
  go.width = format->width;
  go.height = format->height;
  if (!o.looks.empty()) go.looks_dir = o.looks;
  Graphics graphics(go);
  const race::SnapshotPtr& first = live.advance(start - delay);
  for (auto r : requests) {
    if ((r.kind == "split_card" || r.kind == "lower_third") && !r.params.has("bib")) {
      r.params.set("bib", leader_bib(*first));
    }
    try {
      graphics.scene().take(r.kind, r.params, start, *first);
    } catch (const scene::ParamError& e) {
      throw core::Error("--overlay " + r.kind + ": " + e.what());
    }
  }

  std::vector<video::Box> changed;
  auto overlay = [&](std::int64_t, std::int64_t t_us) {
    const core::UtcMs now = race_time(t_us);
    const auto& race = live.advance(now - delay);
    // Edited look files show up within a second (a few stat calls, once a second).
    if (!o.looks.empty()) {
      for (const auto& kind : graphics.looks().poll(std::chrono::steady_clock::now(),
                                                    std::chrono::milliseconds(1000))) {
        core::log::info("run: look reloaded: " + kind);
      }
    }
    graphics.build(race, now, false);
    graphics.render();
    const render::TargetMirror& m = graphics.read_changes();
    changed.clear();
    for (const auto& c : m.changed) changed.push_back({c.x, c.y, c.w, c.h});
    return video::OverlayFrame{m.rgba.data(), m.width, m.height, changed};
  };

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
  video::Pipeline pipeline(po, overlay);
  StopSignals signals;
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!StopSignals::received() && !done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (StopSignals::received()) pipeline.request_stop();
  });
  pipeline.run();
  done = true;
  watcher.join();
  print_summary(pipeline.stats());
}

}  // namespace

void add_run_command(CLI::App& app, Actions& actions) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "run",
      "The main job: video in, the race's overlays composited at the output frame rate,\n"
      "encoded once (H.264 + AAC) and sent to every --output. Ctrl-C stops cleanly (files are\n"
      "finalised).\n"
      "Example: pacecast run --input test --output out/program.mp4 --duration 60\n"
      "         pacecast run --race almaty --at 09:40:00 --speed 60 --output rtmp://host/live/key");
  cmd->add_option("--race", o->race, "Race bundle directory, or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--at", o->at,
                  "Race-local time HH:MM:SS of the first frame (default 08:35:00 on race day)");
  cmd->add_option("--speed", o->speed, "Race time per second of video (60: a minute a second)")
      ->capture_default_str();
  cmd->add_option("--data-delay", o->data_delay_s,
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
  cmd->add_option("--overlay", o->overlays, "Overlays on air (pacecast snapshot --list)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--set", o->sets,
                  "Overlay parameter KEY=VALUE or OVERLAY.KEY=VALUE (repeatable)");
  cmd->add_option("--looks", o->looks, "Directory of look overrides (edits show up live)");
  actions.emplace_back(cmd, [o] { run(*o); });
}

}  // namespace app
