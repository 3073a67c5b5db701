#include "race/model.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"
#include "flat_index.h"
#include "index.h"
#include "race_data.h"
#include "raw_reads.h"

namespace race {
using detail::ContestIndex;
using detail::RawRead;
using detail::RawReads;
using detail::ReadLocation;

using detail::RankEntry;

std::string_view to_string(ApplyResult r) {
  switch (r) {
    case ApplyResult::applied:
      return "applied";
    case ApplyResult::duplicate:
      return "duplicate";
    case ApplyResult::no_change:
      return "no_change";
    case ApplyResult::unknown_runner:
      return "unknown_runner";
    case ApplyResult::unknown_mat:
      return "unknown_mat";
    case ApplyResult::unknown_target:
      return "unknown_target";
    case ApplyResult::rejected:
      return "rejected";
    case ApplyResult::invalid:
      break;
  }
  return "invalid";
}

struct RaceModel::Impl {
  std::shared_ptr<const detail::RaceIndex> index;
  detail::RaceSnapshotData data;
  std::shared_ptr<detail::ParticipantTable> table;
  bool table_published = false;
  std::uint64_t generation = 1;
  bool dirty = true;
  SnapshotPtr last;

  // The model's own per-runner bookkeeping, kept together so one passing touches one place.
  struct RunnerWork {
    std::array<std::int64_t, kMaxPoints> keys;  // rank key per point, or kNoKey
    RawReads raw;                               // every read, voided ones too
    std::int8_t counted_furthest = -1;          // in furthest_count, or -1
    std::uint8_t impossible = 0;                // reads flagged impossible
  };
  std::vector<RunnerWork> work;                        // by runner
  std::vector<std::vector<RunnerId>> contest_runners;  // by contest
  // Accepted messages per (source, epoch), by seq. A race has a handful of feeds.
  struct Feed {
    std::string source, epoch;
    detail::SeqIndex seqs;
  };
  std::vector<Feed> feeds;
  std::size_t last_feed = 0;

  const ContestIndex* contest_index(const RunnerState& s) const {
    return s.contest < 0 ? nullptr : &index->contests[static_cast<std::size_t>(s.contest)];
  }

  detail::SeqIndex& seqs_of(const std::string& source, const std::string& epoch) {
    if (last_feed < feeds.size() && feeds[last_feed].source == source &&
        feeds[last_feed].epoch == epoch)
      return feeds[last_feed].seqs;
    for (last_feed = 0; last_feed < feeds.size(); ++last_feed)
      if (feeds[last_feed].source == source && feeds[last_feed].epoch == epoch)
        return feeds[last_feed].seqs;
    feeds.push_back({source, epoch, {}});
    return feeds[last_feed].seqs;
  }

  // Races have a few dozen mats at most: a scan of short strings beats hashing.
  int find_mat(const std::string& id) const {
    const auto& mats = index->config->mats;
    for (std::size_t i = 0; i < mats.size(); ++i)
      if (mats[i].id.size() == id.size() && mats[i].id == id) return static_cast<int>(i);
    return -1;
  }

  RunnerState& writable_runner(RunnerId id) {
    auto& block = data.runner_blocks[static_cast<std::size_t>(id) / detail::kRunnerBlock];
    if (block->generation != generation) {
      auto copy = std::make_shared<detail::RunnerBlock>(*block);
      copy->generation = generation;
      block = std::move(copy);
    }
    dirty = true;
    return block->runners[static_cast<std::size_t>(id) % detail::kRunnerBlock];
  }

  detail::ParticipantTable& writable_table() {
    if (table_published) {
      table = std::make_shared<detail::ParticipantTable>(*table);
      table_published = false;
    }
    table->generation = generation;
    dirty = true;
    return *table;
  }

  std::optional<RunnerId> find_runner(const std::string& bib, const std::string& chip) const {
    if (!bib.empty()) {
      if (const auto id = table->by_bib.find(bib); id >= 0) return id;
    }
    if (!chip.empty()) {
      if (const auto id = table->by_chip.find(chip); id >= 0) return id;
    }
    return std::nullopt;
  }

