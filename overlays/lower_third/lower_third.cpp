// Lower third: one runner's name, large, over a line with bib, country, category, club or
// relay team and leg, and a note. Bottom-left in the safe area with an accent bar; the
// second line reveals a beat after the first as the overlay animates in.
// Engine thread only (an Overlay instance).
#include <algorithm>

#include "common/draw.h"
#include "common/kinds.h"
#include "common/look_cache.h"
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

render::TextStyle font(const scene::Look& look, std::string_view key, float size, int weight,
                       const render::Color& color) {
  render::TextStyle fallback;
  fallback.size = size;
  fallback.weight = weight;
  fallback.color = color;
  return look.text_style(key, fallback);
}

// The lower third's look, read once per Look (see LookCache).
struct ThirdLook {
  std::string bib_prefix, leg_prefix, separator;
  bool upper_last = true;
  float w = 960, name_h = 78, line_h = 52, accent_w = 10, pad_x = 28;
  float delay = 0.35f, slide = 24, gap = 22, share = 0.55f;
  render::BoxStyle accent;
  render::TextStyle name, info, bib, note;
  ChipStyle chip;
  render::Color divider;
};

ThirdLook read_third_look(const scene::Look& look) {
  ThirdLook l;
  auto num = [&](std::string_view key, float fallback) {
    return static_cast<float>(look.number(key, fallback));
  };
  l.bib_prefix = look.string("bib_prefix", "#");
  l.leg_prefix = look.string("leg_prefix", "Leg ");
  l.separator = look.string("team_leg_separator", " · ");
  l.upper_last = look.flag("upper_last", true);
  l.w = num("size.w", l.w);
  l.name_h = num("name_height", l.name_h);
  l.line_h = num("line_height", l.line_h);
  l.accent_w = num("accent.width", l.accent_w);
  l.pad_x = num("padding.x", l.pad_x);
  l.accent.fill.color = look.color("accent.color", {0, 0.63f, 0.86f, 1});
  const float ar = num("accent.radius", 0);
  l.accent.radius = {ar, 0, 0, ar};
  l.name = font(look, "name_font", 48, 800, {1, 1, 1, 1});
  l.delay = std::clamp(num("reveal.delay", l.delay), 0.f, 0.95f);
  l.slide = num("reveal.slide_y", l.slide);
  l.info = font(look, "info_font", 28, 600, {1, 1, 1, 1});
  l.bib = font(look, "bib_font", 28, 700, {1, 1, 1, 1});
  l.note = font(look, "note_font", 28, 600, {0.96f, 0.76f, 0.26f, 1});
  l.chip = read_chip_style(look, "country");
  l.gap = num("item_gap", l.gap);
  l.divider = look.color("divider_color", {1, 1, 1, 0.3f});
  // Club and note share what is left after the short items; the club takes at most
  // `club_share` of it when a note follows.
  l.share = std::clamp(num("club_share", l.share), 0.1f, 0.9f);
  return l;
}

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
                        const std::vector<LowerThirdItem>& items, const ThirdLook& l);

  race::RunnerId runner_ = -1;
  std::optional<std::string> note_;
  bool show_bib_ = true;
  LookCache<ThirdLook> look_;
};

float smoothstep01(float t) {
  t = std::clamp(t, 0.f, 1.f);
  return t * t * (3 - 2 * t);
}

void LowerThird::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const race::RaceSnapshot& race = *frame.race;
  const ThirdLook& l = look_.get(look, 0, read_third_look);
  LowerThirdOptions options;
  options.show_bib = show_bib_;
  options.note = note_;
  options.bib_prefix = l.bib_prefix;
  options.leg_prefix = l.leg_prefix;
  options.separator = l.separator;
  const auto items = lower_third_items(race, runner_, options);
  std::string name = display_name(race.participant(runner_), l.upper_last);
  if (name.empty()) name = options.bib_prefix + race.participant(runner_).bib;

  const float max_w = frame.safe.w;
  const render::Rect box =
      place(frame, look, "position", {std::min(l.w, max_w), l.name_h + l.line_h}, "bottom-left");

  panel(canvas, {box.x, box.y, box.w, l.name_h}, look, "name_panel");
  canvas.box({box.x, box.y, l.accent_w, box.h}, l.accent);

  const float text_x = box.x + l.accent_w + l.pad_x;
  canvas.text({text_x, box.y, box.right() - l.pad_x - text_x, l.name_h}, name, l.name);

  // The second line follows the first: it starts revealing once the whole graphic is part
  // way in, sliding up out from under the name bar.
  const float reveal = smoothstep01((frame.transition - l.delay) / (1 - l.delay));
  if (reveal > 0) {
    const render::Rect line{box.x + l.accent_w, box.y + l.name_h, box.w - l.accent_w, l.line_h};
    canvas.save();
    canvas.clip(line);
    canvas.multiply_opacity(reveal);
    canvas.translate(0, -l.slide * (1 - reveal));
    panel(canvas, line, look, "line_panel");
    draw_second_line(canvas, line, items, l);
    canvas.restore();
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

void LowerThird::draw_second_line(render::Canvas& canvas, const render::Rect& line,
                                  const std::vector<LowerThirdItem>& items, const ThirdLook& l) {
  const float gap = l.gap;
  float x = line.x + l.pad_x;
  const float right = line.right() - l.pad_x;
  bool has_note = false;
  for (const auto& item : items) has_note = has_note || item.kind == LowerThirdItem::Kind::note;
  for (std::size_t i = 0; i < items.size() && x < right; ++i) {
    const auto& item = items[i];
    if (i > 0) {
      const float mid = x - gap / 2;
      canvas.line({mid, line.y + line.h * 0.3f}, {mid, line.y + line.h * 0.7f}, 2, l.divider);
    }
    const render::Rect cell{x, line.y, right - x, line.h};
    float used = 0;
    switch (item.kind) {
      case LowerThirdItem::Kind::country:
        used = draw_chip(canvas, cell, item.text, l.chip);
        break;
      case LowerThirdItem::Kind::bib:
        used = canvas.text(cell, item.text, l.bib).width;
        break;
      case LowerThirdItem::Kind::club: {
        const float room = has_note ? (right - x) * l.share : right - x;
        used = canvas.text({x, line.y, room, line.h}, item.text, l.info).width;
        break;
      }
      case LowerThirdItem::Kind::note:
        used = canvas.text(cell, item.text, l.note).width;
        break;
      default:
        used = canvas.text(cell, item.text, l.info).width;
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
