// Control's log, automation, data delay, run status, state as JSON and change messages.
#include <chrono>
#include <cmath>

#include "control/control.h"
#include "core/log.h"
#include "json_out.h"

namespace control {
namespace {

constexpr std::size_t kMaxLogEntries = 1000;

}  // namespace

void Control::log_locked(std::string_view by, std::string text) {
  core::log::info("control: " + std::string(by) + ": " + text);
  LogEntry e{next_log_seq_++, core::utc_now().time_since_epoch().count(), std::string(by),
             std::move(text)};
  emit_locked("log", "\"entry\":" + json::text(json::log_entry(e)));
  log_.push_back(std::move(e));
  while (log_.size() > kMaxLogEntries) log_.pop_front();
}

void Control::log(std::string_view by, std::string text) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    log_locked(by, std::move(text));
  }
  deliver();
}

std::vector<LogEntry> Control::log_since(std::int64_t seq) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<LogEntry> out;
  for (const auto& e : log_)
    if (e.seq > seq) out.push_back(e);
  return out;
}

void Control::emit_locked(std::string_view type, const std::string& members) {
  std::string m =
      "{\"type\":\"" + std::string(type) + "\",\"seq\":" + std::to_string(++message_seq_);
  if (!members.empty()) m += "," + members;
  m += "}";
  outbox_.push_back(std::move(m));
}

void Control::emit_slot_locked(const OverlaySlot& s) {
  emit_locked("overlay", "\"overlay\":" + json::text(json::slot(s)));
}

// Whoever holds deliver_mutex_ delivers every queued message in order; a thread that finds
// it held leaves its messages to that thread, which looks again after letting go.
void Control::deliver() {
  for (;;) {
    std::unique_lock<std::recursive_mutex> owner(deliver_mutex_, std::try_to_lock);
    if (!owner.owns_lock()) return;
    for (;;) {
      std::string message;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (outbox_.empty()) break;
        message = std::move(outbox_.front());
        outbox_.pop_front();
      }
      for (auto& [token, listener] : listeners_) {
        try {
          listener(message);
        } catch (const std::exception& e) {
          core::log::warn("control: a change listener failed: " + std::string(e.what()));
        }
      }
    }
    owner.unlock();
    std::lock_guard<std::mutex> lock(mutex_);
    if (outbox_.empty()) return;
  }
}

int Control::subscribe(Listener listener) {
  std::lock_guard<std::recursive_mutex> lock(deliver_mutex_);
  const int token = next_listener_++;
  listeners_.emplace(token, std::move(listener));
  return token;
}

void Control::unsubscribe(int token) {
  std::lock_guard<std::recursive_mutex> lock(deliver_mutex_);
  listeners_.erase(token);
}

void Control::set_automation(bool enabled, std::string_view by) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    automation_ = enabled;
    automation_by_ = std::string(by);
    log_locked(by, enabled ? "automation on" : "automation paused");
    emit_locked("automation", std::string("\"enabled\":") + (enabled ? "true" : "false") +
                                  ",\"by\":" + json::text(std::string(by)));
  }
  deliver();
}

bool Control::automation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return automation_;
}

void Control::set_data_delay(double seconds, std::string_view by) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 600)
    throw ControlError(400, "bad_value",
                       "data delay: expected seconds from 0 to 600, got " + json::text(seconds));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    data_delay_s_ = seconds;
    log_locked(by, "data delay " + json::text(seconds) + " s");
    emit_locked("data_delay",
                "\"seconds\":" + json::text(seconds) + ",\"by\":" + json::text(std::string(by)));
  }
  deliver();
}

double Control::data_delay() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return data_delay_s_;
}

void Control::set_status(RunStatus status) {
  if (status.wall_ms == 0) status.wall_ms = core::utc_now().time_since_epoch().count();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    emit_locked("status", "\"status\":" + json::text(json::status(status)));
    status_ = std::move(status);
  }
  deliver();
}

RunStatus Control::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

std::string Control::state_json() const {
  std::lock_guard<std::mutex> lock(mutex_);
  json::Json j;
  j["overlays"] = json::Json::array();
  j["cued"] = json::Json::array();
  j["on_air"] = json::Json::array();
  for (const auto& [id, s] : slots_) {
    j["overlays"].push_back(json::slot(s));
    if (s.state == SlotState::cued) j["cued"].push_back(id);
    if (s.state == SlotState::on_air) j["on_air"].push_back(id);
  }
  j["automation"] = {{"enabled", automation_}, {"by", automation_by_}};
  j["data_delay_s"] = data_delay_s_;
  j["corrections"] = json::Json::array();
  for (const auto& c : corrections_) j["corrections"].push_back(json::correction(c));
  j["status"] = json::status(status_);
  if (race_) {
    j["race"] = {{"name", race_->config().name},
                 {"version", race_->version()},
                 {"runners", race_->runner_count()}};
  } else {
    j["race"] = nullptr;
  }
  j["rundown"] = rundown_ ? json::rundown(rundown_locked(), true) : json::Json(nullptr);
  j["log_seq"] = next_log_seq_ - 1;
  j["seq"] = message_seq_;
  return json::text(j);
}

}  // namespace control
