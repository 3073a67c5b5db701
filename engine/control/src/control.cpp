#include "control/control.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include "core/text.h"
#include "json_out.h"

namespace control {
namespace {

constexpr std::size_t kMaxLabelBytes = 200;
constexpr double kMaxAutoClearS = 24 * 3600;

// Parameters every scene layer accepts besides its kind's own (scene/scene.cpp).
bool generic_param(std::string_view name) {
  return name == "take" || name == "out";
}

std::string default_label(std::string_view kind, const std::map<std::string, std::string>& p) {
  std::string label(kind);
  int shown = 0;
  for (const auto& [k, v] : p) {
    if (shown++ == 2) break;
    label += " " + k + "=" + v;
  }
  return label.substr(0, kMaxLabelBytes);
}

std::string slot_name(const OverlaySlot& s) {
  return "overlay " + std::to_string(s.id) + " (" + s.label + ")";
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

std::string_view to_string(SlotState s) {
  switch (s) {
    case SlotState::off:
      return "off";
    case SlotState::cued:
      return "cued";
    case SlotState::on_air:
      return "on_air";
    case SlotState::invalid:
      break;
  }
  return "invalid";
}

Control::Control(const std::vector<scene::OverlayKind>& kinds, Hooks hooks)
    : kinds_(kinds), hooks_(std::move(hooks)) {
  epoch_ = hooks_.epoch;
  if (epoch_.empty()) {
    epoch_ = "op-" + std::to_string(core::utc_now().time_since_epoch().count());
  }
}

Control::~Control() = default;

const scene::OverlayKind& Control::find_kind(std::string_view name) const {
  for (const auto& k : kinds_)
    if (k.name == name) return k;
  std::vector<std::string> names;
  for (const auto& k : kinds_) names.push_back(k.name);
  throw ControlError(400, "unknown_kind",
                     "no overlay kind '" + std::string(name) + "'; kinds: " + core::join(names) +
                         " (GET /api/kinds lists their parameters)");
}

void Control::validate(const scene::OverlayKind& kind,
                       const std::map<std::string, std::string>& params,
                       const race::SnapshotPtr& race) const {
  for (const auto& entry : params) {
    const std::string& name = entry.first;
    const std::string& value = entry.second;
    if (!core::valid_utf8(name) || !core::valid_utf8(value))
      throw ControlError(400, "bad_parameter",
                         kind.name + ": parameter names and values must be UTF-8 text");
    if (generic_param(name)) continue;
    const auto spec = std::find_if(kind.params.begin(), kind.params.end(),
                                   [&](const scene::ParamSpec& p) { return p.name == name; });
    if (spec == kind.params.end()) {
      std::vector<std::string> names;
      for (const auto& p : kind.params) names.push_back(p.name);
      names.push_back("take");
      names.push_back("out");
      throw ControlError(400, "bad_parameter",
                         kind.name + ": unknown parameter '" + name + "'; " + kind.name +
                             " accepts: " + core::join(names));
    }
    if (!spec->choices.empty() &&
        std::find(spec->choices.begin(), spec->choices.end(), value) == spec->choices.end())
      throw ControlError(400, "bad_parameter",
                         kind.name + ": " + name + "=" + value +
                             " is not allowed; use one of: " + core::join(spec->choices));
  }
  if (!race) return;  // values are checked against the race once there is one
  try {
    const scene::Params p(params);
    p.get_time("take", race->config());
    p.get_time("out", race->config());
    kind.make()->configure(p, *race);
  } catch (const std::exception& e) {
    throw ControlError(400, "bad_parameter", e.what());
  }
}

const OverlaySlot& Control::slot_locked(int id) const {
  auto it = slots_.find(id);
  if (it == slots_.end())
    throw ControlError(404, "unknown_overlay",
                       "no overlay " + std::to_string(id) + "; GET /api/overlays lists them");
  return it->second;
}

OverlaySlot& Control::slot_locked(int id) {
  return const_cast<OverlaySlot&>(std::as_const(*this).slot_locked(id));
}

void Control::check_director_locked(std::string_view by) const {
  if (by == "director" && !automation_)
    throw ControlError(409, "automation_paused",
                       "automation is paused (by " + automation_by_ +
                           "): the director's change was not made; turn automation on to let "
                           "it act");
}

int Control::add(std::string_view kind, std::map<std::string, std::string> params,
                 std::string label, std::string_view by) {
  const scene::OverlayKind& k = find_kind(kind);
  std::erase_if(params, [](const auto& kv) { return kv.second.empty(); });
  if (label.size() > kMaxLabelBytes || !core::valid_utf8(label))
    throw ControlError(400, "bad_value",
                       "label: at most " + std::to_string(kMaxLabelBytes) + " bytes of UTF-8");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
  }
  validate(k, params, race());
  int id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    OverlaySlot s;
    s.id = id = next_slot_++;
    s.kind = k.name;
    s.label = label.empty() ? default_label(k.name, params) : std::move(label);
    s.params = std::move(params);
    s.state = SlotState::off;
    s.by = std::string(by);
    const OverlaySlot& added = slots_.emplace(id, std::move(s)).first->second;
    log_locked(by, "added " + slot_name(added));
    emit_slot_locked(added);
  }
  deliver();
  return id;
}

void Control::remove(int id, std::string_view by) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    OverlaySlot& s = slot_locked(id);
    if (s.state == SlotState::on_air)
      actions_.push_back({Action::Kind::clear, id, s.kind, {}, {}, s.take_seq});
    log_locked(by, "removed " + slot_name(s));
    s.state = SlotState::off;
    s.by = std::string(by);
    note_rundown_slot_locked(s);
    slots_.erase(id);
    emit_locked("overlay", "\"removed\":" + std::to_string(id));
  }
  deliver();
}

