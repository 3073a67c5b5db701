// Callout strap: the sentence and its label as given, Cyrillic and Kazakh text draw, long
// text wraps to two lines and shrinks but never leaves the strap or the title-safe area
// (1080p and 720p), the label follows the language and the priority, bad parameters.
#include <catch2/catch.hpp>

#include "callout/callout.h"
#include "fixture.h"
#include "race/model_fixture.h"
#include "render/text.h"

namespace callout_test {

namespace {

using overlay_test::all_problems;
using overlay_test::draw;
using overlay_test::find_text;

const core::UtcMs kNoon = fixture::at(12, 0, 0);

race::SnapshotPtr empty_race() {
  return overlay_test::make_snapshot(fixture::config(), {}, {});
}

overlay_test::DrawOptions with(std::map<std::string, std::string> p, int w = 1920, int h = 1080) {
  overlay_test::DrawOptions o;
  o.params = std::move(p);
  o.width = w;
  o.height = h;
  return o;
}

// The text ops that are not the label (the label is the first text drawn).
std::vector<const render::TextOp*> sentence_lines(const render::DrawList& list,
                                                  std::string_view label) {
  std::vector<const render::TextOp*> out;
  for (const auto* t : overlay_test::texts(list))
    if (t->text != label) out.push_back(t);
  return out;
}

// The panel's box in output pixels: the largest box op, without its shadow.
render::Rect strap_bounds(const render::DrawList& list) {
  render::Rect best;
  for (const auto& op : list.ops) {
    const auto* b = std::get_if<render::BoxOp>(&op.op);
    if (b && b->rect.w * b->rect.h > best.w * best.h) best = op.state.transform.map(b->rect);
  }
  return best;
}

const std::string kLongRu =
    "Новый лидер марафона на отметке 40 километров: Әлихан Нұрланов из Алматы, "
    "отрыв от второго места растёт и составляет уже 1 минуту 12 секунд";

}  // namespace

TEST_CASE("callout: an English sentence on one line with the FINISH label", "[callout]") {
  const std::string text = "New leader at 30K: Eliud Kipchoge, 12 seconds clear";
  const auto list = draw("callout", empty_race(), kNoon, with({{"text", text}}));
  const auto* line = overlay_test::exact(list, text);
  REQUIRE(line);
  CHECK(overlay_test::exact(list, "FINISH"));
  CHECK(sentence_lines(list, "FINISH").size() == 1);
  CHECK(all_problems(list).empty());
}

TEST_CASE("callout: Russian and Kazakh text draw with their default labels", "[callout]") {
  const std::string ru = "Первая женщина на финише: Анна Иванова, 2:21:05";
  auto list = draw("callout", empty_race(), kNoon, with({{"text", ru}, {"lang", "ru"}}));
  INFO(overlay_test::describe(list));
  CHECK(overlay_test::exact(list, ru));
  CHECK(overlay_test::exact(list, "ФИНИШ"));
  CHECK(all_problems(list).empty());  // includes: every character has a font

  const std::string kk = "Мәреге бірінші әйел келді: Жанар Сейітқызы";
  list = draw("callout", empty_race(), kNoon, with({{"text", kk}, {"lang", "kk"}}));
  CHECK(overlay_test::exact(list, kk));
  CHECK(overlay_test::exact(list, "МӘРЕ"));
  CHECK(all_problems(list).empty());

  // A label given wins; an empty one leaves the label out.
  list = draw("callout", empty_race(), kNoon,
              with({{"text", ru}, {"lang", "ru"}, {"label", "Новый лидер"}}));
  CHECK(overlay_test::exact(list, "НОВЫЙ ЛИДЕР"));  // labels are in capitals
  CHECK_FALSE(find_text(list, "ФИНИШ"));
  list = draw("callout", empty_race(), kNoon, with({{"text", ru}, {"label", ""}}));
  CHECK(overlay_test::texts(list).size() == 1);
}

TEST_CASE("callout: long text wraps to two lines, then shrinks and is cut, inside the strap",
          "[callout]") {
  const std::string very_long = kLongRu + "; " + kLongRu + "; " + kLongRu;
  for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
    INFO(w << "x" << h);
    auto list =
        draw("callout", empty_race(), kNoon, with({{"text", kLongRu}, {"lang", "ru"}}, w, h));
    auto lines = sentence_lines(list, "ФИНИШ");
    REQUIRE(lines.size() == 2);
    // Broken at a space, nothing lost or cut.
    CHECK(lines[0]->text + " " + lines[1]->text == kLongRu);
    CHECK_FALSE(lines[1]->text.ends_with("\xE2\x80\xA6"));
    const render::Rect strap = strap_bounds(list);
    for (const auto& op : list.ops) {
      if (!std::holds_alternative<render::TextOp>(op.op)) continue;
      const render::Rect b = overlay_test::text_bounds(op);
      CHECK(b.x >= strap.x - 0.5f);
      CHECK(b.right() <= strap.right() + 0.5f);
      CHECK(b.y >= strap.y - 0.5f);
      CHECK(b.bottom() <= strap.bottom() + 0.5f);
    }
    // The strap itself is inside the title-safe area (5% each side).
    CHECK(strap.x >= w * 0.05f - 0.5f);
    CHECK(strap.right() <= w * 0.95f + 0.5f);
    CHECK(strap.bottom() <= h * 0.95f + 0.5f);
    CHECK(all_problems(list).empty());

    list = draw("callout", empty_race(), kNoon, with({{"text", very_long}, {"lang", "ru"}}, w, h));
    lines = sentence_lines(list, "ФИНИШ");
    REQUIRE(lines.size() == 2);
    CHECK_FALSE(lines[0]->text.ends_with("\xE2\x80\xA6"));  // only the end is cut
    CHECK(kLongRu.starts_with(lines[0]->text));
    CHECK(lines[1]->text.ends_with("\xE2\x80\xA6"));
    for (const auto* t : lines) CHECK(t->ink.right() <= t->box.right() + 0.5f);
    CHECK(all_problems(list).empty());
  }
  CHECK(overlay_test::problems_at_other_sizes("callout", empty_race(), kNoon,
                                              with({{"text", kLongRu}})) == "");
}

