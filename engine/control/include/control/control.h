// Control: the operator's state, shared by the console (in process), the HTTP API and the
// director: overlay slots (off, cued, on air), the operator's rundown, runner search,
// journaled and undoable corrections, automation on/off, the data delay, a log, and the run's
// status. The app owns it; the render loop carries its overlay actions out through
// ProgramScene.
// Thread-safety: Safe. Every call holds one mutex briefly (never during a configure(), a
// submit or a subscriber); subscribers are called outside it, in the order of the changes.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/status.h"
#include "core/error.h"
#include "core/time.h"
#include "director/rundown.h"
#include "race/event.h"
#include "race/snapshot.h"
#include "scene/overlay.h"

namespace control {

// A refused operation: an HTTP status (400, 404, 409, 500), a short code ("bad_parameter",
// "unknown_overlay", "unknown_runner", ...) and a message that says what, where and what to do.
class ControlError : public core::Error {
 public:
  ControlError(int status, std::string code, const std::string& message)
      : core::Error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

enum class SlotState : std::uint8_t { invalid, off, cued, on_air };
std::string_view to_string(SlotState s);  // "off", "cued", "on_air"

// An overlay the operator prepared: its kind and parameters, and whether it is on air.
struct OverlaySlot {
  int id = 0;  // from 1, never reused
  std::string kind;
  std::string label;
  std::map<std::string, std::string> params;
  SlotState state = SlotState::off;
  std::string by;                       // who made the last change: console, api, director...
  std::optional<double> auto_clear_s;   // taken for this many seconds of scene time
  std::optional<core::UtcMs> clear_at;  // that clear's scene time, once the take is done
  std::string error;                    // why the program scene refused it (the slot went off)
  std::uint64_t take_seq = 0;           // counts takes, to tell a stale report from a new take
};

// A cued overlay, for a console drawing the preview with a Scene of its own.
struct PreviewLayer {
  int id = 0;
  std::string kind;
  std::string label;
  scene::Params params;
};

// One runner found by search().
struct RunnerHit {
  race::RunnerId id = -1;
  std::string bib;
  std::string name;                    // "First Last"
  std::string contest;                 // contest id
  std::string status;                  // "ok", "DNS", "DNF", "DSQ"
  std::string furthest_mat;            // the furthest mat with a read, "" before the first
  std::optional<core::Ms> last_split;  // elapsed (the contest's ranking) at that mat
  int live_place = 0;                  // overall live place, 0 when none
};

enum class CorrectionKind : std::uint8_t { invalid, status, bib, name, void_passing };
std::string_view to_string(CorrectionKind k);  // "status", "bib", "name", "void_passing"

// A correction sent to the engine, with what its undo restores.
struct CorrectionRecord {
  int id = 0;  // from 1
  CorrectionKind kind = CorrectionKind::invalid;
  std::string bib;   // the runner's bib when it was made (the new bib for a bib change)
  std::string text;  // "DNF for 1234 (medical)"
  std::string by;
  std::int64_t wall_ms = 0;  // when, Unix ms
  bool undone = false;
  std::string undone_by;
  // What the undo restores (the runner is found by id: its bib may have changed since).
  race::RunnerId runner = -1;
  race::RunnerStatus before_status = race::RunnerStatus::invalid;
  std::string before_bib, before_first, before_last;
  std::string mat;  // void_passing
};

// One line of the operator's log.
struct LogEntry {
  std::int64_t seq = 0;  // from 1
  std::int64_t wall_ms = 0;
  std::string by;
  std::string text;
};

// The operator's rundown as Control holds it: the items, the cursor (the item Next takes;
// items.size() once every item has been taken) and the item the rundown's slot shows.
struct RundownState {
  bool loaded = false;
  std::string source;  // the file it came from, for the operator
  std::vector<director::RundownItem> items;
  std::size_t cursor = 0;
  std::optional<std::size_t> on_air;  // index of the item on air, while its slot is on air
  int slot = 0;                       // the rundown's overlay slot; 0 before the first take
};

// What Control needs from the app.
struct Hooks {
  // Corrections go to the engine: the app journals each event with the feed's and applies
  // it to the race model. Empty: corrections are refused (409 no_engine).
  std::function<void(race::Event)> submit;
  // The epoch of this run's corrections (their origin is "operator", epoch, seq 1, 2...).
  // Empty: "op-" and the start time in Unix ms.
  std::string epoch;
};

class ProgramScene;

class Control {
 public:
  // `kinds` (the overlay registry) must outlive the Control.
  Control(const std::vector<scene::OverlayKind>& kinds, Hooks hooks);
  ~Control();
  Control(const Control&) = delete;
  Control& operator=(const Control&) = delete;

