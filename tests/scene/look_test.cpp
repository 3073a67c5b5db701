#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/error.h"
#include "scene/look.h"
#include "scene/look_store.h"

namespace look_test {

namespace {

constexpr std::string_view kTheme = R"(
[colors]
accent = "#00A0DC"
text = "#FFFFFF"
alias = "$colors.accent"
loop_a = "$colors.loop_b"
loop_b = "$colors.loop_a"

[fonts.body]
family = "Inter"
weight = 600
size = 30
color = "$colors.text"

[panel]
fill = "#0C1B33EB"
radius = 12
shadow = { x = 0, y = 6, blur = 18, color = "#00000066" }

[animation]
in_ms = 450
)";

void write(const std::filesystem::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("pacecast-scene-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("look: values, theme references and fallbacks", "[look]") {
  scene::Look look(R"(
rows = 10
height = 52.5
show = true
title = "LIVE"
bar = "$colors.accent"
chain = "$colors.alias"
font = "$fonts.body"
big = { base = "$fonts.body", size = 60 }
box = "$panel"
gradient = { fill = "#000000", fill_to = "#FFFFFF", angle = 0, radius = [1, 2, 3, 4] }
area = { x = 10, y = 20, w = 300 }
)",
                   "leaderboard.toml", kTheme, "theme.toml");
  CHECK(look.integer("rows", 3) == 10);
  CHECK(look.number("height", 0) == Approx(52.5));
  CHECK(look.flag("show", false));
  CHECK(look.string("title", "") == "LIVE");
  CHECK(look.color("bar", {}) == *render::Color::parse("#00A0DC"));
  CHECK(look.color("chain", {}) == *render::Color::parse("#00A0DC"));
  CHECK(look.color("$colors.text", {}) == *render::Color::parse("#FFFFFF"));
  CHECK(look.integer("missing", 7) == 7);
  CHECK(look.duration_ms("$animation.in_ms", core::Ms(1)) == core::Ms(450));

  const auto font = look.text_style("font", {});
  CHECK(font.weight == 600);
  CHECK(font.size == 30);
  CHECK(font.color == *render::Color::parse("#FFFFFF"));
  const auto big = look.text_style("big", {});
  CHECK(big.size == 60);
  CHECK(big.weight == 600);

  const auto box = look.box_style("box", {});
  CHECK(box.radius[0] == 12);
  CHECK(box.shadow.blur == 18);
  CHECK(box.shadow.offset.y == 6);
  const auto g = look.box_style("gradient", {});
  REQUIRE(g.fill.color_to);
  CHECK(*g.fill.color_to == *render::Color::parse("#FFFFFF"));
  CHECK(g.radius == std::array<float, 4>{1, 2, 3, 4});
  const auto r = look.rect("area", {0, 0, 1, 99});
  CHECK(r == render::Rect{10, 20, 300, 99});
  CHECK(look.problems().empty());
}

TEST_CASE("look: wrong types and dangling references fall back and are reported once", "[look]") {
  scene::Look look(R"(
rows = "ten"
bar = "$colors.nope"
bad = "#12345"
loop = "$colors.loop_a"
)",
                   "leaderboard.toml", kTheme, "theme.toml");
  CHECK(look.integer("rows", 3) == 3);
  CHECK(look.integer("rows", 3) == 3);
  CHECK(look.color("bar", {1, 0, 0, 1}) == render::Color{1, 0, 0, 1});
  CHECK(look.color("bad", {0, 1, 0, 1}) == render::Color{0, 1, 0, 1});
  CHECK(look.color("loop", {0, 0, 1, 1}) == render::Color{0, 0, 1, 1});
  const auto problems = look.problems();
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "leaderboard.toml: rows: expected an integer, got a string; using 3");
  CHECK(problems[1].find("$colors.nope") != std::string::npos);
  CHECK(problems[1].find("theme.toml") != std::string::npos);
  CHECK(problems[2].find("not a colour") != std::string::npos);
  CHECK(problems[3].find("loop") != std::string::npos);
}

TEST_CASE("look: a TOML syntax error names the file and line", "[look]") {
  try {
    scene::Look look("a = 1\nb = [\n", "leaderboard.toml", kTheme, "theme.toml");
    FAIL("no error");
  } catch (const core::ConfigError& e) {
    CHECK(e.file() == "leaderboard.toml");
    CHECK(e.line() >= 2);
    CHECK(std::string(e.what()).find("TOML syntax error") != std::string::npos);
  }
}

