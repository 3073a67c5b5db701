// ArrivalBoard: the runners expected at the finish (or a chosen mat) in the next seconds,
// with what an announcer needs to call them, grouped by ETA. Plain structs, ready to be
// serialised by the caller. Owned by its user; one thread at a time (keeps candidates
// between updates); the snapshots it reads are immutable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "announcer/notes.h"
#include "announcer/predict.h"
#include "announcer/provenance.h"
#include "core/time.h"
#include "race/snapshot.h"

namespace announcer {

struct ArrivalQuery {
  std::string contest;  // Contest::id; empty = every contest
  std::string mat;      // Mat::id; empty = each contest's finish
  core::Ms horizon{120'000};
  core::Ms group_window{1'000};  // an ETA within this of the previous one joins its group
  std::size_t limit = 40;        // arrivals in all
  core::Ms grace{30'000};        // how long an overdue runner (not yet read) stays listed
};

struct Arrival {
  race::RunnerId runner = -1;
  std::string bib, name, pronunciation, country, city;
  std::string contest;   // Contest::id
  std::string category;  // Category::id
  std::string team;      // relay
  int leg = 0;           // relay leg, 1-based; 0 otherwise
  bool vip = false;
  std::vector<Note> notes;
  Provenance provenance = Provenance::invalid;
  std::string provenance_reason;
  bool callable = false;  // false for a weak runner: list, but do not call as normal
  Method method = Method::invalid;
  core::UtcMs eta{};
  double seconds_to_go = 0;  // may be ≤ 0 briefly: overdue but not yet read
  core::Ms rank_time{0};     // predicted elapsed at the mat, contest's rank basis
  core::Ms net_time{0};      // predicted net elapsed at the mat (0 when the start is unknown)
  int place_overall = 0;     // projected
  int place_gender = 0;      // projected; 0 when the gender is unknown
};

struct ArrivalGroup {
  core::UtcMs eta{};  // the first arrival's
  std::vector<Arrival> arrivals;
};

struct Arrivals {
  core::UtcMs now{};
  std::vector<ArrivalGroup> groups;  // by ETA
  std::size_t count() const;
};

class ArrivalBoard {
 public:
  explicit ArrivalBoard(ArrivalQuery query = {});
  ArrivalBoard(const ArrivalBoard&) = delete;
  ArrivalBoard& operator=(const ArrivalBoard&) = delete;
  ~ArrivalBoard();

  const ArrivalQuery& query() const { return query_; }
  // The queue at `now` (race time, the replay's clock). Cheap when called often: only the
  // runners between the last mats before the target are projected.
  Arrivals update(const race::RaceSnapshot& s, core::UtcMs now);

 private:
  struct Target;
  void retarget(const race::RaceSnapshot& s);
  void refresh_candidates(const race::RaceSnapshot& s, Target& t);
  void refresh_ranked(const race::RaceSnapshot& s, Target& t);
  // Predicts every candidate of `t`, drops those no longer coming, and appends the ones
  // due within the horizon (or overdue within the grace) to `out`.
  void project(const race::RaceSnapshot& s, Target& t, core::UtcMs now, std::vector<Arrival>& out);
  Arrival describe(const race::RaceSnapshot& s, race::RunnerId id, const Prediction& p,
                   core::UtcMs now) const;

  ArrivalQuery query_;
  FieldNotes notes_;
  const race::RaceConfig* config_ = nullptr;  // the config the targets were built for
  std::vector<Target> targets_;
  std::uint64_t updates_ = 0;
};

}  // namespace announcer
