// Race clock: the gun time of one contest, locked to the frame's presentation time.
// Before the gun it shows a countdown or the scheduled start; digits are tabular and the
// panel is sized from a template, so the clock never changes width as it ticks.
// Engine thread only (an Overlay instance).
#include <cmath>

#include "common/draw.h"
#include "common/kinds.h"
#include "common/look_cache.h"
#include "race_clock/race_clock.h"
#include "ticker/shared.h"

extern const std::string_view kLook_race_clock;

namespace overlays {

namespace {

constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212 MINUS SIGN

}  // namespace

std::string clock_text(core::Ms elapsed, bool tenths) {
  // Floor to the displayed unit, so the clock reads 1:02:03 until 1:02:04.000 exactly and a
  // countdown reaches 0:00:00 at the gun.
  const std::int64_t unit = tenths ? 100 : 1000;
  const std::int64_t ms = elapsed.count();
  const std::int64_t ticks = ms >= 0 ? ms / unit : -((-ms + unit - 1) / unit);
  const std::int64_t mag = ticks < 0 ? -ticks : ticks;
  const std::int64_t s = tenths ? mag / 10 : mag;
  std::string out = ticks < 0 ? kMinus : "";
  out += std::to_string(s / 3600) + ":" + two_digits(s / 60 % 60) + ":" + two_digits(s % 60);
  if (tenths) out += "." + std::to_string(mag % 10);
  return out;
}

BeforeGun parse_before_gun(std::string_view mode) {
  if (mode == "auto") return BeforeGun::automatic;
  if (mode == "countdown") return BeforeGun::countdown;
  if (mode == "start_time") return BeforeGun::start_time;
  return BeforeGun::invalid;
}

ClockReading read_clock(const race::RaceSnapshot& race, int contest, core::UtcMs now,
                        const ClockOptions& options) {
  ClockReading r;
  const auto gun = race.contest_gun_time(contest);
  if (!gun) {
    r.state = ClockState::no_gun;
    r.text = options.no_gun_text;
    return r;
  }
  const core::Ms elapsed = now - *gun;
  if (elapsed.count() >= 0) {
    r.state = ClockState::running;
    r.text = clock_text(elapsed, options.tenths);
    return r;
  }
  const bool countdown =
      options.before == BeforeGun::countdown ||
      (options.before != BeforeGun::start_time && -elapsed <= options.countdown_within);
  if (countdown) {
    r.state = ClockState::countdown;
    r.text = clock_text(elapsed, options.tenths);
    return r;
  }
  r.state = ClockState::scheduled;
  const std::string hms = format_clock(*gun, race.config());  // "08:00:00"
  const bool whole_minute = hms.ends_with(":00");
  r.text = options.starts_text + (options.starts_text.empty() ? "" : " ") +
           (whole_minute ? hms.substr(0, 5) : hms);
  return r;
}

namespace {

ClockOptions read_options(const scene::Look& look, bool tenths) {
  ClockOptions options;
  options.tenths = tenths;
  options.before = parse_before_gun(look.string("before.mode", "auto"));
  if (options.before == BeforeGun::invalid) options.before = BeforeGun::automatic;
  options.countdown_within = look.duration_ms("before.countdown_within_ms", core::Ms(600'000));
  options.starts_text = look.string("before.starts_text", "STARTS");
  options.no_gun_text = look.string("before.no_gun_text", "START TBA");
  return options;
}

// The clock's look, read once per Look (see LookCache).
struct ClockLook {
  bool inline_label = false;
  float pad_x = 24, pad_y = 14, gap = 4, accent_w = 6, min_w = 0, max_label_w = 420;
  render::TextStyle label, digits, before;
  render::BoxStyle accent;
  ClockOptions options;  // tenths set per frame
};

ClockLook read_clock_look(const scene::Look& look) {
  ClockLook l;
  auto num = [&](std::string_view key, float fallback) {
    return static_cast<float>(look.number(key, fallback));
  };
  l.inline_label = look.string("layout", "stacked") == "inline";
  l.pad_x = num("padding.x", l.pad_x);
  l.pad_y = num("padding.y", l.pad_y);
  l.gap = num("label_gap", l.gap);
  l.accent_w = num("accent.width", l.accent_w);
  l.min_w = num("min_width", l.min_w);
  l.max_label_w = num("max_label_width", l.max_label_w);
  render::TextStyle label;
  label.size = 20;
  label.weight = 700;
  label.uppercase = true;
  l.label = look.text_style("label_font", label);
  render::TextStyle digits;
  digits.size = 56;
  digits.weight = 700;
  l.digits = look.text_style("digits_font", digits);
  l.digits.tabular = true;  // a running clock must not wobble
  l.before = look.text_style("before.font", l.digits);
  l.accent.fill.color = look.color("accent.color", {0, 0.63f, 0.86f, 1});
  const float r = static_cast<float>(look.number("accent.radius", 0));
  l.accent.radius = {r, 0, 0, r};
  l.options = read_options(look, false);
  return l;
}

class RaceClock final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override {
    contest_ = contest_param(params, race);
    const auto& c = race.config().contests[static_cast<std::size_t>(contest_)];
    label_ = params.get("label", c.name);
    tenths_ = params.get_bool("tenths", false);
  }

  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  int contest_ = 0;
  std::string label_;
  bool tenths_ = false;
  LookCache<ClockLook> look_;
};

void RaceClock::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const ClockLook& l = look_.get(look, 0, read_clock_look);
  ClockOptions options = l.options;
  options.tenths = tenths_;
  const ClockReading reading = read_clock(*frame.race, contest_, frame.now, options);
  const bool before = reading.state == ClockState::scheduled || reading.state == ClockState::no_gun;
  const render::TextStyle& style = before ? l.before : l.digits;

  // The digits' box is sized from the widest running reading (a minus sign, every digit
  // position), so the panel keeps its size while the clock runs. One unit of slack: a box
  // exactly as wide as its text may round to "…".
  const std::string widest = std::string(kMinus) + (tenths_ ? "0:00:00.0" : "0:00:00");
  const auto template_m = canvas.measure(widest, l.digits);
  const float digits_w = std::max(template_m.width, canvas.measure(reading.text, style).width) + 1;
  const float digits_h = template_m.ascent + template_m.descent;
  const bool has_label = !label_.empty();
  const auto label_m = has_label ? canvas.measure(label_, l.label) : render::TextMetrics{};
  const float label_h = has_label ? label_m.ascent + label_m.descent : 0;
  const float label_w = has_label ? std::min(label_m.width + 1, l.max_label_w) : 0;

  const float content_w = l.inline_label ? label_w + (has_label ? 2 * l.pad_x : 0) + digits_w
                                         : std::max(label_w, digits_w);
  const float content_h =
      l.inline_label ? std::max(label_h, digits_h) : label_h + (has_label ? l.gap : 0) + digits_h;
  const float w = std::max(l.min_w, l.accent_w + content_w + 2 * l.pad_x);
  const render::Rect box = place(frame, look, "position", {w, content_h + 2 * l.pad_y}, "top-left");
  panel(canvas, box, look);
  if (l.accent_w > 0) canvas.box({box.x, box.y, l.accent_w, box.h}, l.accent);
  const float x = box.x + l.accent_w + l.pad_x, y = box.y + l.pad_y;
  if (l.inline_label) {
    if (has_label) canvas.text({x, y, label_w, content_h}, label_, l.label);
    const float dx = has_label ? label_w + 2 * l.pad_x : 0;
    canvas.text({x + dx, y, digits_w, content_h}, reading.text, style);
  } else {
    if (has_label) canvas.text({x, y, content_w, label_h}, label_, l.label);
    const float dy = has_label ? label_h + l.gap : 0;
    canvas.text({x, y + dy, digits_w, digits_h}, reading.text, style);
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

}  // namespace

scene::OverlayKind race_clock_kind() {
  return make_kind<RaceClock>(
      "race_clock", "gun time of a contest, locked to the frame time; countdown before the gun",
      kLook_race_clock,
      {
          {"contest", "contest id (race.toml), e.g. marathon", "", {}},
          {"label", "text above the digits (default: the contest's name)", "", {}},
          {"tenths", "show tenths of a second", "false", {"true", "false"}},
      });
}

}  // namespace overlays
