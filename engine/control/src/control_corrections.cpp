// Control's race side: the latest snapshot, runner search and the operator's corrections
// (status, bib, name, void a passing), each submitted to the engine and undoable.
#include <algorithm>
#include <chrono>

#include "control/control.h"
#include "control/fold.h"
#include "core/text.h"
#include "json_out.h"

namespace control {
namespace {

constexpr std::size_t kMaxTextBytes = 256;  // the feed protocol's string limit
constexpr std::size_t kMaxBibBytes = 32;
constexpr std::int64_t kPendingMs = 10'000;

std::int64_t steady_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void check_text(std::string_view what, std::string_view value, std::size_t max) {
  if (value.size() > max || !core::valid_utf8(value))
    throw ControlError(
        400, "bad_value",
        std::string(what) + ": at most " + std::to_string(max) + " bytes of UTF-8 text");
}

std::string status_name(race::RunnerStatus s) {
  return s == race::RunnerStatus::ok ? "OK" : std::string(race::to_string(s));
}

bool same_person(const race::Participant& a, const race::Participant& b) {
  return a.bib == b.bib && a.first_name == b.first_name && a.last_name == b.last_name;
}

}  // namespace

std::string_view to_string(CorrectionKind k) {
  switch (k) {
    case CorrectionKind::status:
      return "status";
    case CorrectionKind::bib:
      return "bib";
    case CorrectionKind::name:
      return "name";
    case CorrectionKind::void_passing:
      return "void_passing";
    case CorrectionKind::invalid:
      break;
  }
  return "invalid";
}

// A runner as Control knows it: the snapshot, with what was submitted since on top.
struct Control::Target {
  race::RunnerId id = -1;
  race::Participant participant;
  race::RunnerStatus status = race::RunnerStatus::invalid;
};

void Control::set_race(race::SnapshotPtr race) {
  std::lock_guard<std::mutex> lock(mutex_);
  race_ = std::move(race);
  if (pending_.empty() || !race_) return;
  const auto now = steady_ms_now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    const race::RunnerId id = it->first;
    Pending& p = it->second;
    if (static_cast<std::size_t>(id) < race_->runner_count()) {
      if (p.participant && same_person(*p.participant, race_->participant(id)))
        p.participant.reset();
      if (p.status && race_->runner(id).status == *p.status) p.status.reset();
    }
    const bool done = (!p.participant && !p.status) || now - p.steady_ms > kPendingMs;
    it = done ? pending_.erase(it) : std::next(it);
  }
}

race::SnapshotPtr Control::race() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return race_;
}

Control::Target Control::target_locked(std::string_view bib) const {
  if (!hooks_.submit)
    throw ControlError(409, "no_engine",
                       "corrections need the engine: this Control has no submit hook");
  if (!race_)
    throw ControlError(409, "no_race", "no race yet: corrections wait for the first snapshot");
  std::optional<race::RunnerId> id;
  bool renamed = false;
  for (const auto& [rid, p] : pending_) {
    if (!p.participant) continue;
    if (p.participant->bib == bib) id = rid;
    if (static_cast<std::size_t>(rid) < race_->runner_count() &&
        race_->participant(rid).bib == bib && p.participant->bib != bib)
      renamed = true;
  }
  if (!id && !renamed) id = race_->find_bib(bib);
  if (!id)
    throw ControlError(404, "unknown_runner",
                       "no runner with bib '" + std::string(bib) + "' in " + race_->config().name +
                           "; GET /api/runners?q=... finds runners");
  Target t;
  t.id = *id;
  t.participant = race_->participant(*id);
  t.status = race_->runner(*id).status;
  if (auto it = pending_.find(*id); it != pending_.end()) {
    if (it->second.participant) t.participant = *it->second.participant;
    if (it->second.status) t.status = *it->second.status;
  }
  return t;
}

race::Origin Control::next_origin_locked() {
  return race::Origin{"operator", epoch_, next_origin_seq_++};
}

void Control::note_pending_locked(race::RunnerId runner, const race::Event& event) {
  auto& pending = pending_[runner];
  pending.steady_ms = steady_ms_now();
  if (const auto* s = std::get_if<race::StatusChange>(&event)) pending.status = s->status;
  if (const auto* u = std::get_if<race::ParticipantUpdate>(&event))
    pending.participant = u->participant.get();
  if (!pending.status && !pending.participant) pending_.erase(runner);
}

