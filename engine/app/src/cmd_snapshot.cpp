// `pacecast snapshot`: renders one frame of overlays for a race as of a time, to PNG.
#include <cstdio>
#include <filesystem>

#include "app/graphics.h"
#include "common.h"
#include "core/error.h"
#include "core/log.h"
#include "overlays/registry.h"

namespace app {
namespace {

void print_list() {
  std::printf("Overlays (pacecast snapshot --overlay NAME[,NAME...] --set KEY=VALUE):\n");
  for (const auto& k : overlays::kinds()) {
    std::printf("\n%s\n  %s\n", k.name.c_str(), k.description.c_str());
    for (const auto& p : k.params) {
      std::string extra;
      if (!p.default_value.empty()) extra += " (default " + p.default_value + ")";
      if (!p.choices.empty()) {
        std::string c;
        for (const auto& x : p.choices) c += (c.empty() ? "" : "|") + x;
        extra += " [" + c + "]";
      }
      std::printf("  %-12s %s%s\n", p.name.c_str(), p.description.c_str(), extra.c_str());
    }
  }
  std::printf(
      "\nEvery overlay also takes:\n"
      "  %-12s race-local time HH:MM:SS it was taken on air (default: a minute before --at;\n"
      "  %-12s set it just before --at to catch the animation in)\n"
      "  %-12s race-local time HH:MM:SS it was taken off air (animation out)\n"
      "KEY=VALUE goes to every listed overlay that takes KEY; OVERLAY.KEY=VALUE to one.\n",
      "take", "", "out");
}

std::pair<int, int> parse_size(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') ||
      w < 16 || h < 16 || w > 7680 || h > 4320) {
    throw core::Error("--size " + text +
                      ": expected WIDTHxHEIGHT between 16x16 and 7680x4320, "
                      "e.g. 1920x1080");
  }
  return {w, h};
}

}  // namespace

void add_snapshot_command(CLI::App& app, Actions& actions) {
  struct Options {
    std::string dir = kSampleRace;
    std::string at;
    std::vector<std::string> overlays;
    std::vector<std::string> sets;
    std::string size = "1920x1080";
    std::string background = "transparent";
    std::string looks;
    std::string out;
    bool stale = false;
    bool list = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "snapshot",
      "Render one frame of broadcast overlays for a race as of a time, to a PNG (transparent\n"
      "by default, ready for keying). Headless OpenGL: no window or GPU needed.\n"
      "Example: pacecast snapshot almaty --at 09:10:00 --overlay leaderboard,race_clock\n"
      "         --set contest=marathon --out frame.png\n"
      "--list names the overlays and their parameters.");
  cmd->add_option("dir", opts->dir, "Race bundle directory, or `almaty` for the embedded sample")
      ->capture_default_str();
  cmd->add_option("--at", opts->at,
                  "Race-local time of day HH:MM:SS shown (default: the latest event's time)");
  cmd->add_option("--overlay", opts->overlays, "Overlays to show, back to front (NAME[,NAME...])")
      ->delimiter(',');
  cmd->add_option("--set", opts->sets,
                  "Overlay parameter KEY=VALUE or OVERLAY.KEY=VALUE (repeatable; see --list)");
  cmd->add_option("--size", opts->size, "Output size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--background", opts->background,
                  "transparent, a colour #RRGGBB[AA], or a PNG file scaled to the frame")
      ->capture_default_str();
  cmd->add_option("--looks", opts->looks,
                  "Directory of look overrides (theme.toml, <overlay>.toml); see docs/looks.md");
  cmd->add_flag("--stale", opts->stale, "Draw as if the timing feed had gone quiet");
  cmd->add_option("--out", opts->out, "PNG file to write");
  cmd->add_flag("--list", opts->list, "List the overlays and their parameters, then exit");
  actions.emplace_back(cmd, [opts] {
    if (opts->list) {
      print_list();
      return;
    }
    if (opts->overlays.empty()) {
      throw core::Error("snapshot: --overlay is required (pacecast snapshot --list names them)");
    }
    if (opts->out.empty()) throw core::Error("snapshot: --out FILE.png is required");
    // Before the race loads and the frame renders: a wrong path should fail at once.
    if (const auto parent = std::filesystem::absolute(opts->out).parent_path();
        !std::filesystem::is_directory(parent)) {
      throw core::Error("--out " + opts->out + ": the directory " + parent.string() +
                        " does not exist; create it or write somewhere else");
    }
    const auto requests = assign_params(opts->overlays, opts->sets);
    const auto [w, h] = parse_size(opts->size);
    const Background background = parse_background(opts->background);

    const bundle::Bundle b = load_race(opts->dir);
    report_problems(b.problems);
    std::optional<core::UtcMs> until;
    if (!opts->at.empty()) until = parse_race_time(*b.config, opts->at, "--at");
    race::RaceModel model(b.config, b.participants);
    apply_until(model, b.events, until);
    const race::SnapshotPtr race = model.publish();
    const core::UtcMs now = until ? *until : race->last_read_time();

    GraphicsOptions go;
    go.width = w;
    go.height = h;
    if (!opts->looks.empty()) go.looks_dir = opts->looks;
    Graphics graphics(go);
    for (const auto& r : requests) {
      try {
        graphics.scene().take(r.kind, r.params, now - std::chrono::minutes(1), *race);
      } catch (const scene::ParamError& e) {
        throw core::Error("--overlay " + r.kind + ": " + e.what());
      }
    }
    const render::Image image = graphics.frame(race, now, opts->stale, background);
    render::write_png(opts->out, image);
    core::log::info("snapshot: wrote " + opts->out + " (" + std::to_string(w) + "x" +
                    std::to_string(h) + ")");
  });
}

void add_looks_command(CLI::App& app, Actions& actions) {
  struct Options {
    std::string dir;
    bool force = false;
  };
  auto opts = std::make_shared<Options>();
  auto* looks = app.add_subcommand("looks", "Overlay looks and the theme (docs/looks.md)");
  looks->require_subcommand(1);
  auto* exp = looks->add_subcommand(
      "export",
      "Write the embedded theme and every overlay's default look into DIR (theme.toml,\n"
      "<overlay>.toml) to edit; then pass --looks DIR. Existing files are kept unless --force.");
  exp->add_option("dir", opts->dir, "Directory to write (created if missing)")->required();
  exp->add_flag("--force", opts->force, "Overwrite files that exist");
  actions.emplace_back(exp, [opts] {
    scene::LookStore store(overlays::default_theme(), overlays::look_sources(), std::nullopt);
    store.export_defaults(opts->dir, opts->force);
    std::printf("wrote the default theme and %zu looks to %s\n", overlays::kinds().size(),
                opts->dir.c_str());
  });
}

}  // namespace app
