// Inputs to the race model: passings, gun events, status changes, corrections and
// participant updates. Value types; the feed decodes them, the model applies them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "core/time.h"
#include "race/participant.h"

namespace race {

enum class PassingFlag : std::uint8_t {
  none = 0,
  gun = 1 << 0,     // a gun/marker read, not a runner
  backup = 1 << 1,  // from the backup timing line
  manual = 1 << 2,  // typed in by a timer
};
constexpr PassingFlag operator|(PassingFlag a, PassingFlag b) {
  return static_cast<PassingFlag>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr bool has(PassingFlag set, PassingFlag f) {
  return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(f)) != 0;
}

// Where an event came from: the feed's source id, its epoch and the message's seq.
struct Origin {
  std::string source;
  std::string epoch;
  std::int64_t seq = 0;
};

// A chip read at a mat. Either bib or chip identifies the runner.
struct Passing {
  Origin origin;
  std::string mat;  // Mat::id
  std::string bib;
  std::string chip;
  core::UtcMs time{};
  int hits = 0;
  int rssi = 0;  // peak RSSI in dBm, 0 when unknown
  PassingFlag flags = PassingFlag::none;
};

// The start of a contest or of one wave.
struct GunEvent {
  Origin origin;
  std::string contest;
  std::string wave;  // empty: the whole contest
  core::UtcMs time{};
};

enum class RunnerStatus : std::uint8_t { invalid, ok, dns, dnf, dsq };
std::string_view to_string(RunnerStatus s);     // "", "DNS", "DNF", "DSQ" ("" for ok)
RunnerStatus parse_status(std::string_view s);  // DNS/DNF/DSQ/OK (any case); invalid otherwise

struct StatusChange {
  Origin origin;
  std::string bib;
  RunnerStatus status = RunnerStatus::invalid;  // ok clears an earlier status
  std::string reason;
};

// What an operator's correction names instead of one passing: every read of a runner at a mat.
struct MatTarget {
  std::string bib;
  std::string mat;  // Mat::id
};

// Voids, adjusts or restores an earlier passing, named by its origin (same source and epoch,
// `target_seq`). An operator, who sees runners rather than messages, names instead every read
// of a runner at a mat (`at_mat`, target_seq 0): void_passing voids them, restore brings back
// those such a void took away (reads voided by a feed's correction stay voided).
struct Correction {
  enum class Action : std::uint8_t { invalid, void_passing, adjust_time, restore };
  Origin origin;
  std::string target_source;
  std::string target_epoch;
  std::int64_t target_seq = 0;
  Action action = Action::invalid;
  core::UtcMs new_time{};  // adjust_time only
  // Set for an operator's correction (void_passing or restore). Behind a pointer so that
  // the rare case does not make every Event larger.
  std::shared_ptr<const MatTarget> at_mat{};
};

// An immutable value kept behind a shared pointer, so a large rare member does not make
// every Event (a variant sized by its largest alternative) large. Converts to const T&.
template <class T>
class Boxed {
 public:
  Boxed() : p_(std::make_shared<const T>()) {}
  Boxed(T value) : p_(std::make_shared<const T>(std::move(value))) {}  // NOLINT: implicit
  operator const T&() const { return *p_; }                            // NOLINT: implicit
  const T& get() const { return *p_; }
  const T* operator->() const { return p_.get(); }

 private:
  std::shared_ptr<const T> p_;
};

// A late entry, or a change to an existing participant (bib swap: `old_bib` names the entry).
struct ParticipantUpdate {
  Origin origin;
  std::string old_bib;  // empty for a new entry or a change keyed by participant.bib
  Boxed<Participant> participant;
};

using Event = std::variant<Passing, GunEvent, StatusChange, Correction, ParticipantUpdate>;

// Every event's origin (source, epoch, seq).
inline const Origin& origin_of(const Event& e) {
  return std::visit([](const auto& x) -> const Origin& { return x.origin; }, e);
}
inline Origin& origin_of(Event& e) {
  return std::visit([](auto& x) -> Origin& { return x.origin; }, e);
}

}  // namespace race
