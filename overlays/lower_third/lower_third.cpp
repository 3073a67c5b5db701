// Lower third: one runner's name, large, over a line with bib, country, category, club or
// relay team and leg, and a note. Bottom-left in the safe area with an accent bar; the
// second line reveals a beat after the first as the overlay animates in.
// Engine thread only (an Overlay instance).
#include <algorithm>

#include "common/draw.h"
#include "common/kinds.h"
#include "lower_third/lower_third.h"
#include "ticker/shared.h"

extern const std::string_view kLook_lower_third;

namespace overlays {

std::vector<LowerThirdItem> lower_third_items(const race::RaceSnapshot& race, race::RunnerId id,
                                              const LowerThirdOptions& options) {
  std::vector<LowerThirdItem> items;
  const race::Participant& p = race.participant(id);
  const race::RunnerState& r = race.runner(id);
  if (options.show_bib && !p.bib.empty()) {
    items.push_back({LowerThirdItem::Kind::bib, options.bib_prefix + p.bib});
  }
  if (!p.country.empty()) items.push_back({LowerThirdItem::Kind::country, p.country});
  std::string category = p.category;
  const auto& categories = race.config().categories;
  if (category.empty() && r.category >= 0 &&
      static_cast<std::size_t>(r.category) < categories.size()) {
    category = categories[static_cast<std::size_t>(r.category)].id;
  }
  if (!category.empty()) items.push_back({LowerThirdItem::Kind::category, category});
  const auto& contests = race.config().contests;
  const bool relay = r.contest >= 0 && static_cast<std::size_t>(r.contest) < contests.size() &&
                     contests[static_cast<std::size_t>(r.contest)].kind == race::ContestKind::relay;
  if (relay && !p.team.empty()) {
    std::string team = p.team;
    if (p.leg > 0) team += options.separator + options.leg_prefix + std::to_string(p.leg);
    items.push_back({LowerThirdItem::Kind::club, team});
  } else if (!p.club.empty()) {
    items.push_back({LowerThirdItem::Kind::club, p.club});
  }
  const std::string note = options.note ? *options.note : p.note;
  if (!note.empty()) items.push_back({LowerThirdItem::Kind::note, note});
  return items;
}

namespace {

class LowerThird final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override {
    runner_ = bib_param(params, race);
    note_.reset();
    if (params.has("note")) note_ = params.get("note");
    show_bib_ = params.get_bool("show_bib", true);
  }

  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  void draw_second_line(render::Canvas& canvas, const render::Rect& line,
                        const std::vector<LowerThirdItem>& items, const scene::Look& look);

  race::RunnerId runner_ = -1;
  std::optional<std::string> note_;
  bool show_bib_ = true;
};

render::TextStyle font(const scene::Look& look, std::string_view key, float size, int weight,
                       const render::Color& color) {
  render::TextStyle fallback;
  fallback.size = size;
  fallback.weight = weight;
  fallback.color = color;
  return look.text_style(key, fallback);
}

float smoothstep01(float t) {
  t = std::clamp(t, 0.f, 1.f);
  return t * t * (3 - 2 * t);
}

void LowerThird::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const race::RaceSnapshot& race = *frame.race;
  LowerThirdOptions options;
  options.show_bib = show_bib_;
  options.note = note_;
  options.bib_prefix = look.string("bib_prefix", "#");
  options.leg_prefix = look.string("leg_prefix", "Leg ");
  options.separator = look.string("team_leg_separator", " · ");
  const auto items = lower_third_items(race, runner_, options);
  std::string name = display_name(race.participant(runner_), look.flag("upper_last", true));
  if (name.empty()) name = options.bib_prefix + race.participant(runner_).bib;

  const float w = static_cast<float>(look.number("size.w", 960));
  const float name_h = static_cast<float>(look.number("name_height", 78));
  const float line_h = static_cast<float>(look.number("line_height", 52));
  const float accent_w = static_cast<float>(look.number("accent.width", 10));
  const float pad_x = static_cast<float>(look.number("padding.x", 28));
  const float max_w = frame.safe.w;
  const render::Rect box =
      place(frame, look, "position", {std::min(w, max_w), name_h + line_h}, "bottom-left");