void Control::set_params(int id, const std::map<std::string, std::string>& changes,
                         std::string_view by) {
  std::string kind;
  std::map<std::string, std::string> merged;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    const OverlaySlot& s = slot_locked(id);
    kind = s.kind;
    merged = s.params;
  }
  std::vector<std::string> what;
  for (const auto& [k, v] : changes) {
    if (v.empty())
      merged.erase(k);
    else
      merged[k] = v;
    what.push_back(v.empty() ? k + " removed" : k + "=" + v);
  }
  validate(find_kind(kind), merged, race());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    OverlaySlot& s = slot_locked(id);
    const bool override = s.by == "director" && by != "director" && s.state == SlotState::on_air;
    s.params = merged;
    s.by = std::string(by);
    if (s.state == SlotState::on_air)
      actions_.push_back({Action::Kind::update, id, s.kind, s.params, {}, s.take_seq});
    log_locked(by, std::string(override ? "override: " : "") + slot_name(s) + ": " +
                       (what.empty() ? std::string("parameters unchanged") : core::join(what)));
    emit_slot_locked(s);
  }
  deliver();
}

void Control::set_label(int id, std::string label, std::string_view by) {
  if (label.size() > kMaxLabelBytes || !core::valid_utf8(label))
    throw ControlError(400, "bad_value",
                       "label: at most " + std::to_string(kMaxLabelBytes) + " bytes of UTF-8");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    OverlaySlot& s = slot_locked(id);
    if (label.empty()) label = default_label(s.kind, s.params);
    log_locked(by, slot_name(s) + " renamed to " + label);
    s.label = std::move(label);
    emit_slot_locked(s);
  }
  deliver();
}

void Control::cue(int id, std::string_view by) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    OverlaySlot& s = slot_locked(id);
    if (s.state == SlotState::on_air)
      throw ControlError(409, "on_air",
                         slot_name(s) + " is on air; clear it first to cue it again");
    s.state = SlotState::cued;
    s.by = std::string(by);
    s.error.clear();
    log_locked(by, "cued " + slot_name(s));
    emit_slot_locked(s);
  }
  deliver();
}

void Control::take_locked(OverlaySlot& s, std::string_view by, std::optional<double> seconds) {
  const bool override = s.by == "director" && by != "director" && s.state == SlotState::on_air;
  const bool again = s.state == SlotState::on_air;
  s.state = SlotState::on_air;
  s.error.clear();
  s.take_seq = next_take_seq_++;
  s.auto_clear_s = seconds;
  s.clear_at.reset();
  s.by = std::string(by);
  actions_.push_back({Action::Kind::take, s.id, s.kind, s.params, seconds, s.take_seq});
  std::string text = again ? slot_name(s) + " stays on air" : "took " + slot_name(s) + " on air";
  text += seconds ? " for " + seconds_text(*seconds) + " s" : again ? " until cleared" : "";
  log_locked(by, (override ? "override: " : "") + text);
  emit_slot_locked(s);
}

