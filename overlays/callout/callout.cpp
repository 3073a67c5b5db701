// Callout: one short announcer sentence on air (a news strap across the lower part of the
// frame), with a small label in the callout's priority colour. The text comes from the
// parameters (the app picks what goes on air); long text wraps to two lines and shrinks,
// and is never drawn outside the strap. Engine thread only (an Overlay instance).
#include "callout/callout.h"

#include <algorithm>
#include <optional>

#include "common/draw.h"
#include "common/kinds.h"
#include "common/look_cache.h"
#include "ticker/shared.h"

extern const std::string_view kLook_callout;

namespace overlays {

namespace {

float callout_width(render::Canvas& canvas, std::string_view text, render::TextStyle style,
                    float size) {
  style.size = size;
  return canvas.measure(text, style).width;
}

// The break (a space) that makes the longer of the two lines the shortest, and that width.
struct CalloutBreak {
  std::size_t at = std::string_view::npos;
  float longer = 0;
};
CalloutBreak callout_break(render::Canvas& canvas, std::string_view text,
                           const render::TextStyle& style, float size) {
  CalloutBreak best;
  for (std::size_t at = text.find(' '); at != std::string_view::npos; at = text.find(' ', at + 1)) {
    const float longer = std::max(callout_width(canvas, text.substr(0, at), style, size),
                                  callout_width(canvas, text.substr(at + 1), style, size));
    if (best.at == std::string_view::npos || longer < best.longer) best = {at, longer};
  }
  return best;
}

std::string_view callout_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

CalloutFit fit_callout_text(render::Canvas& canvas, std::string_view text,
                            const render::TextStyle& style, float max_width, float two_line_scale,
                            float min_scale) {
  text = callout_trim(text);
  CalloutFit fit;
  fit.size = style.size;
  if (callout_width(canvas, text, style, style.size) <= max_width ||
      text.find(' ') == std::string_view::npos) {
    fit.lines = {std::string(text)};
    if (text.find(' ') == std::string_view::npos) {
      // One long word: shrink it to the floor at most, then it is cut.
      while (fit.size > style.size * min_scale &&
             callout_width(canvas, text, style, fit.size) > max_width) {
        fit.size = std::max(style.size * min_scale, fit.size - style.size * 0.04f);
      }
    }
    return fit;
  }
  const float floor = style.size * std::min(min_scale, two_line_scale);
  float size = style.size * two_line_scale;
  CalloutBreak br = callout_break(canvas, text, style, size);
  while (br.longer > max_width && size > floor) {
    size = std::max(floor, size - style.size * 0.04f);
    br = callout_break(canvas, text, style, size);
  }
  fit.size = size;
  std::size_t at = br.at;
  if (br.longer > max_width) {
    // Too long even at the floor: the first line takes as many words as fit, so only the
    // end of the sentence is cut.
    for (std::size_t s = text.find(' '); s != std::string_view::npos; s = text.find(' ', s + 1)) {
      if (callout_width(canvas, text.substr(0, s), style, size) > max_width) break;
      at = s;
    }
  }
  fit.lines = {std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
  return fit;
}

namespace {

// The callout's look, read once per Look (see LookCache).
struct CalloutLook {
  float w = 1728, h = 116, pad_x = 28, gap = 26, label_pad = 22, label_radius = 12;
  float two_line_scale = 0.8f, min_scale = 0.62f, spacing = 1.25f, delay = 0.3f;
  render::TextStyle text, label;
  render::Color low, normal, high;
  std::string label_en, label_ru, label_kk;
};

CalloutLook read_callout_look(const scene::Look& look) {
  CalloutLook l;
  auto num = [&](std::string_view key, float fallback) {
    return static_cast<float>(look.number(key, fallback));
  };
  l.w = num("size.w", l.w);
  l.h = num("size.h", l.h);
  l.pad_x = num("padding.x", l.pad_x);
  l.gap = num("label_gap", l.gap);
  l.label_pad = num("label_padding.x", l.label_pad);
  l.label_radius = num("label_radius", l.label_radius);
  l.two_line_scale = std::clamp(num("two_line_scale", l.two_line_scale), 0.3f, 1.f);
  l.min_scale = std::clamp(num("min_scale", l.min_scale), 0.3f, 1.f);
  l.spacing = std::clamp(num("line_spacing", l.spacing), 0.8f, 2.f);
  l.delay = std::clamp(num("reveal.delay", l.delay), 0.f, 0.95f);
  render::TextStyle text;
  text.size = 46;
  text.weight = 700;
  l.text = look.text_style("text_font", text);
  render::TextStyle label;
  label.size = 26;
  label.weight = 800;
  label.uppercase = true;
  l.label = look.text_style("label_font", label);
  l.low = look.color("priority.low", {0.36f, 0.43f, 0.55f, 1});
  l.normal = look.color("priority.normal", {0, 0.63f, 0.86f, 1});
  l.high = look.color("priority.high", {0.9f, 0.28f, 0.3f, 1});
  l.label_en = look.string("labels.en", "FINISH");
  l.label_ru = look.string("labels.ru", "ФИНИШ");
  l.label_kk = look.string("labels.kk", "МӘРЕ");
  return l;
}

float callout_ease(float t) {
  t = std::clamp(t, 0.f, 1.f);
  return t * t * (3 - 2 * t);
}

class Callout final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot&) override {
    text_ = std::string(callout_trim(params.get("text")));
    if (text_.empty()) {
      throw scene::ParamError(
          "text is required: the sentence to show on air, e.g. text=\"New leader at 30K\"");
    }
    label_.reset();
    if (params.has("label")) label_ = params.get("label");
    lang_ = params.get("lang", "en");
    priority_ = params.get("priority", "normal");
    fit_key_.clear();
  }

  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  const CalloutFit& fit(render::Canvas& canvas, const CalloutLook& l, float width);

  std::string text_, lang_ = "en", priority_ = "normal";
  std::optional<std::string> label_;
  LookCache<CalloutLook> look_;
  // The fitted text for the look generation, output height and width it was fitted at.
  std::string fit_key_;
  CalloutFit fit_;
};

const CalloutFit& Callout::fit(render::Canvas& canvas, const CalloutLook& l, float width) {
  const std::string key = std::to_string(look_.generation()) + "/" +
                          std::to_string(canvas.height()) + "/" + std::to_string(width);
  if (key != fit_key_) {
    fit_ = fit_callout_text(canvas, text_, l.text, width, l.two_line_scale, l.min_scale);
    fit_key_ = key;
  }
  return fit_;
}

void Callout::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const CalloutLook& l = look_.get(look, 0, read_callout_look);
  const render::Rect box =
      place(frame, look, "position", {std::min(l.w, frame.safe.w), l.h}, "bottom-center");
  panel(canvas, box, look, "panel");