  void init_runner_state(RunnerId id, const Participant& p);
  RunnerId add_runner(const Participant& p);
  bool recompute(RunnerId id);
  bool append_read(RunnerId id, int point, core::UtcMs time);
  void update_ranks(RunnerId id, int only_point = -1);
  void recompute_contest(int contest);

  ApplyResult apply_passing(const Passing& e);
  ApplyResult apply_gun(const GunEvent& e);
  ApplyResult apply_status(const StatusChange& e);
  ApplyResult apply_correction(const Correction& e);
  ApplyResult apply_mat_correction(const Correction& e);
  ApplyResult apply_participant(const ParticipantUpdate& e);
  bool seen_before(const Origin& o);
};

void RaceModel::Impl::init_runner_state(RunnerId id, const Participant& p) {
  RunnerState& s = writable_runner(id);
  const auto& ix = *index;
  const int old_contest = s.contest;
  auto c = ix.contest_by_id.find(p.contest);
  s.contest = static_cast<std::int16_t>(c == ix.contest_by_id.end() ? -1 : c->second);
  auto w = ix.wave_by_id.find(p.wave);
  s.wave = static_cast<std::int16_t>(w == ix.wave_by_id.end() ? -1 : w->second);
  std::string category = p.category.empty() ? derive_category(*ix.config, p) : p.category;
  auto cat = ix.category_by_id.find(category);
  s.category = static_cast<std::int16_t>(cat == ix.category_by_id.end() ? -1 : cat->second);
  s.gender = p.gender;
  if (old_contest != s.contest) {
    if (old_contest >= 0) {
      auto& list = contest_runners[static_cast<std::size_t>(old_contest)];
      list.erase(std::remove(list.begin(), list.end(), id), list.end());
    }
    if (s.contest >= 0) contest_runners[static_cast<std::size_t>(s.contest)].push_back(id);
  }
}

RunnerId RaceModel::Impl::add_runner(const Participant& p) {
  auto& t = writable_table();
  const auto id = static_cast<RunnerId>(t.rows.size());
  t.rows.push_back(std::make_shared<const Participant>(p));
  t.by_bib.set(p.bib, id);
  for (const auto& chip : p.chips) t.by_chip.set(chip, id);
  if (static_cast<std::size_t>(id) % detail::kRunnerBlock == 0) {
    auto block = std::make_shared<detail::RunnerBlock>();
    block->generation = generation;
    data.runner_blocks.push_back(std::move(block));
  }
  work.emplace_back().keys.fill(kNoKey);
  init_runner_state(id, p);
  return id;
}

// The common case, a runner reaching a new mat further along with a plausible time and no
// flagged reads: extends the chain without rebuilding it. Gives exactly what recompute()
// would; returns false (changing nothing) when the read needs the full rebuild.
bool RaceModel::Impl::append_read(RunnerId id, int point, core::UtcMs time) {
  const RunnerState& old = data.runner(id);
  const ContestIndex* ix = contest_index(old);
  const auto p = static_cast<std::size_t>(point);
  if (!ix || work[static_cast<std::size_t>(id)].impossible != 0 || point <= old.furthest ||
      old.kind[p] != ReadKind::none)
    return false;
  const auto t = time.time_since_epoch().count();
  if (old.furthest >= 0) {
    const auto f = static_cast<std::size_t>(old.furthest);
    const auto gap = t - old.time[f].time_since_epoch().count();
    if (gap <= 0 || gap < ix->min_ms_between[f][p]) return false;
  } else if (const auto gun = data.gun_of(old);
             gun && t - gun->time_since_epoch().count() < ix->min_ms_from_gun[p]) {
    return false;
  }
  RunnerState& s = writable_runner(id);
  if (s.furthest >= 0) {
    const auto f = static_cast<std::size_t>(s.furthest);
    const auto t0 = s.time[f].time_since_epoch().count();
    const double d0 = ix->distance_m[f];
    const double d1 = ix->distance_m[p];
    for (std::size_t q = f + 1; q < p; ++q) {
      const double frac = (ix->distance_m[q] - d0) / (d1 - d0);
      s.set(static_cast<int>(q),
            {core::UtcMs(
                 core::Ms(t0 + static_cast<std::int64_t>(frac * static_cast<double>(t - t0)))),
             ReadKind::interpolated});
    }
  }
  s.set(point, {time, ReadKind::read});
  s.furthest = static_cast<std::int8_t>(point);
  update_ranks(id, point);
  return true;
}

// Rebuilds a runner's times and flags from its raw reads; returns true when the visible
// state changed. Order-independent: the earliest non-void read of a mat wins.
bool RaceModel::Impl::recompute(RunnerId id) {
  const RunnerState& old = data.runner(id);
  const ContestIndex* ix = contest_index(old);
  if (!ix) return false;
  const int n = ix->point_count;
  std::array<std::int64_t, kMaxPoints> first;
  first.fill(kNoKey);
  const RawReads& reads = work[static_cast<std::size_t>(id)].raw;
  reads.for_each([&](const RawRead& r) {
    if (r.voided) return;
    auto& f = first[static_cast<std::size_t>(r.point)];
    const auto t = r.time.time_since_epoch().count();
    if (f == kNoKey || t < f) f = t;
  });
  int extra = 0;
  const auto window = index->config->dedup_window.count();
  reads.for_each([&](const RawRead& r) {
    if (!r.voided &&
        r.time.time_since_epoch().count() > first[static_cast<std::size_t>(r.point)] + window)
      ++extra;
  });

  // The best chain of reads consistent with each other and with the gun: later along the
  // course means later in time, and no faster than the world record in between. "Best" is
  // the most reads, except that a chain with the finish read beats any chain without it:
  // the finish is the official time (two mat lines, a photo finish), so a split that
  // contradicts it is the one flagged.
  const auto gun = data.gun_of(old);
  const int finish_weight = kMaxPoints + 1;
  std::array<int, kMaxPoints> score{}, prev{};
  int best = -1;
  for (int j = 0; j < n; ++j) {
    const auto jj = static_cast<std::size_t>(j);
    const auto tj = first[jj];
    score[jj] = 0;
    prev[jj] = -1;
    if (tj == kNoKey) continue;
    const int weight = j == ix->finish_point ? finish_weight : 1;
    if (!gun || tj - gun->time_since_epoch().count() >= ix->min_ms_from_gun[jj]) score[jj] = weight;
    for (int i = 0; i < j; ++i) {
      const auto ii = static_cast<std::size_t>(i);
      const auto ti = first[ii];
      if (ti == kNoKey || score[ii] == 0) continue;
      const auto gap = tj - ti;
      if (gap <= 0 || gap < ix->min_ms_between[ii][jj]) continue;
      if (score[ii] + weight >= score[jj]) {
        score[jj] = score[ii] + weight;
        prev[jj] = i;
      }
    }
    if (score[jj] > 0 && (best < 0 || score[jj] >= score[static_cast<std::size_t>(best)])) best = j;
  }
  std::array<bool, kMaxPoints> in_chain{};
  for (int p = best; p >= 0; p = prev[static_cast<std::size_t>(p)])
    in_chain[static_cast<std::size_t>(p)] = true;

  std::array<PointTime, kMaxPoints> points{};
  int impossible = 0;
  int last_chain = -1;
  for (int p = 0; p < n; ++p) {
    auto& pt = points[static_cast<std::size_t>(p)];
    const auto t = first[static_cast<std::size_t>(p)];
    if (in_chain[static_cast<std::size_t>(p)]) {
      pt = {core::UtcMs(core::Ms(t)), ReadKind::read};
      // Missed mats between two chain reads get an estimate at the pace in between.
      if (last_chain >= 0) {
        const auto t0 =
            points[static_cast<std::size_t>(last_chain)].time.time_since_epoch().count();
        const double d0 = ix->distance_m[static_cast<std::size_t>(last_chain)];
        const double d1 = ix->distance_m[static_cast<std::size_t>(p)];
        for (int q = last_chain + 1; q < p; ++q) {
          auto& gap_pt = points[static_cast<std::size_t>(q)];
          if (gap_pt.kind == ReadKind::impossible) continue;
          const double f = (ix->distance_m[static_cast<std::size_t>(q)] - d0) / (d1 - d0);
          gap_pt = {core::UtcMs(
                        core::Ms(t0 + static_cast<std::int64_t>(f * static_cast<double>(t - t0)))),
                    ReadKind::interpolated};
        }
      }
      last_chain = p;
    } else if (t != kNoKey) {
      pt = {core::UtcMs(core::Ms(t)), ReadKind::impossible};
      ++impossible;
    }
  }
  // Impossible reads between chain points keep their time and flag; the estimate for such
  // a point is not needed for ranking.

  const auto extra_reads = static_cast<std::uint8_t>(std::min(extra, 255));
  const auto furthest = static_cast<std::int8_t>(best);
  bool changed = old.extra_reads != extra_reads || old.furthest != furthest;
  for (int p = 0; p < n && !changed; ++p) {
    const auto a = old.point(p);
    const auto& b = points[static_cast<std::size_t>(p)];
    changed = a.kind != b.kind || a.time != b.time;
  }
  auto& imp = work[static_cast<std::size_t>(id)].impossible;
  data.counters.impossible =
      data.counters.impossible - imp + static_cast<std::uint64_t>(impossible);
  imp = static_cast<std::uint8_t>(impossible);
  if (!changed) return false;
  RunnerState& s = writable_runner(id);
  for (int p = 0; p < n; ++p) s.set(p, points[static_cast<std::size_t>(p)]);
  s.furthest = furthest;
  s.extra_reads = extra_reads;
  update_ranks(id);
  return true;
}

void RaceModel::Impl::update_ranks(RunnerId id, int only_point) {
  const RunnerState& s = data.runner(id);
  auto& k = work[static_cast<std::size_t>(id)].keys;
  const ContestIndex* ix = contest_index(s);
  auto& counted = work[static_cast<std::size_t>(id)].counted_furthest;
  // A runner changes contest only through apply_participant(), which takes it out of the
  // old contest's lists first; here every key belongs to the runner's current contest.
  const int n = ix ? ix->point_count : 0;
  const int lo = only_point >= 0 ? only_point : 0;
  const int hi = only_point >= 0 ? only_point + 1 : kMaxPoints;
  for (int p = lo; p < hi; ++p) {
    const auto key = p < n ? data.rank_key(s, p) : std::nullopt;
    const std::int64_t nk = key ? *key : kNoKey;
    auto& ok = k[static_cast<std::size_t>(p)];
    if (nk == ok) continue;
    auto& list =
        data.ranks[static_cast<std::size_t>(s.contest)].at_point[static_cast<std::size_t>(p)];
    if (ok != kNoKey) list.erase({ok, id}, generation);
    if (nk != kNoKey) list.insert({nk, id}, generation);
    ok = nk;
  }
  const std::int8_t furthest =
      (ix && s.furthest >= 0 && k[static_cast<std::size_t>(s.furthest)] != kNoKey)
          ? s.furthest
          : std::int8_t{-1};
  if (furthest != counted) {
    // `counted` refers to the contest the runner was counted in; contests only change via
    // participant updates, which reset the count first.
    if (counted >= 0 && s.contest >= 0)
      --data.ranks[static_cast<std::size_t>(s.contest)]
            .furthest_count[static_cast<std::size_t>(counted)];
    if (furthest >= 0)
      ++data.ranks[static_cast<std::size_t>(s.contest)]
            .furthest_count[static_cast<std::size_t>(furthest)];
    counted = furthest;
  }
  dirty = true;
}

void RaceModel::Impl::recompute_contest(int contest) {
  for (RunnerId id : contest_runners[static_cast<std::size_t>(contest)]) {
    if (!recompute(id)) update_ranks(id);
  }
}

bool RaceModel::Impl::seen_before(const Origin& o) {
  if (o.seq <= 0) return false;
  return !seqs_of(o.source, o.epoch).insert(o.seq, ReadLocation{});
}

ApplyResult RaceModel::Impl::apply_passing(const Passing& e) {
  ++data.counters.passings;
  if (has(e.flags, PassingFlag::gun)) return ApplyResult::no_change;
  const auto id = find_runner(e.bib, e.chip);
  if (!id) {
    ++data.counters.unknown_runner;
    return ApplyResult::unknown_runner;
  }
  const RunnerState& s = data.runner(*id);
  const ContestIndex* ix = contest_index(s);
  const int mat = find_mat(e.mat);
  const int point = (ix && mat >= 0) ? ix->point_of_mat[static_cast<std::size_t>(mat)] : -1;
  if (point < 0) {
    ++data.counters.unknown_mat;
    return ApplyResult::unknown_mat;
  }
  detail::SeqIndex* seqs = e.origin.seq > 0 ? &seqs_of(e.origin.source, e.origin.epoch) : nullptr;
  if (seqs) {
    if (seqs->find(e.origin.seq)) {
      ++data.counters.duplicates;
      return ApplyResult::duplicate;
    }
  }
  auto& reads = work[static_cast<std::size_t>(*id)].raw;
  bool same = false;
  reads.for_each([&](const RawRead& r) {
    same = same || (!r.voided && r.point == point && r.time == e.time);
  });
  if (same) {
    ++data.counters.duplicates;
    if (seqs) seqs->insert(e.origin.seq, ReadLocation{});
    return ApplyResult::duplicate;
  }
  if (seqs) seqs->insert(e.origin.seq, ReadLocation{*id, static_cast<std::uint32_t>(reads.size())});
  reads.push_back({e.time, static_cast<std::int8_t>(point), 0});
  if (e.time > data.last_read) {
    data.last_read = e.time;
    dirty = true;
  }
  if (append_read(*id, point, e.time) || recompute(*id)) return ApplyResult::applied;
  // Not visible: a repeat within the window is a duplicate; a later one is an extra read.
  const auto earliest = data.runner(*id).time[static_cast<std::size_t>(point)];
  if (e.time >= earliest && e.time - earliest <= index->config->dedup_window) {
    ++data.counters.duplicates;
    return ApplyResult::duplicate;
  }
  return ApplyResult::no_change;
}

ApplyResult RaceModel::Impl::apply_gun(const GunEvent& e) {
  auto c = index->contest_by_id.find(e.contest);
  if (c == index->contest_by_id.end()) return ApplyResult::rejected;
  if (!e.wave.empty()) {
    auto w = index->wave_by_id.find(e.wave);
    if (w == index->wave_by_id.end() ||
        index->wave_contest[static_cast<std::size_t>(w->second)] != c->second)
      return ApplyResult::rejected;
    auto& gun = data.wave_gun[static_cast<std::size_t>(w->second)];
    if (gun == e.time) return ApplyResult::no_change;
    gun = e.time;
  } else {
    auto& gun = data.contest_gun[static_cast<std::size_t>(c->second)];
    if (gun == e.time) return ApplyResult::no_change;
    gun = e.time;
  }
  dirty = true;
  recompute_contest(c->second);
  return ApplyResult::applied;
}

ApplyResult RaceModel::Impl::apply_status(const StatusChange& e) {
  const auto id = find_runner(e.bib, {});
  if (!id) {
    ++data.counters.unknown_runner;
    return ApplyResult::unknown_target;
  }
  if (e.status == RunnerStatus::invalid) return ApplyResult::rejected;
  if (data.runner(*id).status == e.status) return ApplyResult::no_change;
  writable_runner(*id).status = e.status;
  update_ranks(*id);
  return ApplyResult::applied;
}

ApplyResult RaceModel::Impl::apply_correction(const Correction& e) {
  if (e.at_mat) return apply_mat_correction(e);
  const Origin target{e.target_source.empty() ? e.origin.source : e.target_source,
                      e.target_epoch.empty() ? e.origin.epoch : e.target_epoch, e.target_seq};
  const ReadLocation* loc =
      target.seq > 0 ? seqs_of(target.source, target.epoch).find(target.seq) : nullptr;
  if (!loc || loc->runner < 0) return ApplyResult::unknown_target;
  const RunnerId target_runner = loc->runner;
  RawRead& r = work[static_cast<std::size_t>(loc->runner)].raw[loc->read];
  switch (e.action) {
    case Correction::Action::void_passing:
      if (r.voided & detail::kVoidedByTarget) return ApplyResult::no_change;
      r.voided |= detail::kVoidedByTarget;
      break;
    case Correction::Action::adjust_time:
      if (r.time == e.new_time && !(r.voided & detail::kVoidedByTarget))
        return ApplyResult::no_change;
      r.time = e.new_time;
      r.voided &= static_cast<std::uint8_t>(~detail::kVoidedByTarget);
      break;
    case Correction::Action::restore:
      if (!(r.voided & detail::kVoidedByTarget)) return ApplyResult::no_change;
      r.voided &= static_cast<std::uint8_t>(~detail::kVoidedByTarget);
      break;
    case Correction::Action::invalid:
      return ApplyResult::rejected;
  }
  ++data.counters.corrections;
  recompute(target_runner);
  return ApplyResult::applied;
}

// An operator's void or restore of every read of one runner at one mat.
ApplyResult RaceModel::Impl::apply_mat_correction(const Correction& e) {
  if (e.action != Correction::Action::void_passing && e.action != Correction::Action::restore)
    return ApplyResult::rejected;
  const auto id = find_runner(e.at_mat->bib, {});
  if (!id) return ApplyResult::unknown_target;
  const ContestIndex* ix = contest_index(data.runner(*id));
  const int mat = find_mat(e.at_mat->mat);
  const int point = (ix && mat >= 0) ? ix->point_of_mat[static_cast<std::size_t>(mat)] : -1;
  if (point < 0) return ApplyResult::unknown_target;
  const bool restore = e.action == Correction::Action::restore;
  bool changed = false;
  work[static_cast<std::size_t>(*id)].raw.for_each_mut([&](RawRead& r) {
    if (r.point != point || ((r.voided & detail::kVoidedAtMat) != 0) != restore) return;
    r.voided ^= detail::kVoidedAtMat;
    changed = true;
  });
  if (!changed) return ApplyResult::no_change;
  ++data.counters.corrections;
  recompute(*id);
  return ApplyResult::applied;
}

ApplyResult RaceModel::Impl::apply_participant(const ParticipantUpdate& e) {
  const Participant& p = e.participant;
  if (p.bib.empty()) return ApplyResult::rejected;
  const std::string& key = e.old_bib.empty() ? p.bib : e.old_bib;
  const RunnerId id = table->by_bib.find(key);
  if (id < 0) {
    if (!e.old_bib.empty()) return ApplyResult::unknown_target;
    for (const auto& chip : p.chips)
      if (table->by_chip.find(chip) >= 0) return ApplyResult::rejected;
    add_runner(p);
    return ApplyResult::applied;
  }
  if (p.bib != key && table->by_bib.find(p.bib) >= 0) return ApplyResult::rejected;  // bib taken
  for (const auto& chip : p.chips) {
    const auto owner = table->by_chip.find(chip);
    if (owner >= 0 && owner != id) return ApplyResult::rejected;  // chip of another runner
  }
  auto& t = writable_table();
  const Participant& before = *t.rows[static_cast<std::size_t>(id)];
  for (const auto& chip : before.chips) t.by_chip.erase(chip);
  for (const auto& chip : p.chips) t.by_chip.set(chip, id);
  t.by_bib.erase(key);
  t.by_bib.set(p.bib, id);
  t.rows[static_cast<std::size_t>(id)] = std::make_shared<const Participant>(p);
  // Leave all rankings, take the new contest/wave/category, and rank again.
  const int old_contest = data.runner(id).contest;
  auto& k = work[static_cast<std::size_t>(id)].keys;
  for (int q = 0; q < kMaxPoints && old_contest >= 0; ++q) {
    if (k[static_cast<std::size_t>(q)] != kNoKey)
      data.ranks[static_cast<std::size_t>(old_contest)].at_point[static_cast<std::size_t>(q)].erase(
          {k[static_cast<std::size_t>(q)], id}, generation);
    k[static_cast<std::size_t>(q)] = kNoKey;
  }
  auto& counted = work[static_cast<std::size_t>(id)].counted_furthest;
  if (counted >= 0 && old_contest >= 0)
    --data.ranks[static_cast<std::size_t>(old_contest)]
          .furthest_count[static_cast<std::size_t>(counted)];
  counted = -1;
  init_runner_state(id, p);
  RunnerState& s = writable_runner(id);
  s.kind = {};
  s.furthest = -1;
  // Raw reads of mats that are not on the new course are dropped.
  const ContestIndex* ix = contest_index(s);
  work[static_cast<std::size_t>(id)].raw.for_each_mut([&](RawRead& r) {
    if (!ix || r.point >= ix->point_count) r.voided |= detail::kVoidedOffCourse;
  });
  if (!recompute(id)) update_ranks(id);
  return ApplyResult::applied;
}

RaceModel::RaceModel(std::shared_ptr<const RaceConfig> config,
                     std::vector<Participant> participants)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.index = detail::compile_index(config);
  m.table = std::make_shared<detail::ParticipantTable>();
  m.data.index = m.index;
  m.data.ranks.resize(config->contests.size());
  m.contest_runners.resize(config->contests.size());
  for (const Contest& c : config->contests) m.data.contest_gun.push_back(c.gun);
  for (const Wave& w : config->waves) m.data.wave_gun.push_back(w.gun);
  m.table->rows.reserve(participants.size());
  m.work.reserve(participants.size());
  for (auto& p : participants) {
    if (p.bib.empty() || m.table->by_bib.find(p.bib) >= 0) {
      ++m.data.counters.rejected;
      continue;
    }
    m.add_runner(p);
  }
}