void Control::take(int id, std::string_view by, std::optional<double> seconds) {
  if (seconds && !(std::isfinite(*seconds) && *seconds > 0 && *seconds <= kMaxAutoClearS))
    throw ControlError(
        400, "bad_value",
        "seconds: expected a number above 0 and at most 86400, got " + seconds_text(*seconds));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    take_locked(slot_locked(id), by, seconds);
  }
  deliver();
}

std::vector<int> Control::take_cued(std::string_view by) {
  std::vector<int> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    for (auto& [id, s] : slots_) {
      if (s.state != SlotState::cued) continue;
      take_locked(s, by, std::nullopt);
      ids.push_back(id);
    }
    if (ids.empty()) log_locked(by, "take: nothing was cued");
  }
  deliver();
  return ids;
}

void Control::clear_locked(OverlaySlot& s, std::string_view by) {
  if (s.state == SlotState::off) return;
  const bool on_air = s.state == SlotState::on_air;
  const bool override = on_air && s.by == "director" && by != "director";
  std::string text = (on_air ? "cleared " : "uncued ") + slot_name(s);
  if (override && (s.clear_at || s.auto_clear_s)) text += ", cancelling the director's auto clear";
  if (on_air) actions_.push_back({Action::Kind::clear, s.id, s.kind, {}, {}, s.take_seq});
  s.state = SlotState::off;
  s.clear_at.reset();
  s.auto_clear_s.reset();
  s.by = std::string(by);
  log_locked(by, (override ? "override: " : "") + text);
  emit_slot_locked(s);
  note_rundown_slot_locked(s);
}

void Control::clear(int id, std::string_view by) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    clear_locked(slot_locked(id), by);
  }
  deliver();
}

std::vector<int> Control::clear_all(std::string_view by) {
  std::vector<int> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    check_director_locked(by);
    for (auto& [id, s] : slots_) {
      if (s.state != SlotState::on_air) continue;
      clear_locked(s, by);
      ids.push_back(id);
    }
  }
  deliver();
  return ids;
}

std::vector<OverlaySlot> Control::overlays() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<OverlaySlot> v;
  for (const auto& [id, s] : slots_) v.push_back(s);
  return v;
}

OverlaySlot Control::overlay(int id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slot_locked(id);
}

std::vector<PreviewLayer> Control::preview_layers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<PreviewLayer> v;
  for (const auto& [id, s] : slots_)
    if (s.state == SlotState::cued) v.push_back({id, s.kind, s.label, scene::Params(s.params)});
  return v;
}

// --- the render loop's side ---------------------------------------------------------------

std::vector<Control::Action> Control::drain_actions() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Action> out;
  out.swap(actions_);
  return out;
}

void Control::note_on_air(int slot, std::uint64_t take_seq, std::optional<core::UtcMs> clear_at) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = slots_.find(slot);
    if (it == slots_.end() || it->second.take_seq != take_seq ||
        it->second.state != SlotState::on_air || !clear_at)
      return;
    it->second.clear_at = clear_at;
    emit_slot_locked(it->second);
  }
  deliver();
}

void Control::note_failed(int slot, std::uint64_t take_seq, const std::string& error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = slots_.find(slot);
    if (it == slots_.end() || it->second.take_seq != take_seq ||
        it->second.state != SlotState::on_air)
      return;
    OverlaySlot& s = it->second;
    s.state = SlotState::off;
    s.clear_at.reset();
    s.auto_clear_s.reset();
    s.error = error;
    log_locked("program", slot_name(s) + " went off air: " + error);
    emit_slot_locked(s);
    note_rundown_slot_locked(s);
  }
  deliver();
}

std::vector<int> Control::due_clears(core::UtcMs now) {
  std::vector<int> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [id, s] : slots_) {
      if (s.state != SlotState::on_air || !s.clear_at || *s.clear_at > now) continue;
      s.state = SlotState::off;
      s.clear_at.reset();
      const std::string after =
          s.auto_clear_s ? " after " + seconds_text(*s.auto_clear_s) + " s" : std::string();
      s.auto_clear_s.reset();
      log_locked(s.by, "cleared " + slot_name(s) + after);
      emit_slot_locked(s);
      note_rundown_slot_locked(s);
      ids.push_back(id);
    }
  }
  if (!ids.empty()) deliver();
  return ids;
}

}  // namespace control
