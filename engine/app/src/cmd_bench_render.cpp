// `pacecast bench render`: the broadcast set of overlays on air at once, rendered frame by
// frame at 1080p through the headless GL renderer, with every stage timed; then the
// full-screen finish board on its own. The renderer redraws only the regions that changed;
// the baseline, in the same run, is the same frames redrawn whole, reported as a ratio.
#include <chrono>
#include <cstdio>

#include "app/graphics.h"
#include "bench_common.h"
#include "common.h"
#include "core/log.h"
#include "elapsed.h"
#include "live_race.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;

struct Series {
  std::vector<double> canvas, prepare, render, total, readback;
  std::vector<double> damaged;  // share of the frame redrawn, percent
  int full_redraws = 0;
};

struct BenchRenderOptions {
  std::string dir = kSampleRace;
  std::string at = "08:35:00";
  int frames = 600;
  int fps = 50;
  std::string size = "1920x1080";
};

// Frames from `start` on, the race advancing with them from its state at `start` (a fresh
// LiveRace, so every series sees the same snapshots at the same frame times).
Series run_frames(Graphics& g, const bundle::Bundle& b, core::UtcMs start,
                  const BenchRenderOptions& o, bool with_overlays) {
  LiveRace live(b, start);
  Series s;
  render::Image pixels;  // reused: readback is timed, not the allocation
  const auto frame_ms = core::Ms(1000 / o.fps);
  for (int i = 0; i < o.frames; ++i) {
    const core::UtcMs now = start + frame_ms * i;
    const auto& race = live.advance(now);
    auto t0 = Clock::now();
    if (with_overlays) {
      g.build(race, now, false);
    } else {
      g.build(race, now - std::chrono::hours(24), false);  // nothing on air yet: empty list
    }
    const double canvas = ms_since(t0);
    FrameTimes t;
    g.render({}, &t);
    g.read_pixels(pixels, &t);
    s.canvas.push_back(canvas);
    s.prepare.push_back(t.prepare_ms);
    s.render.push_back(t.render_ms);
    s.total.push_back(t.prepare_ms + t.render_ms);
    s.readback.push_back(t.readback_ms);
    const double area = double(pixels.width) * double(pixels.height);
    s.damaged.push_back(area > 0 ? 100.0 * double(t.damaged_pixels) / area : 0);
    if (t.full_redraw) ++s.full_redraws;
  }
  return s;
}

void print_series(const char* name, const Series& s) {
  auto line = [](const char* stage, const std::vector<double>& v) {
    std::printf("  %-34s median %7.3f ms   p99 %7.3f ms   max %7.3f ms\n", stage,
                percentile(v, 0.5), percentile(v, 0.99), percentile(v, 1.0));
  };
  std::printf("%s (%zu frames)\n", name, s.total.size());
  line("canvas build (overlays → DrawList)", s.canvas);
  line("prepare (DrawList → vertices)", s.prepare);
  line("GL draw + finish", s.render);
  line("render = prepare + GL draw", s.total);
  line("readback (glReadPixels, separate)", s.readback);
  std::printf("  %-34s median %6.2f %%     p99 %6.2f %%     full redraws %d of %zu\n",
              "redrawn share of the frame", percentile(s.damaged, 0.5), percentile(s.damaged, 0.99),
              s.full_redraws, s.damaged.size());
}

}  // namespace