// submit_mutex_ is held: events reach the engine in the order they were built.
int Control::submit(CorrectionRecord record, race::Event event) {
  try {
    hooks_.submit(event);
  } catch (const std::exception& e) {
    throw ControlError(500, "engine_error",
                       "the engine refused the correction (" + record.text + "): " + e.what());
  }
  int id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    note_pending_locked(record.runner, event);
    record.id = id = static_cast<int>(corrections_.size()) + 1;
    record.wall_ms = core::utc_now().time_since_epoch().count();
    log_locked(record.by, "correction " + std::to_string(id) + ": " + record.text);
    emit_locked("correction", "\"correction\":" + json::text(json::correction(record)));
    corrections_.push_back(std::move(record));
  }
  deliver();
  return id;
}

int Control::correct_status(std::string_view bib, race::RunnerStatus status, std::string reason,
                            std::string_view by) {
  if (status == race::RunnerStatus::invalid)
    throw ControlError(400, "bad_value", "status: expected ok, dns, dnf or dsq");
  check_text("reason", reason, kMaxTextBytes);
  std::lock_guard<std::mutex> order(submit_mutex_);
  CorrectionRecord r;
  race::StatusChange e;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Target t = target_locked(bib);
    r.kind = CorrectionKind::status;
    r.runner = t.id;
    r.bib = t.participant.bib;
    r.before_status = t.status;
    r.by = std::string(by);
    r.text = status_name(status) + " for " + r.bib + (reason.empty() ? "" : " (" + reason + ")") +
             ", was " + status_name(t.status);
    e = race::StatusChange{next_origin_locked(), r.bib, status, std::move(reason)};
  }
  return submit(std::move(r), e);
}

int Control::correct_bib(std::string_view old_bib, std::string new_bib, std::string_view by) {
  new_bib = std::string(core::trim(new_bib));
  check_text("new bib", new_bib, kMaxBibBytes);
  if (new_bib.empty()) throw ControlError(400, "bad_value", "new bib: empty; give the new bib");
  std::lock_guard<std::mutex> order(submit_mutex_);
  CorrectionRecord r;
  race::ParticipantUpdate e;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Target t = target_locked(old_bib);
    if (new_bib == t.participant.bib)
      throw ControlError(400, "bad_value", "bib " + new_bib + " is already that runner's bib");
    bool taken = true;
    try {
      target_locked(new_bib);
    } catch (const ControlError&) {
      taken = false;
    }
    if (taken)
      throw ControlError(409, "bib_taken",
                         "bib " + new_bib + " belongs to another runner; change that one first");
    r.kind = CorrectionKind::bib;
    r.runner = t.id;
    r.bib = new_bib;
    r.before_bib = t.participant.bib;
    r.by = std::string(by);
    r.text = "bib " + t.participant.bib + " is now " + new_bib + " (" +
             t.participant.display_name() + ")";
    race::Participant p = t.participant;
    p.bib = new_bib;
    e = race::ParticipantUpdate{next_origin_locked(), t.participant.bib, std::move(p)};
  }
  return submit(std::move(r), e);
}

int Control::correct_name(std::string_view bib, std::string first, std::string last,
                          std::string_view by) {
  first = std::string(core::trim(first));
  last = std::string(core::trim(last));
  check_text("first name", first, kMaxTextBytes);
  check_text("last name", last, kMaxTextBytes);
  if (first.empty() && last.empty())
    throw ControlError(400, "bad_value", "name: give a first name, a last name or both");
  std::lock_guard<std::mutex> order(submit_mutex_);
  CorrectionRecord r;
  race::ParticipantUpdate e;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Target t = target_locked(bib);
    r.kind = CorrectionKind::name;
    r.runner = t.id;
    r.bib = t.participant.bib;
    r.before_first = t.participant.first_name;
    r.before_last = t.participant.last_name;
    r.by = std::string(by);
    race::Participant p = t.participant;
    p.first_name = std::move(first);
    p.last_name = std::move(last);
    r.text = "name of " + r.bib + " is now " + p.display_name() + ", was " +
             t.participant.display_name();
    e = race::ParticipantUpdate{next_origin_locked(), "", std::move(p)};
  }
  return submit(std::move(r), e);
}

