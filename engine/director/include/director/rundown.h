// Rundown: the operator's running order of graphics (rundown.toml, docs/automation.md) and a
// cursor on the item to take next. Pure value type; the engine thread (or the console) owns
// one and steps it by hand.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "scene/overlay.h"

namespace director {

struct RundownItem {
  std::string title;  // what the operator sees in the list: "Pre-race: course map"
  std::string show;   // the overlay kind
  std::map<std::string, std::string> params;
  core::Ms on_air{0};  // how long on air; 0 = until cleared by hand
  std::string note;    // for the operator only: "after the anthem"
  int line = 0;        // where the item starts in its file
};

class Rundown {
 public:
  Rundown() = default;
  explicit Rundown(std::vector<RundownItem> items) : items_(std::move(items)) {}

  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const std::vector<RundownItem>& items() const { return items_; }
  // Index of the item the next take will use; size() once every item has been taken.
  std::size_t cursor() const { return cursor_; }

  // The item under the cursor (cued), or nullptr past the end.
  const RundownItem* current() const;
  // The item to take now: returns the item under the cursor and moves the cursor past it;
  // nullptr (and no move) past the end.
  const RundownItem* next();
  // Moves the cursor back one item (not before the first) and returns the item under it,
  // so the next take repeats the previous item; nullptr when empty.
  const RundownItem* back();
  // Puts the cursor on `index` (size() is allowed: the end). Throws core::Error naming the
  // index and the valid range otherwise. Returns current().
  const RundownItem* go(std::size_t index);

 private:
  std::vector<RundownItem> items_;
  std::size_t cursor_ = 0;
};

// Parses a rundown file: [[item]] tables with title, show, params, seconds, note. `show` must
// be one of `kinds` and each params key one of its parameters. Throws core::ConfigError
// naming `source_name`, the line and the key.
Rundown parse_rundown(std::string_view text, std::string_view source_name,
                      const std::vector<scene::OverlayKind>& kinds);

}  // namespace director