void add_bench_render_command(CLI::App& bench, Actions& actions) {
  auto opts = std::make_shared<BenchRenderOptions>();
  auto* cmd = bench.add_subcommand(
      "render",
      "Render the broadcast set on air at once (race clock, leaderboard, record pace, split\n"
      "card, lower third, finisher ticker; animations running, the race advancing live) at\n"
      "1080p through the headless GL renderer, timing the Canvas build, vertex preparation,\n"
      "GL rendering and readback per frame; then the full-screen finish board alone. The\n"
      "renderer redraws only what changed; the baseline, in the same run, is the same frames\n"
      "redrawn whole. Targets: render median ≤ 2 ms, p99 ≤ 4 ms, Canvas ≤ 0.3 ms. The last\n"
      "line prints the render median.");
  cmd->add_option("dir", opts->dir, "Race bundle, or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--at", opts->at, "Race-local time of the first frame")->capture_default_str();
  cmd->add_option("--frames", opts->frames, "Frames per measurement")
      ->check(CLI::Range(10, 100000))
      ->capture_default_str();
  cmd->add_option("--fps", opts->fps, "Presentation rate (frame times step by 1/fps)")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  actions.emplace_back(cmd, [opts] {
    const bundle::Bundle b = load_race(opts->dir);
    const core::UtcMs start = parse_race_time(*b.config, opts->at, "--at");
    GraphicsOptions go;
    Graphics g(go);
    std::printf("renderer: %s\n", g.gl_description().c_str());

    // Pick runners from the race as of the start: the marathon leader and the second.
    LiveRace live(b, start);
    const auto& race = live.advance(start);
    const int contest = race->contest_index("marathon") >= 0 ? race->contest_index("marathon") : 0;
    const std::string contest_id = race->config().contests[static_cast<std::size_t>(contest)].id;
    race::StandingsQuery q;
    q.contest = contest;
    q.limit = 2;
    const auto top = race->standings(q);
    if (top.size() < 2) {
      throw core::Error("bench render: fewer than two runners in " + contest_id + " at " +
                        opts->at + "; pick a later --at");
    }
    const std::string leader = race->participant(top[0].runner).bib;
    const std::string second = race->participant(top[1].runner).bib;
    const auto take = start - std::chrono::seconds(5);
    auto& s = g.scene();
    s.take("race_clock", scene::Params({{"contest", contest_id}}), take, *race);
    s.take("leaderboard", scene::Params({{"contest", contest_id}, {"pages", "2"}}), take, *race);
    s.take("record_pace", scene::Params({{"contest", contest_id}}), take, *race);
    s.take("split_card", scene::Params({{"bib", leader}}), take, *race);
    s.take("lower_third", scene::Params({{"bib", second}}), take, *race);
    s.take("ticker", scene::Params(), take, *race);

    // Warm-up: caches, glyphs, textures.
    BenchRenderOptions warm = *opts;
    warm.frames = 30;
    run_frames(g, b, start - std::chrono::seconds(1), warm, true);

    const Series empty = run_frames(g, b, start, *opts, false);
    const Series set = run_frames(g, b, start, *opts, true);
    g.set_incremental(false);
    const Series full = run_frames(g, b, start, *opts, true);
    g.set_incremental(true);
    print_series("empty frame", empty);
    print_series("broadcast set: clock, leaderboard, record pace, split card, lower third, ticker",
                 set);
    print_series("baseline: the same frames redrawn whole every frame", full);

    for (const auto& l : std::vector<int>{1, 2, 3, 4, 5, 6})
      s.take_out(l, start - std::chrono::hours(1));
    s.take("finish_board", scene::Params(),
           start + core::Ms(opts->frames * 1000 / opts->fps * 2) - std::chrono::seconds(5), *race);
    const core::UtcMs board_start = start + core::Ms(opts->frames * 1000 / opts->fps * 2);
    run_frames(g, b, board_start - std::chrono::seconds(1), warm, true);
    const Series board = run_frames(g, b, board_start, *opts, true);
    print_series("finish board alone (full screen)", board);

    const double base = std::max(percentile(full.total, 0.5), 1e-6);
    std::printf(
        "ratio to the whole-frame baseline: broadcast set render median %.3fx (%.1f times "
        "faster), p99 %.3fx\n",
        percentile(set.total, 0.5) / base, base / std::max(percentile(set.total, 0.5), 1e-6),
        percentile(set.total, 0.99) / std::max(percentile(full.total, 0.99), 1e-6));
    std::printf(
        "targets: render median ≤ 2 ms (%s), p99 ≤ 4 ms (%s), canvas median ≤ 0.3 ms (%s)\n",
        percentile(set.total, 0.5) <= 2 ? "met" : "NOT met",
        percentile(set.total, 0.99) <= 4 ? "met" : "NOT met",
        percentile(set.canvas, 0.5) <= 0.3 ? "met" : "NOT met");
    std::printf("render median %.3f ms\n", percentile(set.total, 0.5));
  });
}

}  // namespace app
