// `pacecast bench pipeline`: the main job's throughput against the ffmpeg command line. A
// 1080p50 file and a 20,000-runner race are generated, then run through the pipeline with every
// broadcast overlay on air and updating from a replay, encoded with libx264 (veryfast, zerolatency,
// 6 Mb/s) and discarded; in the same run the `ffmpeg` tool encodes the same file the same way with
// no overlays. The last line prints our fps ÷ ffmpeg's fps. A paced run then checks that the format
// is sustained in real time with the superfast preset, and a paced run fed by the embedded
// simulator over a loopback WebSocket measures the data latency: from a passing's arrival to the
// first encoded frame showing it.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bench_common.h"
#include "bundle/almaty.h"
#include "bundle/bundle.h"
#include "common.h"
#include "core/error.h"
#include "core/file.h"
#include "core/log.h"
#include "elapsed.h"
#include "program.h"
#include "race/config_toml.h"
#include "video/pipeline.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchPipelineOptions {
  double seconds = 10;
  double realtime_seconds = 20;
  double latency_seconds = 20;
  std::string format = "1080p50";
  std::string at = "09:40:00";
  std::string dir;
  int repeat = 5;
};

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string list_of(const std::vector<double>& v) {
  std::string out;
  char buf[32];
  for (double x : v) {
    std::snprintf(buf, sizeof buf, "%s%.1f", out.empty() ? "" : ", ", x);
    out += buf;
  }
  return out;
}

// Runs `pacecast ARGS` (this executable) and returns the peak resident memory its summary
// reports, in MB. (Not the child's rusage: a forked child's maximum counts the parent's pages
// from before exec.)
double child_peak_rss_mb(const std::vector<std::string>& args) {
  std::string cmd = "/proc/" + std::to_string(::getpid()) + "/exe --log-level warn";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw core::Error("bench pipeline: cannot start `" + cmd + "`");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  const std::string key = "run: peak resident memory ";
  const auto at = out.find(key);
  if (status != 0 || at == std::string::npos) {
    throw core::Error("bench pipeline: `" + cmd + "` failed:\n" + out);
  }
  return std::stod(out.substr(at + key.size()));
}

// CPU seconds (user + system) of this process's children that have been waited for.
double children_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  const auto secs = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

// The ffmpeg tool encoding `file` as the pipeline does, to nowhere: frames per second. Adds
// the CPU time it used to `*cpu`.
double ffmpeg_fps(const std::string& file, double frames, double* cpu = nullptr) {
  const std::string cmd =
      "ffmpeg -hide_banner -nostdin -loglevel error -y -i '" + file +
      "' -c:v libx264 -preset veryfast -tune zerolatency -b:v 6000k -maxrate 6000k "
      "-bufsize 6000k -g 100 -keyint_min 100 -sc_threshold 0 -pix_fmt yuv420p "
      "-c:a aac -b:a 128k -f null -";
  const double cpu0 = children_cpu_seconds();
  const auto t0 = Clock::now();
  const int status = std::system(cmd.c_str());
  const double s = seconds_since(t0);
  if (cpu) *cpu += children_cpu_seconds() - cpu0;
  if (status != 0) {
    throw core::Error("bench pipeline: the ffmpeg baseline failed (exit " +
                      std::to_string(WEXITSTATUS(status)) +
                      "); is `ffmpeg` installed (scripts/install-deps)?");
  }
  return frames / s;
}

// A bundle of the Almaty sample grown to about 20,000 runners (the memory target's field),
// generated into `dir` once. Returns its directory and prints the field size.
std::string field_of_20000(const std::filesystem::path& dir) {
  const std::filesystem::path out = dir / "almaty-20000";
  if (!std::filesystem::exists(out / "passings.jsonl")) {
    const auto config =
        race::parse_race_config(embedded_almaty_toml(), "assets/races/almaty/race.toml");
    bundle::AlmatyOptions a;
    a.scale = 20000.0 / 17213.0;  // the sample's field at scale 1
    const auto generated = bundle::generate_almaty(config, a);
    bundle::save(out, config, generated.participants, generated.events);
    core::write_file_atomic(out / "race.toml", embedded_almaty_toml());
  }
  return out.string();
}

video::PipelineOptions base(const BenchPipelineOptions& o, const video::Format& f) {
  video::PipelineOptions p;
  p.format = f;
  p.duration_s = o.seconds;
  p.unpaced = true;
  p.outputs = {"null"};
  p.encoder.preset = "veryfast";
  p.encoder.tune = "zerolatency";
  p.encoder.bitrate_kbps = 6000;
  return p;
}

