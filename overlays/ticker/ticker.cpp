// Finisher ticker: a bar across the bottom of the screen with a "FINISHERS" block and the
// latest finishers crawling right to left ("Aibek SULTANALIEV KAZ 2:21:20 (Marathon 2nd)").
// The crawl is a pure function of (snapshot, frame time, take time): see tape.h. The tape
// is rebuilt when the snapshot version or the look changes, extended as time passes, and
// only the items on screen are drawn.
// Engine thread only (an Overlay instance).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "common/draw.h"
#include "common/kinds.h"
#include "common/look_cache.h"
#include "ticker/tape.h"

extern const std::string_view kLook_ticker;

namespace overlays {
namespace {

constexpr std::size_t kMaxCount = 200;

// What the look says about the bar and its items; read once per frame.
struct TickerLook {
  float height = 64, bottom = 0, margin_x = 0, label_pad = 24, label_min_w = 0;
  float part_gap = 14, item_gap = 56, max_name_w = 560, dot = 8;
  bool edge_to_edge = true, upper_last = true;
  double speed = 120;
  std::string label, empty_text;
  render::TextStyle name, time, info, label_font, empty_font;
  ChipStyle chip;
  render::Color dot_color{0, 0.63f, 0.86f, 1};
  friend bool operator==(const TickerLook&, const TickerLook&) = default;
};

render::TextStyle style(const scene::Look& look, std::string_view key, float size, int weight,
                        bool tabular = false) {
  render::TextStyle fallback;
  fallback.size = size;
  fallback.weight = weight;
  fallback.tabular = tabular;
  return look.text_style(key, fallback);
}

TickerLook read_ticker_look(const scene::Look& look) {
  TickerLook l;
  auto num = [&](std::string_view key, float fallback) {
    return static_cast<float>(look.number(key, fallback));
  };
  l.height = num("bar.height", 64);
  l.bottom = num("bar.bottom", 0);
  l.margin_x = num("bar.margin_x", 0);
  l.label_pad = num("label.padding_x", 24);
  l.label_min_w = num("label.min_width", 0);
  l.part_gap = num("item.part_gap", 14);
  l.item_gap = num("item.gap", 56);
  l.max_name_w = num("item.max_name_width", 560);
  l.dot = num("item.dot_size", 8);
  l.dot_color = look.color("item.dot_color", l.dot_color);
  l.edge_to_edge = look.flag("crawl.edge_to_edge", true);
  l.speed = look.number("crawl.speed", 120);
  l.upper_last = look.flag("upper_last", true);
  l.label = look.string("label.text", "FINISHERS");
  l.empty_text = look.string("empty_text", "Waiting for the first finishers");
  l.name = style(look, "name_font", 30, 700);
  l.time = style(look, "time_font", 30, 600, true);
  l.info = style(look, "info_font", 24, 500);
  l.label_font = style(look, "label.font", 26, 800);
  l.empty_font = style(look, "empty_font", 26, 500);
  l.chip = read_chip_style(look, "country");
  return l;
}

// The strings of one item and their widths, fixed when the item joins the tape.
struct ItemText {
  std::string name, country, time, info;
  float name_w = 0, chip_w = 0, time_w = 0, info_w = 0;
};

class Ticker final : public scene::Overlay {
 public:
  void configure(const scene::Params& params, const race::RaceSnapshot& race) override {
    contest_ = params.get("contest", "all") == "all" ? -1 : contest_param(params, race);
    count_ = static_cast<std::size_t>(params.get_int("count", 20, 1, static_cast<int>(kMaxCount)));
    speed_ = params.has("speed") ? params.get_int("speed", 120, 10, 2000) : 0;
    finishers_.invalidate();  // rebuild everything on the next frame
  }

  void draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) override;

 private:
  void refresh(render::Canvas& canvas, const scene::Frame& frame, const TickerLook& l,
               const TapeConfig& config);
  float measure_item(render::Canvas& canvas, const race::RaceSnapshot& race, const TickerLook& l,
                     std::size_t index, int place);
  // `tag` tells the item's parts apart (each has its own style).
  float width_of(render::Canvas& canvas, const std::string& text, const render::TextStyle& s,
                 char tag);
  void draw_item(render::Canvas& canvas, const ItemText& text, const TickerLook& l, float x,
                 const render::Rect& bar);

  int contest_ = -1;
  std::size_t count_ = 20;
  int speed_ = 0;  // 0: the look's crawl.speed