RaceModel::~RaceModel() = default;

ApplyResult RaceModel::apply(const Event& event) {
  Impl& m = *impl_;
  ++m.data.counters.events;
  const ApplyResult result = std::visit(
      [&m](const auto& e) -> ApplyResult {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, Passing>) {
          return m.apply_passing(e);
        } else {
          if (m.seen_before(e.origin)) {
            ++m.data.counters.duplicates;
            return ApplyResult::duplicate;
          }
          if constexpr (std::is_same_v<T, GunEvent>) return m.apply_gun(e);
          if constexpr (std::is_same_v<T, StatusChange>) return m.apply_status(e);
          if constexpr (std::is_same_v<T, Correction>) return m.apply_correction(e);
          if constexpr (std::is_same_v<T, ParticipantUpdate>) return m.apply_participant(e);
        }
      },
      event);
  if (result == ApplyResult::rejected) ++m.data.counters.rejected;
  m.dirty = true;  // counters changed
  return result;
}

SnapshotPtr RaceModel::publish() {
  Impl& m = *impl_;
  if (!m.dirty && m.last) return m.last;
  auto d = std::make_unique<detail::RaceSnapshotData>(m.data);
  d->participants = m.table;
  d->version = ++m.data.version;
  m.table_published = true;
  ++m.generation;
  m.dirty = false;
  m.last = SnapshotPtr(new RaceSnapshot(std::move(d)));
  return m.last;
}

}  // namespace race