  // The label block: the priority's colour, as wide as its text.
  std::string label = label_          ? *label_
                      : lang_ == "ru" ? l.label_ru
                      : lang_ == "kk" ? l.label_kk
                                      : l.label_en;
  float text_x = box.x + l.pad_x;
  if (!label.empty()) {
    const float max_label = box.w * 0.3f;
    const float label_w =
        std::min(max_label, canvas.measure(label, l.label).width + 2 * l.label_pad + 1);
    render::BoxStyle fill;
    fill.fill.color = priority_ == "high" ? l.high : priority_ == "low" ? l.low : l.normal;
    fill.radius = {l.label_radius, 0, 0, l.label_radius};
    const render::Rect block{box.x, box.y, label_w, box.h};
    canvas.box(block, fill);
    canvas.text({block.x + l.label_pad, block.y, block.w - 2 * l.label_pad, block.h}, label,
                l.label, render::Align::center);
    text_x = block.right() + l.gap;
  }

  const float text_w = std::max(0.f, box.right() - l.pad_x - text_x);
  const CalloutFit& f = fit(canvas, l, text_w);
  render::TextStyle style = l.text;
  style.size = f.size;
  const float line_h = f.size * l.spacing;
  const float top = box.y + (box.h - line_h * static_cast<float>(f.lines.size())) / 2;

  const float reveal = callout_ease((frame.transition - l.delay) / (1 - l.delay));
  if (reveal > 0) {
    canvas.save();
    canvas.clip(box);
    canvas.multiply_opacity(reveal);
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
      const float y = top + line_h * static_cast<float>(i);
      canvas.text({text_x, y, text_w, line_h}, f.lines[i], style);
    }
    canvas.restore();
  }
  stale_badge_clear_of(canvas, frame, look, box);
}

}  // namespace

scene::OverlayKind callout_kind() {
  return make_kind<Callout>(
      "callout", "one announcer sentence on a strap, with a label in its priority colour",
      kLook_callout,
      {
          {"text", "the sentence to show, UTF-8 (required)", "", {}},
          {"label", "the small label (default FINISH in the callout's language)", "", {}},
          {"lang", "the sentence's language (picks the default label)", "en", {"en", "ru", "kk"}},
          {"priority", "the label's colour", "normal", {"low", "normal", "high"}},
      });
}

}  // namespace overlays