  // --- derived data, rebuilt from (finishers, look, geometry, take time) ---
  TickerLook look_;
  LookCache<TickerLook> looks_;  // what draw() reads from its Look
  float scale_ = 0;
  FinisherList finishers_;
  Tape tape_;
  std::vector<ItemText> texts_;                    // parallel to tape_.items()
  std::unordered_map<std::string, float> widths_;  // text → width, for the current look
};

float Ticker::width_of(render::Canvas& canvas, const std::string& text, const render::TextStyle& s,
                       char tag) {
  // Keyed by part and text; the cache is dropped whenever the look or the scale changes.
  std::string key(1, tag);
  key += text;
  if (auto it = widths_.find(key); it != widths_.end()) return it->second;
  if (widths_.size() > 50'000) widths_.clear();
  const float w = canvas.measure(text, s).width;
  widths_.emplace(std::move(key), w);
  return w;
}

float Ticker::measure_item(render::Canvas& canvas, const race::RaceSnapshot& race,
                           const TickerLook& l, std::size_t index, int place) {
  const Finisher& f = finishers_.all()[index];
  ItemText t;
  t.name = finisher_name(race, f.runner, l.upper_last);
  t.country = race.participant(f.runner).country;
  t.time = format_time(f.time);
  const auto& contest = race.config().contests[static_cast<std::size_t>(f.contest)];
  t.info = "(" + (contest_ < 0 ? contest.name + " " : std::string()) + ordinal(place) + ")";
  t.name_w = std::min(width_of(canvas, t.name, l.name, 'n'), l.max_name_w);
  t.chip_w =
      t.country.empty() ? 0 : width_of(canvas, t.country, l.chip.font, 'c') + 2 * l.chip.padding;
  t.time_w = width_of(canvas, t.time, l.time, 't');
  t.info_w = width_of(canvas, t.info, l.info, 'i');
  float w = t.name_w + l.part_gap + t.time_w + l.part_gap + t.info_w;
  if (t.chip_w > 0) w += t.chip_w + l.part_gap;
  texts_.push_back(std::move(t));
  return w;
}

void Ticker::refresh(render::Canvas& canvas, const scene::Frame& frame, const TickerLook& l,
                     const TapeConfig& config) {
  const float scale = canvas.state().transform.uniform_scale();
  const bool look_changed = !(l == look_) || scale != scale_;
  if (look_changed) widths_.clear();
  const bool rebuilt = finishers_.update(*frame.race, contest_);
  if (rebuilt || look_changed || !(config == tape_.config())) {
    tape_.reset(finishers_, config);
    texts_.clear();
  }
  look_ = l;
  scale_ = scale;
  tape_.extend(frame.now, [&](std::size_t index, int place) {
    return measure_item(canvas, *frame.race, l, index, place);
  });
}

void Ticker::draw(render::Canvas& canvas, const scene::Frame& frame, const scene::Look& look) {
  const TickerLook& l = looks_.get(look, 0, read_ticker_look);
  const float bar_x = frame.screen.x + l.margin_x;
  const render::Rect bar{bar_x, frame.safe.bottom() - l.bottom - l.height,
                         frame.screen.right() - l.margin_x - bar_x, l.height};
  panel(canvas, bar, look, "bar_panel");

  // The label block reaches the bar's left end; its text starts inside the safe area.
  const float label_text_x = std::max(bar.x + l.label_pad, frame.safe.x);
  const float label_w = std::max(l.label_min_w, canvas.measure(l.label, l.label_font).width);
  const render::Rect label{bar.x, bar.y, label_text_x + label_w + 1 + l.label_pad - bar.x, bar.h};
  panel(canvas, label, look, "label.panel");
  canvas.text({label_text_x, bar.y, label_w + 1, bar.h}, l.label, l.label_font);

  const float crawl_right =
      l.edge_to_edge ? bar.right() : std::min(bar.right(), frame.safe.right());
  const render::Rect crawl{label.right(), bar.y, crawl_right - label.right(), bar.h};
  TapeConfig config;
  config.take = frame.now - frame.on_air;
  config.speed = speed_ > 0 ? speed_ : std::clamp(l.speed, 10.0, 2000.0);
  config.crawl_w = crawl.w;
  config.gap = l.item_gap;
  config.count = count_;
  refresh(canvas, frame, l, config);

  if (finishers_.count_until(frame.now) == 0) {
    canvas.text(crawl.inset(l.label_pad, 0), l.empty_text, l.empty_font);
  } else {
    const double offset = tape_.offset_at(frame.now);
    const auto [first, last] = tape_.overlapping(offset, offset + crawl.w);
    canvas.save();
    canvas.clip(crawl);
    for (std::size_t i = first; i < last; ++i) {
      const auto& item = tape_.items()[i];
      const float x = crawl.x + static_cast<float>(item.pos - offset);
      draw_item(canvas, texts_[i], l, x, bar);
      render::BoxStyle dot;
      dot.fill.color = l.dot_color;
      dot.rounded(l.dot / 2);
      const float cx = x + item.width + l.item_gap / 2;
      canvas.box({cx - l.dot / 2, bar.y + (bar.h - l.dot) / 2, l.dot, l.dot}, dot);
    }
    canvas.restore();
  }
  // The badge sits above the bar's right end, kept inside the title-safe area.
  const float badge_right = std::min(bar.right(), frame.safe.right());
  stale_badge_clear_of(canvas, frame, look, {bar.x, bar.y, badge_right - bar.x, bar.h});
}

void Ticker::draw_item(render::Canvas& canvas, const ItemText& t, const TickerLook& l, float x,
                       const render::Rect& bar) {
  // One unit of slack: a box exactly as wide as its text may round to "…".
  canvas.text({x, bar.y, t.name_w + 1, bar.h}, t.name, l.name);
  x += t.name_w + l.part_gap;
  if (t.chip_w > 0) {
    draw_chip(canvas, {x, bar.y, t.chip_w, bar.h}, t.country, l.chip);
    x += t.chip_w + l.part_gap;
  }
  canvas.text({x, bar.y, t.time_w + 1, bar.h}, t.time, l.time);
  x += t.time_w + l.part_gap;
  canvas.text({x, bar.y, t.info_w + 1, bar.h}, t.info, l.info);
}

}  // namespace

scene::OverlayKind ticker_kind() {
  return make_kind<Ticker>(
      "ticker", "the latest finishers crawling along the bottom of the screen", kLook_ticker,
      {
          {"contest", "contest id (race.toml), or all for every contest's finish", "all", {}},
          {"count", "how many of the latest finishers the crawl loops through (1-200)", "20", {}},
          {"speed", "crawl speed in units per second (10-2000; default: the look's)", "", {}},
      });
}

}  // namespace overlays