  const std::vector<scene::OverlayKind>& kinds() const { return kinds_; }

  // --- overlays. Unknown id: ControlError 404 unknown_overlay. `by` names who acts.
  // Validates the kind and the parameter names (and, once a race is set, the values by
  // configuring the kind against it): ControlError 400 naming what is accepted. An empty
  // label becomes the kind and its first parameters.
  int add(std::string_view kind, std::map<std::string, std::string> params, std::string label,
          std::string_view by);
  void remove(int id, std::string_view by);
  // Merges `changes` into the parameters ("" removes a key); an overlay on air is updated.
  void set_params(int id, const std::map<std::string, std::string>& changes, std::string_view by);
  void set_label(int id, std::string label, std::string_view by);
  // Off → cued (the preview). An overlay on air: 409 on_air.
  void cue(int id, std::string_view by);
  // On air; with `seconds`, cleared again after that much scene time. Taking an overlay
  // already on air only changes when it clears.
  void take(int id, std::string_view by, std::optional<double> seconds = {});
  // The Take button: every cued overlay goes on air. Returns their ids.
  std::vector<int> take_cued(std::string_view by);
  // Off (an on-air overlay animates out; a cued one leaves the preview).
  void clear(int id, std::string_view by);
  std::vector<int> clear_all(std::string_view by);
  std::vector<OverlaySlot> overlays() const;
  OverlaySlot overlay(int id) const;
  std::vector<PreviewLayer> preview_layers() const;

  // --- the rundown (control_rundown.cpp). Items are numbered from 0. Each step is logged
  // with `by` and emitted as a "rundown" change message. Without a rundown every step is
  // refused with ControlError 409 no_rundown.
  // Replaces the rundown (its cursor as given); an item on air stays on air until the next.
  void set_rundown(director::Rundown rundown, std::string source, std::string_view by);
  RundownState rundown() const;
  // Takes the item under the cursor on air in the rundown's one slot, with its parameters and
  // for its seconds (0: until cleared), replacing the rundown graphic on air before it, and
  // moves the cursor on. Returns the index taken. Past the last item: 409 rundown_end. An
  // item the race refuses: 400 bad_parameter naming the item (the cursor stays).
  std::size_t rundown_next(std::string_view by);
  // Moves the cursor back one item (it stays on the first); takes nothing.
  void rundown_back(std::string_view by);
  // Puts the cursor on `index` (0..size; size is the end); takes nothing. Else 400 bad_index
  // naming the range.
  void rundown_go(std::int64_t index, std::string_view by);

  // --- the race. The app sets the latest snapshot every frame (cheap).
  void set_race(race::SnapshotPtr race);
  race::SnapshotPtr race() const;
  // Runners by bib (exact, then prefix) and then by first, last or full name containing
  // the query, ignoring case in Latin, Cyrillic and Kazakh letters. Empty without a race.
  std::vector<RunnerHit> search(std::string_view query, std::size_t limit) const;

  // --- corrections: each is submitted to the engine and recorded; returns its id. Unknown
  // bib: 404 unknown_runner; unknown mat: 400 unknown_mat; no race yet: 409 no_race.
  int correct_status(std::string_view bib, race::RunnerStatus status, std::string reason,
                     std::string_view by);
  int correct_bib(std::string_view old_bib, std::string new_bib, std::string_view by);
  int correct_name(std::string_view bib, std::string first, std::string last, std::string_view by);
  // Voids the runner's reads at `mat` (409 no_passing when the runner has none there).
  int void_passing(std::string_view bib, std::string_view mat, std::string_view by);
  // Submits the inverse. Unknown id: 404 unknown_correction; undone before: 409 already_undone.
  void undo(int correction_id, std::string_view by);
  std::vector<CorrectionRecord> corrections() const;

  // --- automation and the data delay (0..600 s, else 400 bad_value). While automation is
  // off, changes by "director" are refused with 409 automation_paused.
  void set_automation(bool enabled, std::string_view by);
  bool automation() const;
  void set_data_delay(double seconds, std::string_view by);
  double data_delay() const;

  // --- the log: the last 1,000 entries.
  void log(std::string_view by, std::string text);
  std::vector<LogEntry> log_since(std::int64_t seq) const;

  // --- the run's status, pushed by the app about once a second.
  void set_status(RunStatus status);
  RunStatus status() const;

