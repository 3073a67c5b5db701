// Control's rundown: the loaded running order, its cursor, and the one overlay slot its items
// go on air in (taking the next item replaces the rundown graphic before it).
#include "control/control.h"
#include "json_out.h"

namespace control {
namespace {

std::string item_name(const director::Rundown& r, std::size_t index) {
  std::string s = "item " + std::to_string(index) + " of " + std::to_string(r.size());
  if (index < r.size()) s += " (" + r.items()[index].title + ")";
  return s;
}

std::string cursor_text(const director::Rundown& r) {
  return r.cursor() < r.size()
             ? "cursor on " + item_name(r, r.cursor())
             : "cursor at the end (" + std::to_string(r.size()) + " items, all taken)";
}

}  // namespace

RundownState Control::rundown_locked() const {
  RundownState r;
  if (!rundown_) return r;
  r.loaded = true;
  r.source = rundown_source_;
  r.items = rundown_->items();
  r.cursor = rundown_->cursor();
  r.slot = slots_.count(rundown_slot_) ? rundown_slot_ : 0;
  if (r.slot && slots_.at(r.slot).state == SlotState::on_air) r.on_air = rundown_on_air_;
  return r;
}

RundownState Control::rundown() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rundown_locked();
}

void Control::check_rundown_locked() const {
  if (!rundown_)
    throw ControlError(409, "no_rundown",
                       "no rundown is loaded: start pacecast run with --rundown FILE (or "
                       "`rundown = \"FILE\"` in its config file)");
}

void Control::emit_rundown_locked(std::string_view action, std::string_view by) {
  emit_locked("rundown", "\"action\":" + json::text(std::string(action)) +
                             ",\"by\":" + json::text(std::string(by)) +
                             ",\"rundown\":" + json::text(json::rundown(rundown_locked(), false)));
}

void Control::note_rundown_slot_locked(const OverlaySlot& s) {
  if (rundown_ && s.id == rundown_slot_ && s.state != SlotState::on_air && rundown_on_air_) {
    rundown_on_air_.reset();
    emit_rundown_locked("off_air", s.by);
  }
}

void Control::set_rundown(director::Rundown rundown, std::string source, std::string_view by) {
  std::lock_guard<std::mutex> step(rundown_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rundown_ = std::move(rundown);
    rundown_source_ = std::move(source);
    rundown_on_air_.reset();
    log_locked(by, "rundown loaded from " +
                       (rundown_source_.empty() ? "(unnamed)" : rundown_source_) + ": " +
                       std::to_string(rundown_->size()) + " items, " + cursor_text(*rundown_));
    emit_rundown_locked("load", by);
  }
  deliver();
}

void Control::take_rundown_item_locked(const director::RundownItem& item, std::size_t index,
                                       std::string_view by) {
  auto it = slots_.find(rundown_slot_);
  if (it == slots_.end()) {
    const int id = rundown_slot_ = next_slot_++;
    OverlaySlot s;
    s.id = id;
    it = slots_.emplace(id, std::move(s)).first;
  }
  OverlaySlot& s = it->second;
  // The graphic the rundown had on air goes out as the new item comes in.
  if (s.state == SlotState::on_air)
    actions_.push_back({Action::Kind::clear, s.id, s.kind, {}, {}, s.take_seq});
  s.state = SlotState::off;
  s.kind = item.show;
  s.params = item.params;
  s.label = "Rundown " + std::to_string(index) + ": " + item.title;
  std::optional<double> seconds;
  if (item.on_air.count() > 0) seconds = static_cast<double>(item.on_air.count()) / 1000.0;
  take_locked(s, by, seconds);
  rundown_->next();
  rundown_on_air_ = index;
  log_locked(by, "rundown: took " + item_name(*rundown_, index) + ", " + cursor_text(*rundown_));
  emit_rundown_locked("next", by);
}

std::size_t Control::rundown_next(std::string_view by) {
  std::lock_guard<std::mutex> step(rundown_mutex_);
  director::RundownItem item;
  std::size_t index = 0;
  std::string source;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_rundown_locked();
    check_director_locked(by);
    const director::RundownItem* current = rundown_->current();
    if (!current)
      throw ControlError(409, "rundown_end",
                         "every item of the rundown (" + std::to_string(rundown_->size()) +
                             ") has been taken; go back, or POST /api/rundown/go {\"index\": 0} "
                             "to start again");
    item = *current;
    index = rundown_->cursor();
    source = rundown_source_.empty() ? "line " : rundown_source_ + ":";
  }
  const std::string where = "rundown item " + std::to_string(index) + " (" + item.title + ", " +
                            source + std::to_string(item.line) + ")";
  try {
    validate(find_kind(item.show), item.params, race());
  } catch (const ControlError& e) {
    throw ControlError(e.status(), e.code(),
                       where + ": " + e.what() +
                           "; the cursor stays: fix the item, or skip it "
                           "with POST /api/rundown/go {\"index\": " +
                           std::to_string(index + 1) + "}");
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    take_rundown_item_locked(item, index, by);
  }
  deliver();
  return index;
}

void Control::rundown_back(std::string_view by) {
  std::lock_guard<std::mutex> step(rundown_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_rundown_locked();
    rundown_->back();
    log_locked(by, "rundown: back, " + cursor_text(*rundown_));
    emit_rundown_locked("back", by);
  }
  deliver();
}

void Control::rundown_go(std::int64_t index, std::string_view by) {
  std::lock_guard<std::mutex> step(rundown_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_rundown_locked();
    const auto size = static_cast<std::int64_t>(rundown_->size());
    if ((index < 0 || index > size) && size == 0)
      throw ControlError(400, "bad_index",
                         "index " + std::to_string(index) +
                             ": the rundown has no items; only 0 (the end) is valid");
    if (index < 0 || index > size)
      throw ControlError(400, "bad_index",
                         "index " + std::to_string(index) + ": the rundown has " +
                             std::to_string(size) + " items, numbered 0 to " +
                             std::to_string(size - 1) + " (" + std::to_string(size) +
                             " puts the cursor at the end)");
    rundown_->go(static_cast<std::size_t>(index));
    log_locked(by, "rundown: go, " + cursor_text(*rundown_));
    emit_rundown_locked("go", by);
  }
  deliver();
}

}  // namespace control