void run_bench_pipeline(const BenchPipelineOptions& o) {
  const video::Format* f = video::find_format(o.format);
  if (!f)
    throw core::Error("--format " + o.format + ": unknown; formats: " + video::format_names());
  const std::filesystem::path dir =
      o.dir.empty() ? std::filesystem::temp_directory_path() / "pacecast-bench-pipeline"
                    : std::filesystem::path(o.dir);
  std::filesystem::create_directories(dir);
  const std::string input = (dir / ("input-" + std::string(f->name) + ".mp4")).string();
  const double frames = double(std::int64_t(o.seconds * f->fps() + 0.5));

  std::fprintf(stderr, "bench pipeline: generating %s (%g s of %s)\n", input.c_str(), o.seconds,
               std::string(f->name).c_str());
  {
    video::PipelineOptions g = base(o, *f);
    g.outputs = {input};
    g.encoder.preset = "ultrafast";
    g.encoder.tune.clear();
    g.encoder.bitrate_kbps = 12000;
    video::Pipeline(g, nullptr).run();
  }

  ProgramOptions po;
  po.race = field_of_20000(dir);
  po.at = o.at;
  po.width = f->width;
  po.height = f->height;
  po.overlays = {"race_clock", "leaderboard", "record_pace", "split_card", "lower_third", "ticker"};
  // The machine is shared: the two are interleaved, ffmpeg first and last, and the medians
  // compared. Each of our runs replays the race from --at with fresh overlays.
  std::vector<double> ff_runs, our_runs;
  double ff_cpu = 0, our_cpu = 0;  // CPU seconds over all their runs
  video::PipelineStats s;
  std::size_t runners = 0;
  // The first run after the input and the race were written was the slowest of ffmpeg's and
  // of ours in every bench (the files still being written back, caches cold): one run of
  // ffmpeg's first, not counted.
  ::sync();
  std::fprintf(stderr, "bench pipeline: warming up (an ffmpeg run, not counted)\n");
  ffmpeg_fps(input, frames);
  for (int i = 0; i < o.repeat; ++i) {
    std::fprintf(stderr, "bench pipeline: ffmpeg baseline (%d of %d)\n", i + 1, o.repeat + 1);
    ff_runs.push_back(ffmpeg_fps(input, frames, &ff_cpu));
    ProgramOverlays run_overlays(po);
    runners = run_overlays.runners();
    std::fprintf(stderr,
                 "bench pipeline: our pipeline, every overlay on air, %zu runners (%d of %d)\n",
                 runners, i + 1, o.repeat);
    video::PipelineOptions ours = base(o, *f);
    ours.input = input;
    const double cpu0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    const auto t0 = Clock::now();
    video::Pipeline p(ours, run_overlays.source());
    p.run();
    our_runs.push_back(double(p.stats().encoded) / seconds_since(t0));
    our_cpu += cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    if (i == 0) s = p.stats();
  }
  std::fprintf(stderr, "bench pipeline: ffmpeg baseline (%d of %d)\n", o.repeat + 1, o.repeat + 1);
  ff_runs.push_back(ffmpeg_fps(input, frames, &ff_cpu));
  const double ours_fps = median_of(our_runs);
  const double ff = median_of(ff_runs);
  ProgramOverlays overlays(po);

  std::fprintf(stderr, "bench pipeline: real time, paced, superfast, %g s\n", o.realtime_seconds);
  video::PipelineOptions rt = base(o, *f);
  rt.input = input;
  rt.unpaced = false;
  rt.duration_s = o.realtime_seconds;
  rt.encoder.preset = "superfast";
  video::PipelineStats r;
  {
    video::Pipeline p(rt, overlays.source());
    p.run();
    r = p.stats();
  }

  std::fprintf(stderr,
               "bench pipeline: data latency, paced, superfast, the embedded simulator on "
               "loopback at race speed, %g s\n",
               o.latency_seconds);
  ProgramOptions lo = po;
  lo.feed = "sim";
  ProgramOverlays live(lo);
  video::PipelineOptions lt = rt;
  lt.duration_s = o.latency_seconds;
  lt.on_encoded = [&live](std::int64_t k) { live.encoded(k); };
  video::PipelineStats ls;
  {
    video::Pipeline p(lt, live.source());
    p.run();
    ls = p.stats();
  }
  const auto lat = live.latency();
  const double period_ms = 1000.0 / f->fps();

  std::fprintf(stderr, "bench pipeline: memory of `pacecast run` on the same job\n");
  std::string overlay_list;
  for (const auto& k : po.overlays) overlay_list += (overlay_list.empty() ? "" : ",") + k;
  const double rss_mb = child_peak_rss_mb({"run",
                                           "--race",
                                           po.race,
                                           "--at",
                                           o.at,
                                           "--input",
                                           input,
                                           "--format",
                                           std::string(f->name),
                                           "--overlay",
                                           overlay_list,
                                           "--preset",
                                           "veryfast",
                                           "--tune",
                                           "zerolatency",
                                           "--bitrate",
                                           "6000",
                                           "--unpaced",
                                           "--duration",
                                           std::to_string(o.seconds),
                                           "--output",
                                           "null"});

  std::printf("format %s, %g s input, libx264 veryfast zerolatency 6 Mb/s, null output\n",
              std::string(f->name).c_str(), o.seconds);
  std::printf(
      "ours (all overlays on air)  %7.1f fps   (median of %s)\n"
      "  stage medians ms, first run: input %.2f overlay %.2f blend %.2f encode %.2f\n",
      ours_fps, list_of(our_runs).c_str(), s.times.input_ms, s.times.overlay_ms, s.times.blend_ms,
      s.times.encode_ms);
  std::printf("ffmpeg (no overlays)        %7.1f fps   (median of %s)\n", ff,
              list_of(ff_runs).c_str());
  // CPU time is steadier than frames per second where other machines share the cores.
  const double our_ms = 1000 * our_cpu / (frames * double(our_runs.size()));
  const double ff_ms = 1000 * ff_cpu / (frames * double(ff_runs.size()));
  std::printf("CPU per frame, both cores: ours %.1f ms, ffmpeg %.1f ms (ours ÷ ffmpeg %.3f)\n",
              our_ms, ff_ms, our_ms / ff_ms);
  std::printf(
      "real time, superfast, paced: %lld of %lld frames encoded, %lld dropped, %lld late, "
      "%.1f fps\n",
      static_cast<long long>(r.encoded), static_cast<long long>(r.ticks),
      static_cast<long long>(r.dropped), static_cast<long long>(r.late),
      double(r.ticks) / o.realtime_seconds);
  std::printf(
      "data latency, %zu events from the simulator (race speed, loopback websocket): drawn median "
      "%.1f ms p95 %.1f max %.1f; encoded median %.1f ms p95 %.1f max %.1f; target: frame "
      "%.1f ms + overlay render %.2f ms = %.1f ms\n",
      lat.encoded.samples, lat.rendered.median_ms, lat.rendered.p95_ms, lat.rendered.max_ms,
      lat.encoded.median_ms, lat.encoded.p95_ms, lat.encoded.max_ms, period_ms, ls.times.overlay_ms,
      period_ms + ls.times.overlay_ms);
  std::printf(
      "  wait for the frame that shows it: median %.1f ms p95 %.1f max %.1f (a frame is %.1f "
      "ms); %zu of %zu events missed a frame that could have shown them\n",
      lat.waited.median_ms, lat.waited.p95_ms, lat.waited.max_ms, period_ms, lat.missed_frame,
      lat.waited.samples);
  std::printf("peak RSS of `pacecast run` with every overlay on air: %.0f MB (%zu runners)\n",
              rss_mb, runners);
  std::printf("pipeline fps ratio %.3f\n", ours_fps / ff);
}

}  // namespace

