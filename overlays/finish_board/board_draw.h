// Drawing for the finish board: the full-screen background, the finisher card (mode A),
// the top-10 board (mode B) and the waiting screen, laid out from the look and scaled to
// the screen width. Holds references for one frame; engine thread.
#pragma once

#include <string>
#include <vector>

#include "race/snapshot.h"
#include "render/canvas.h"
#include "scene/look.h"
#include "scene/overlay.h"
#include "ticker/shared.h"

namespace overlays {

inline constexpr std::size_t kTopRows = 10;

// One line of a list, as shown.
struct BoardRow {
  race::RunnerId runner = -1;
  std::string place;  // "1", "" when unplaced
  std::string name, country, time, contest;
};

struct ContestTop {
  int contest = -1;
  std::string name;
  std::vector<BoardRow> rows;  // at most kTopRows, by place
};

struct FinisherCard {
  BoardRow hero;
  std::string place_text;        // "2nd"
  std::string time_label;        // "GUN TIME" / "NET TIME"
  core::Ms since{0};             // since the hero crossed (drives the entrance)
  std::vector<BoardRow> recent;  // the previous finishers, latest first
  bool show_contest = false;     // several contests on the board: name each row's
};

class BoardPainter {
 public:
  BoardPainter(render::Canvas& canvas, const scene::Look& look, const scene::Frame& frame);

  void background();
  void waiting(const std::string& race_name);
  void card(const FinisherCard& card, float opacity);
  void top(const ContestTop& top, std::size_t index, std::size_t count, float opacity);
  void stale(const scene::Frame& frame);

  std::size_t recent_rows() const;
  core::Ms rotate_fade() const;

 private:
  struct RowStyle {
    render::TextStyle place, name, time, contest;
    float place_w = 0, chip_w = 0, time_w = 0, contest_w = 0, gap = 0;
    ChipStyle chip;
  };
  float num(std::string_view key, double fallback) const;  // scaled by the board's scale
  render::TextStyle font(std::string_view key, float size, int weight, bool tabular = false) const;
  RowStyle row_style(std::string_view key) const;
  void fit_columns(RowStyle& s, const std::vector<BoardRow>& rows, float row_w, bool& show_contest);
  bool portrait() const;  // the screen is taller than wide
  static std::size_t split_point(std::string_view name);
  render::Rect header(const std::string& text);
  void row(const render::Rect& r, const BoardRow& row, const RowStyle& s, bool show_contest);
  // Both return the height or bottom they used.
  float hero_name(const render::Rect& r, const std::string& name);
  float hero(const FinisherCard& card, float y);

  render::Canvas& canvas_;
  const scene::Look& look_;
  render::Rect screen_;
  render::Rect area_;  // where content goes: the title-safe area
  float k_ = 1;        // layout scale: 1 on a 1920-unit-wide screen
};

}  // namespace overlays