  // --- everything above as JSON: overlays, cued, on_air, automation, data delay,
  // corrections, status, race, the last log seq and `seq`, the last change message's seq.
  std::string state_json() const;
  // Called after each change with one JSON message {"type": "overlay" | "correction" |
  // "automation" | "data_delay" | "status" | "log" | "rundown", "seq": N, ...}, outside the lock,
  // in seq order, on the thread that made the change. A listener must not subscribe or unsubscribe;
  // unsubscribe() waits for a call in progress.
  using Listener = std::function<void(const std::string& message)>;
  int subscribe(Listener listener);
  void unsubscribe(int token);

 private:
  friend class ProgramScene;
  struct Action {
    enum class Kind : std::uint8_t { invalid, take, update, clear } kind = Kind::invalid;
    int slot = 0;
    std::string overlay_kind;
    std::map<std::string, std::string> params;
    std::optional<double> seconds;
    std::uint64_t take_seq = 0;
  };
  // A participant or status submitted but not yet in a snapshot.
  struct Pending {
    std::optional<race::Participant> participant;
    std::optional<race::RunnerStatus> status;
    std::int64_t steady_ms = 0;
  };
  // ProgramScene's side (render loop).
  std::vector<Action> drain_actions();
  void note_on_air(int slot, std::uint64_t take_seq, std::optional<core::UtcMs> clear_at);
  void note_failed(int slot, std::uint64_t take_seq, const std::string& error);
  std::vector<int> due_clears(core::UtcMs now);

  // Helpers; *_locked ones need mutex_.
  OverlaySlot& slot_locked(int id);
  const OverlaySlot& slot_locked(int id) const;
  void validate(const scene::OverlayKind& kind, const std::map<std::string, std::string>& params,
                const race::SnapshotPtr& race) const;
  const scene::OverlayKind& find_kind(std::string_view name) const;
  void check_director_locked(std::string_view by) const;
  void log_locked(std::string_view by, std::string text);
  // Queues the change message {"type": TYPE, "seq": N, MEMBERS}; MEMBERS is JSON object
  // members without the braces ("\"overlay\":{...}").
  void emit_locked(std::string_view type, const std::string& members);
  void emit_slot_locked(const OverlaySlot& s);
  void take_locked(OverlaySlot& s, std::string_view by, std::optional<double> seconds);
  void clear_locked(OverlaySlot& s, std::string_view by);
  void deliver();
  // The rundown (control_rundown.cpp).
  RundownState rundown_locked() const;
  void check_rundown_locked() const;
  void emit_rundown_locked(std::string_view action, std::string_view by);
  void note_rundown_slot_locked(const OverlaySlot& s);
  // Puts `item` (the one under the cursor, at `index`) on air in the rundown's slot.
  void take_rundown_item_locked(const director::RundownItem& item, std::size_t index,
                                std::string_view by);
  // Corrections (control_corrections.cpp).
  struct Target;
  Target target_locked(std::string_view bib) const;
  int submit(CorrectionRecord record, race::Event event);
  race::Origin next_origin_locked();
  race::Event inverse_locked(const CorrectionRecord& r);
  void note_pending_locked(race::RunnerId runner, const race::Event& event);

  const std::vector<scene::OverlayKind>& kinds_;
  const Hooks hooks_;
  std::string epoch_;
  std::mutex submit_mutex_;   // serialises corrections: build, submit, record, in order
  std::mutex rundown_mutex_;  // serialises rundown loads and steps: check, take, move on

  mutable std::mutex mutex_;
  // --- the following fields are protected by mutex_
  std::map<int, OverlaySlot> slots_;
  int next_slot_ = 1;
  std::uint64_t next_take_seq_ = 1;
  std::vector<Action> actions_;
  race::SnapshotPtr race_;
  std::map<race::RunnerId, Pending> pending_;
  std::vector<CorrectionRecord> corrections_;
  std::int64_t next_origin_seq_ = 1;
  bool automation_ = true;
  std::string automation_by_ = "startup";
  double data_delay_s_ = 0;
  std::deque<LogEntry> log_;
  std::int64_t next_log_seq_ = 1;
  RunStatus status_;
  std::int64_t message_seq_ = 0;
  std::deque<std::string> outbox_;
  std::optional<director::Rundown> rundown_;
  std::string rundown_source_;
  int rundown_slot_ = 0;
  std::optional<std::size_t> rundown_on_air_;

  std::recursive_mutex deliver_mutex_;
  // --- the following fields are protected by deliver_mutex_
  std::map<int, Listener> listeners_;
  int next_listener_ = 1;
};

}  // namespace control