void add_bench_pipeline_command(CLI::App& bench, Actions& actions) {
  auto o = std::make_shared<BenchPipelineOptions>();
  auto* cmd = bench.add_subcommand(
      "pipeline",
      "The main job's throughput: a generated 1080p50 file through the pipeline with every\n"
      "overlay on air and updating from a replay, libx264 veryfast zerolatency 6 Mb/s to a\n"
      "null output, against the ffmpeg tool encoding the same file the same way without\n"
      "overlays, in the same run; then a paced real-time run with superfast. Last line: our\n"
      "fps ÷ ffmpeg's (target ≥ 0.95). Then a paced run fed by the embedded simulator\n"
      "measures the data latency (passing received → first encoded frame showing it).");
  cmd->add_option("--seconds", o->seconds, "Length of the generated input")
      ->check(CLI::Range(1.0, 600.0))
      ->capture_default_str();
  cmd->add_option("--realtime-seconds", o->realtime_seconds, "Length of the paced run")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
  cmd->add_option("--latency-seconds", o->latency_seconds,
                  "Length of the paced run fed by the embedded simulator (data latency)")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
  cmd->add_option("--format", o->format, "Format: " + video::format_names())->capture_default_str();
  cmd->add_option("--at", o->at, "Race-local time of the first frame of the replay")
      ->capture_default_str();
  cmd->add_option("--repeat", o->repeat,
                  "Runs of ours, interleaved with one more of ffmpeg's; medians compared")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  cmd->add_option("--dir", o->dir, "Where the generated input goes (default: a temp directory)");
  actions.emplace_back(cmd, [o] { run_bench_pipeline(*o); });
}

}  // namespace app