TEST_CASE("callout: fitting keeps short text large and shrinks only as far as needed",
          "[callout]") {
  render::Canvas canvas(overlay_test::text_engine(), 1920, 1080);
  render::TextStyle style;
  style.size = 46;
  style.weight = 700;
  auto fit = overlays::fit_callout_text(canvas, "  First man home  ", style, 1400, 0.8f, 0.62f);
  CHECK(fit.lines == std::vector<std::string>{"First man home"});
  CHECK(fit.size == 46);
  fit = overlays::fit_callout_text(canvas, kLongRu, style, 1400, 0.8f, 0.62f);
  REQUIRE(fit.lines.size() == 2);
  CHECK(fit.size <= 46 * 0.8f);
  CHECK(fit.size >= 46 * 0.62f - 0.01f);
  style.size = fit.size;
  for (const auto& l : fit.lines) CHECK(canvas.measure(l, style).width <= 1400);
  // One word too long for any size: one line at the floor, cut when drawn.
  fit = overlays::fit_callout_text(canvas, std::string(200, 'W'), style, 600, 0.8f, 0.62f);
  CHECK(fit.lines.size() == 1);
}

TEST_CASE("callout: the label's colour follows the priority", "[callout]") {
  auto label_fill = [](const std::string& priority) {
    const auto list =
        draw("callout", empty_race(), kNoon,
             with({{"text", "Milestone: the 1,000th finisher"}, {"priority", priority}}));
    // The label block: the second box (after the panel).
    int boxes = 0;
    for (const auto& op : list.ops) {
      if (const auto* b = std::get_if<render::BoxOp>(&op.op); b && ++boxes == 2) {
        return b->style.fill.color;
      }
    }
    FAIL("no label block");
    return render::Color{};
  };
  const auto low = label_fill("low"), normal = label_fill("normal"), high = label_fill("high");
  CHECK_FALSE(low == normal);
  CHECK_FALSE(high == normal);
  CHECK(high.r > high.b);  // red for high priority
}

TEST_CASE("callout: bad parameters say what is wrong and what is accepted", "[callout]") {
  const auto race = empty_race();
  CHECK_THAT(overlay_test::param_error("callout", race, kNoon, {}),
             Catch::Contains("text is required"));
  CHECK_THAT(overlay_test::param_error("callout", race, kNoon, {{"text", "   "}}),
             Catch::Contains("text is required"));
  CHECK_THAT(overlay_test::param_error("callout", race, kNoon, {{"text", "Hi"}, {"lang", "de"}}),
             Catch::Contains("lang") && Catch::Contains("ru"));
  CHECK_THAT(
      overlay_test::param_error("callout", race, kNoon, {{"text", "Hi"}, {"priority", "urgent"}}),
      Catch::Contains("priority") && Catch::Contains("high"));
}

TEST_CASE("callout: the sentence fades in after the strap; stale badge", "[callout]") {
  auto opt = with({{"text", "First woman home"}});
  opt.on_air = core::Ms(60);  // in_ms 450: 13% in, before the sentence starts at 30%
  auto list = draw("callout", empty_race(), kNoon, opt);
  const auto* op = overlay_test::exact(list, "First woman home");
  CHECK((!op || op->state.opacity == 0));
  opt.on_air = core::Ms(5000);
  list = draw("callout", empty_race(), kNoon, opt);
  op = overlay_test::exact(list, "First woman home");
  REQUIRE(op);
  CHECK(op->state.opacity == Approx(1));
  CHECK(overlay_test::stale_badge_problems("callout", empty_race(), kNoon,
                                           with({{"text", "First woman home"}})) == "");
}

}  // namespace callout_test