TEST_CASE("look store: a looks directory overrides defaults key by key", "[look]") {
  const auto dir = scratch("override");
  write(dir / "leaderboard.toml", "rows = 12\n");
  write(dir / "theme.toml", "[colors]\naccent = \"#FF0000\"\n");
  scene::LookStore store(
      kTheme,
      {{"leaderboard", "rows = 10\ntitle = \"LIVE\"\nbar = \"$colors.accent\"\n"},
       {"clock", "size = 40\n"}},
      dir);
  const auto lb = store.look("leaderboard");
  CHECK(lb->integer("rows", 0) == 12);
  CHECK(lb->string("title", "") == "LIVE");  // kept from the embedded default
  CHECK(lb->color("bar", {}) == render::Color{1, 0, 0, 1});
  CHECK(store.look("clock")->integer("size", 0) == 40);
  CHECK(store.look("nope")->integer("size", 5) == 5);
}

TEST_CASE("look store: poll reloads edited files, keeps the old look on a broken edit", "[look]") {
  const auto dir = scratch("reload");
  write(dir / "leaderboard.toml", "rows = 12\n");
  scene::LookStore store(kTheme, {{"leaderboard", "rows = 10\n"}, {"clock", "size = 40\n"}}, dir);
  auto t = std::chrono::steady_clock::now();
  CHECK(store.poll(t).empty());  // nothing changed

  write(dir / "leaderboard.toml", "rows = 14   \n");  // a different size: seen even within
                                                      // the file system's mtime resolution
  t += std::chrono::seconds(1);
  CHECK(store.poll(t) == std::vector<std::string>{"leaderboard"});
  CHECK(store.look("leaderboard")->integer("rows", 0) == 14);

  // Polls closer together than the interval do not touch the disk.
  write(dir / "leaderboard.toml", "rows = 15\n");
  CHECK(store.poll(t + std::chrono::milliseconds(100)).empty());
  t += std::chrono::seconds(1);
  CHECK(store.poll(t) == std::vector<std::string>{"leaderboard"});
  CHECK(store.look("leaderboard")->integer("rows", 0) == 15);

  write(dir / "leaderboard.toml", "rows = [\n");
  t += std::chrono::seconds(1);
  CHECK(store.poll(t).empty());
  CHECK(store.look("leaderboard")->integer("rows", 0) == 15);  // the previous look stays
  REQUIRE(store.errors().size() == 1);
  CHECK(store.errors()[0].find("leaderboard.toml:") != std::string::npos);

  write(dir / "leaderboard.toml", "rows = 9\n");
  t += std::chrono::seconds(1);
  CHECK(store.poll(t) == std::vector<std::string>{"leaderboard"});
  CHECK(store.errors().empty());

  // A theme edit reloads every kind.
  write(dir / "theme.toml", "[animation]\nin_ms = 900\n");
  t += std::chrono::seconds(1);
  CHECK(store.poll(t).size() == 2);
  CHECK(store.look("clock")->duration_ms("$animation.in_ms", core::Ms(0)) == core::Ms(900));

  // Deleting the override falls back to the embedded default.
  std::filesystem::remove(dir / "leaderboard.toml");
  t += std::chrono::seconds(1);
  CHECK(store.poll(t) == std::vector<std::string>{"leaderboard"});
  CHECK(store.look("leaderboard")->integer("rows", 0) == 10);
}

TEST_CASE("look store: a broken file at start-up is an error; export writes the defaults",
          "[look]") {
  const auto dir = scratch("export");
  scene::LookStore store(kTheme, {{"leaderboard", "rows = 10\n"}}, std::nullopt);
  store.export_defaults(dir, false);
  CHECK(std::filesystem::exists(dir / "theme.toml"));
  CHECK(std::filesystem::exists(dir / "leaderboard.toml"));
  scene::LookStore reread(kTheme, {{"leaderboard", "rows = 10\n"}}, dir);
  CHECK(reread.look("leaderboard")->integer("rows", 0) == 10);

  write(dir / "leaderboard.toml", "rows = \n");
  CHECK_THROWS_AS(scene::LookStore(kTheme, {{"leaderboard", "rows = 10\n"}}, dir),
                  core::ConfigError);
  CHECK_THROWS_WITH(scene::LookStore(kTheme, {}, dir / "missing"),
                    Catch::Contains("is not a directory"));
}

}  // namespace look_test