  panel(canvas, {box.x, box.y, box.w, name_h}, look, "name_panel");
  render::BoxStyle accent;
  accent.fill.color = look.color("accent.color", {0, 0.63f, 0.86f, 1});
  const float ar = static_cast<float>(look.number("accent.radius", 0));
  accent.radius = {ar, 0, 0, ar};
  canvas.box({box.x, box.y, accent_w, box.h}, accent);

  const render::TextStyle name_style = font(look, "name_font", 48, 800, {1, 1, 1, 1});
  const float text_x = box.x + accent_w + pad_x;
  canvas.text({text_x, box.y, box.right() - pad_x - text_x, name_h}, name, name_style);

  // The second line follows the first: it starts revealing once the whole graphic is part
  // way in, sliding up out from under the name bar.
  const float delay = std::clamp(static_cast<float>(look.number("reveal.delay", 0.35)), 0.f, 0.95f);
  const float reveal = smoothstep01((frame.transition - delay) / (1 - delay));
  if (reveal > 0) {
    const float slide = static_cast<float>(look.number("reveal.slide_y", 24));
    const render::Rect line{box.x + accent_w, box.y + name_h, box.w - accent_w, line_h};
    canvas.save();
    canvas.clip(line);
    canvas.multiply_opacity(reveal);
    canvas.translate(0, -slide * (1 - reveal));
    panel(canvas, line, look, "line_panel");
    draw_second_line(canvas, line, items, look);
    canvas.restore();
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

void LowerThird::draw_second_line(render::Canvas& canvas, const render::Rect& line,
                                  const std::vector<LowerThirdItem>& items,
                                  const scene::Look& look) {
  const render::TextStyle info = font(look, "info_font", 28, 600, {1, 1, 1, 1});
  const render::TextStyle bib_style = font(look, "bib_font", 28, 700, {1, 1, 1, 1});
  const render::TextStyle note_style = font(look, "note_font", 28, 600, {0.96f, 0.76f, 0.26f, 1});
  const ChipStyle chip = read_chip_style(look, "country");
  const float pad_x = static_cast<float>(look.number("padding.x", 28));
  const float gap = static_cast<float>(look.number("item_gap", 22));
  const render::Color divider = look.color("divider_color", {1, 1, 1, 0.3f});
  // Club and note share what is left after the short items; the club takes at most
  // `club_share` of it when a note follows.
  const float share = std::clamp(static_cast<float>(look.number("club_share", 0.55)), 0.1f, 0.9f);
  float x = line.x + pad_x;
  const float right = line.right() - pad_x;
  bool has_note = false;
  for (const auto& item : items) has_note = has_note || item.kind == LowerThirdItem::Kind::note;
  for (std::size_t i = 0; i < items.size() && x < right; ++i) {
    const auto& item = items[i];
    if (i > 0) {
      const float mid = x - gap / 2;
      canvas.line({mid, line.y + line.h * 0.3f}, {mid, line.y + line.h * 0.7f}, 2, divider);
    }
    const render::Rect cell{x, line.y, right - x, line.h};
    float used = 0;
    switch (item.kind) {
      case LowerThirdItem::Kind::country:
        used = draw_chip(canvas, cell, item.text, chip);
        break;
      case LowerThirdItem::Kind::bib:
        used = canvas.text(cell, item.text, bib_style).width;
        break;
      case LowerThirdItem::Kind::club: {
        const float room = has_note ? (right - x) * share : right - x;
        used = canvas.text({x, line.y, room, line.h}, item.text, info).width;
        break;
      }
      case LowerThirdItem::Kind::note:
        used = canvas.text(cell, item.text, note_style).width;
        break;
      default:
        used = canvas.text(cell, item.text, info).width;
        break;
    }
    x += used + gap;
  }
}

}  // namespace

scene::OverlayKind lower_third_kind() {
  return make_kind<LowerThird>(
      "lower_third", "a runner's name, bib, country, category, club or team, and a note",
      kLook_lower_third,
      {
          {"bib", "the runner's bib (required)", "", {}},
          {"note", "a line of text after the details (default: the participant's note)", "", {}},
          {"show_bib", "show the bib number", "true", {"true", "false"}},
      });
}

}  // namespace overlays