int Control::void_passing(std::string_view bib, std::string_view mat, std::string_view by) {
  std::lock_guard<std::mutex> order(submit_mutex_);
  CorrectionRecord r;
  race::Correction e;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Target t = target_locked(bib);
    const race::RaceConfig& config = race_->config();
    const int contest = race_->runner(t.id).contest;
    const int point = contest < 0 ? -1 : race_->point_index(contest, mat);
    if (point < 0) {
      std::vector<std::string> mats;
      if (contest >= 0)
        for (const auto& p : config.contests[static_cast<std::size_t>(contest)].points)
          mats.push_back(p.mat);
      throw ControlError(400, "unknown_mat",
                         "mat '" + std::string(mat) + "' is not on the course of runner " +
                             t.participant.bib + "; its mats: " + core::join(mats));
    }
    const race::ReadKind kind = race_->runner(t.id).kind[static_cast<std::size_t>(point)];
    if (kind != race::ReadKind::read && kind != race::ReadKind::impossible)
      throw ControlError(
          409, "no_passing",
          "runner " + t.participant.bib + " has no passing at " + std::string(mat) + " to void");
    r.kind = CorrectionKind::void_passing;
    r.runner = t.id;
    r.bib = t.participant.bib;
    r.mat = std::string(mat);
    r.by = std::string(by);
    r.text = "passing of " + r.bib + " at " + r.mat + " voided";
    e.origin = next_origin_locked();
    e.action = race::Correction::Action::void_passing;
    e.at_mat = std::make_shared<const race::MatTarget>(race::MatTarget{r.bib, r.mat});
  }
  return submit(std::move(r), e);
}

// The event that puts back what correction `r` changed, on the runner as it is now (found
// by id: its bib may have changed since).
race::Event Control::inverse_locked(const CorrectionRecord& r) {
  if (static_cast<std::size_t>(r.runner) >= (race_ ? race_->runner_count() : 0))
    throw ControlError(409, "no_race",
                       "the runner of correction " + std::to_string(r.id) + " is not in the race");
  std::string bib = race_->participant(r.runner).bib;
  if (auto it = pending_.find(r.runner); it != pending_.end() && it->second.participant)
    bib = it->second.participant->bib;
  race::Participant p = target_locked(bib).participant;
  switch (r.kind) {
    case CorrectionKind::status:
      return race::StatusChange{next_origin_locked(), bib, r.before_status,
                                "undo of correction " + std::to_string(r.id)};
    case CorrectionKind::bib: {
      bool taken = true;
      try {
        taken = target_locked(r.before_bib).id != r.runner;
      } catch (const ControlError&) {
        taken = false;
      }
      if (taken)
        throw ControlError(
            409, "bib_taken",
            "bib " + r.before_bib + " belongs to another runner now; change that one first");
      p.bib = r.before_bib;
      return race::ParticipantUpdate{next_origin_locked(), bib, std::move(p)};
    }
    case CorrectionKind::name:
      p.first_name = r.before_first;
      p.last_name = r.before_last;
      return race::ParticipantUpdate{next_origin_locked(), "", std::move(p)};
    case CorrectionKind::void_passing: {
      race::Correction c;
      c.origin = next_origin_locked();
      c.action = race::Correction::Action::restore;
      c.at_mat = std::make_shared<const race::MatTarget>(race::MatTarget{bib, r.mat});
      return c;
    }
    case CorrectionKind::invalid:
      break;
  }
  throw ControlError(500, "internal", "correction " + std::to_string(r.id) + " has no kind");
}

void Control::undo(int correction_id, std::string_view by) {
  std::lock_guard<std::mutex> order(submit_mutex_);
  race::Event event;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (correction_id < 1 || correction_id > static_cast<int>(corrections_.size()))
      throw ControlError(
          404, "unknown_correction",
          "no correction " + std::to_string(correction_id) + "; GET /api/corrections lists them");
    const CorrectionRecord& r = corrections_[static_cast<std::size_t>(correction_id - 1)];
    if (r.undone)
      throw ControlError(409, "already_undone",
                         "correction " + std::to_string(r.id) + " (" + r.text +
                             ") was undone already by " + r.undone_by);
    event = inverse_locked(r);
  }
  try {
    hooks_.submit(event);
  } catch (const std::exception& e) {
    throw ControlError(500, "engine_error",
                       "the engine refused the undo of correction " +
                           std::to_string(correction_id) + ": " + e.what());
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    CorrectionRecord& r = corrections_[static_cast<std::size_t>(correction_id - 1)];
    r.undone = true;
    r.undone_by = std::string(by);
    note_pending_locked(r.runner, event);
    log_locked(by, "undid correction " + std::to_string(r.id) + ": " + r.text);
    emit_locked("correction", "\"correction\":" + json::text(json::correction(r)));
  }
  deliver();
}

std::vector<CorrectionRecord> Control::corrections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return corrections_;
}

}  // namespace control
