#include "race/model.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "core/error.h"
#include "race_data.h"

namespace race {
using detail::ContestIndex;

using detail::RankEntry;

std::string_view to_string(ApplyResult r) {
  switch (r) {
    case ApplyResult::applied: return "applied";
    case ApplyResult::duplicate: return "duplicate";
    case ApplyResult::no_change: return "no_change";
    case ApplyResult::unknown_runner: return "unknown_runner";
    case ApplyResult::unknown_mat: return "unknown_mat";
    case ApplyResult::unknown_target: return "unknown_target";
    case ApplyResult::rejected: return "rejected";
    case ApplyResult::invalid: break;
  }
  return "invalid";
}

namespace {

constexpr std::int64_t kNoKey = std::numeric_limits<std::int64_t>::min();

struct RawRead {
  core::UtcMs time{};
  std::int8_t point = -1;
  bool voided = false;
};

struct OriginKey {
  std::uint32_t source = 0;
  std::uint32_t epoch = 0;
  std::int64_t seq = 0;
  friend bool operator==(const OriginKey&, const OriginKey&) = default;
};
struct OriginHash {
  std::size_t operator()(const OriginKey& k) const noexcept {
    std::uint64_t h = static_cast<std::uint64_t>(k.seq) * 0x9E3779B97F4A7C15ull;
    h ^= (static_cast<std::uint64_t>(k.source) << 32 | k.epoch) + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};
// Where an accepted passing's raw read lives, for corrections.
struct ReadLocation {
  RunnerId runner = -1;  // -1: an accepted non-passing event (only deduplicated)
  std::uint32_t read = 0;
};

}  // namespace

struct RaceModel::Impl {
  std::shared_ptr<const detail::RaceIndex> index;
  detail::RaceSnapshotData data;
  std::shared_ptr<detail::ParticipantTable> table;
  bool table_published = false;
  std::uint64_t generation = 1;
  bool dirty = true;
  SnapshotPtr last;

  std::vector<std::vector<RawRead>> raw;                   // by runner
  std::vector<std::array<std::int64_t, kMaxPoints>> keys;  // rank key per point, or kNoKey
  std::vector<std::int8_t> counted_furthest;               // in furthest_count, or -1
  std::vector<std::uint8_t> impossible_count;              // by runner
  std::vector<std::vector<RunnerId>> contest_runners;      // by contest
  std::unordered_map<std::string, std::uint32_t> interned;
  std::unordered_map<OriginKey, ReadLocation, OriginHash> origins;

  const ContestIndex* contest_index(const RunnerState& s) const {
    return s.contest < 0 ? nullptr : &index->contests[static_cast<std::size_t>(s.contest)];
  }

  std::uint32_t intern(const std::string& s) {
    auto [it, inserted] = interned.try_emplace(s, static_cast<std::uint32_t>(interned.size()));
    return it->second;
  }
  OriginKey origin_key(const Origin& o) { return {intern(o.source), intern(o.epoch), o.seq}; }

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
    dirty = true;
    return *table;
  }

  std::optional<RunnerId> find_runner(const std::string& bib, const std::string& chip) const {
    if (!bib.empty()) {
      auto it = table->by_bib.find(bib);
      if (it != table->by_bib.end()) return it->second;
    }
    if (!chip.empty()) {
      auto it = table->by_chip.find(chip);
      if (it != table->by_chip.end()) return it->second;
    }
    return std::nullopt;
  }

  void init_runner_state(RunnerId id, const Participant& p);
  RunnerId add_runner(const Participant& p);
  bool recompute(RunnerId id);
  void update_ranks(RunnerId id);
  void recompute_contest(int contest);

  ApplyResult apply_passing(const Passing& e);
  ApplyResult apply_gun(const GunEvent& e);
  ApplyResult apply_status(const StatusChange& e);
  ApplyResult apply_correction(const Correction& e);
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
  t.by_bib.emplace(p.bib, id);
  for (const auto& chip : p.chips) t.by_chip.emplace(chip, id);
  if (static_cast<std::size_t>(id) % detail::kRunnerBlock == 0) {
    auto block = std::make_shared<detail::RunnerBlock>();
    block->generation = generation;
    data.runner_blocks.push_back(std::move(block));
  }
  raw.emplace_back();
  keys.emplace_back().fill(kNoKey);
  counted_furthest.push_back(-1);
  impossible_count.push_back(0);
  init_runner_state(id, p);
  return id;
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
  for (const RawRead& r : raw[static_cast<std::size_t>(id)]) {
    if (r.voided) continue;
    auto& f = first[static_cast<std::size_t>(r.point)];
    const auto t = r.time.time_since_epoch().count();
    if (f == kNoKey || t < f) f = t;
  }
  int extra = 0;
  const auto window = index->config->dedup_window.count();
  for (const RawRead& r : raw[static_cast<std::size_t>(id)])
    if (!r.voided && r.time.time_since_epoch().count() > first[static_cast<std::size_t>(r.point)] + window)
      ++extra;

  // The longest chain of reads consistent with each other and with the gun: later along
  // the course means later in time, and no faster than the world record in between.
  const auto gun = data.gun_of(old);
  std::array<int, kMaxPoints> len{}, prev{};
  int best = -1;
  for (int j = 0; j < n; ++j) {
    const auto tj = first[static_cast<std::size_t>(j)];
    len[static_cast<std::size_t>(j)] = 0;
    prev[static_cast<std::size_t>(j)] = -1;
    if (tj == kNoKey) continue;
    if (!gun || tj - gun->time_since_epoch().count() >= ix->min_ms_from_gun[static_cast<std::size_t>(j)])
      len[static_cast<std::size_t>(j)] = 1;
    for (int i = 0; i < j; ++i) {
      const auto ti = first[static_cast<std::size_t>(i)];
      if (ti == kNoKey || len[static_cast<std::size_t>(i)] == 0) continue;
      const auto gap = tj - ti;
      if (gap <= 0 || gap < ix->min_ms_between[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)])
        continue;
      if (len[static_cast<std::size_t>(i)] + 1 >= len[static_cast<std::size_t>(j)]) {
        len[static_cast<std::size_t>(j)] = len[static_cast<std::size_t>(i)] + 1;
        prev[static_cast<std::size_t>(j)] = i;
      }
    }
    if (len[static_cast<std::size_t>(j)] > 0 &&
        (best < 0 || len[static_cast<std::size_t>(j)] >= len[static_cast<std::size_t>(best)]))
      best = j;
  }
  std::array<bool, kMaxPoints> in_chain{};
  for (int p = best; p >= 0; p = prev[static_cast<std::size_t>(p)]) in_chain[static_cast<std::size_t>(p)] = true;

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
        const auto t0 = points[static_cast<std::size_t>(last_chain)].time.time_since_epoch().count();
        const double d0 = ix->distance_m[static_cast<std::size_t>(last_chain)];
        const double d1 = ix->distance_m[static_cast<std::size_t>(p)];
        for (int q = last_chain + 1; q < p; ++q) {
          auto& gap_pt = points[static_cast<std::size_t>(q)];
          if (gap_pt.kind == ReadKind::impossible) continue;
          const double f = (ix->distance_m[static_cast<std::size_t>(q)] - d0) / (d1 - d0);
          gap_pt = {core::UtcMs(core::Ms(t0 + static_cast<std::int64_t>(f * static_cast<double>(t - t0)))),
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
    const auto& a = old.points[static_cast<std::size_t>(p)];
    const auto& b = points[static_cast<std::size_t>(p)];
    changed = a.kind != b.kind || a.time != b.time;
  }
  auto& imp = impossible_count[static_cast<std::size_t>(id)];
  data.counters.impossible = data.counters.impossible - imp + static_cast<std::uint64_t>(impossible);
  imp = static_cast<std::uint8_t>(impossible);
  if (!changed) return false;
  RunnerState& s = writable_runner(id);
  s.points = points;
  s.furthest = furthest;
  s.extra_reads = extra_reads;
  update_ranks(id);
  return true;
}

void RaceModel::Impl::update_ranks(RunnerId id) {
  const RunnerState& s = data.runner(id);
  auto& k = keys[static_cast<std::size_t>(id)];
  const ContestIndex* ix = contest_index(s);
  auto& counted = counted_furthest[static_cast<std::size_t>(id)];
  // Leave the lists of a contest the runner was in before (contest changed).
  for (std::size_t ci = 0; ci < data.ranks.size() && counted >= 0; ++ci) {
    if (static_cast<int>(ci) == s.contest) continue;
    for (int p = 0; p < kMaxPoints; ++p) {
      if (k[static_cast<std::size_t>(p)] != kNoKey)
        data.ranks[ci].at_point[static_cast<std::size_t>(p)].erase({k[static_cast<std::size_t>(p)], id}, generation);
    }
  }
  const int n = ix ? ix->point_count : 0;
  for (int p = 0; p < kMaxPoints; ++p) {
    const auto key = p < n ? data.rank_key(s, p) : std::nullopt;
    const std::int64_t nk = key ? *key : kNoKey;
    auto& ok = k[static_cast<std::size_t>(p)];
    if (nk == ok) continue;
    auto& list = data.ranks[static_cast<std::size_t>(s.contest)].at_point[static_cast<std::size_t>(p)];
    if (ok != kNoKey) list.erase({ok, id}, generation);
    if (nk != kNoKey) list.insert({nk, id}, generation);
    ok = nk;
  }
  const std::int8_t furthest = (ix && s.furthest >= 0 && k[static_cast<std::size_t>(s.furthest)] != kNoKey)
                                   ? s.furthest : std::int8_t{-1};
  if (furthest != counted) {
    // `counted` refers to the contest the runner was counted in; contests only change via
    // participant updates, which reset the count first.
    if (counted >= 0 && s.contest >= 0)
      --data.ranks[static_cast<std::size_t>(s.contest)].furthest_count[static_cast<std::size_t>(counted)];
    if (furthest >= 0)
      ++data.ranks[static_cast<std::size_t>(s.contest)].furthest_count[static_cast<std::size_t>(furthest)];
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
  return !origins.try_emplace(origin_key(o), ReadLocation{}).second;
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
  auto mat = index->mat_by_id.find(e.mat);
  const int point = (ix && mat != index->mat_by_id.end())
                        ? ix->point_of_mat[static_cast<std::size_t>(mat->second)] : -1;
  if (point < 0) {
    ++data.counters.unknown_mat;
    return ApplyResult::unknown_mat;
  }
  OriginKey key{};
  if (e.origin.seq > 0) {
    key = origin_key(e.origin);
    if (origins.count(key)) {
      ++data.counters.duplicates;
      return ApplyResult::duplicate;
    }
  }
  auto& reads = raw[static_cast<std::size_t>(*id)];
  for (const RawRead& r : reads) {
    if (!r.voided && r.point == point && r.time == e.time) {
      ++data.counters.duplicates;
      if (e.origin.seq > 0) origins.emplace(key, ReadLocation{});
      return ApplyResult::duplicate;
    }
  }
  if (e.origin.seq > 0) origins.emplace(key, ReadLocation{*id, static_cast<std::uint32_t>(reads.size())});
  reads.push_back({e.time, static_cast<std::int8_t>(point), false});
  if (e.time > data.last_read) {
    data.last_read = e.time;
    dirty = true;
  }
  if (recompute(*id)) return ApplyResult::applied;
  // Not visible: a repeat within the window is a duplicate; a later one is an extra read.
  const auto earliest = data.runner(*id).points[static_cast<std::size_t>(point)].time;
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
  const Origin target{e.target_source.empty() ? e.origin.source : e.target_source,
                      e.target_epoch.empty() ? e.origin.epoch : e.target_epoch, e.target_seq};
  auto it = origins.find(origin_key(target));
  if (it == origins.end() || it->second.runner < 0) return ApplyResult::unknown_target;
  RawRead& r = raw[static_cast<std::size_t>(it->second.runner)][it->second.read];
  switch (e.action) {
    case Correction::Action::void_passing:
      if (r.voided) return ApplyResult::no_change;
      r.voided = true;
      break;
    case Correction::Action::adjust_time:
      if (r.time == e.new_time && !r.voided) return ApplyResult::no_change;
      r.time = e.new_time;
      r.voided = false;
      break;
    case Correction::Action::invalid: return ApplyResult::rejected;
  }
  ++data.counters.corrections;
  recompute(it->second.runner);
  return ApplyResult::applied;
}

ApplyResult RaceModel::Impl::apply_participant(const ParticipantUpdate& e) {
  const Participant& p = e.participant;
  if (p.bib.empty()) return ApplyResult::rejected;
  const std::string& key = e.old_bib.empty() ? p.bib : e.old_bib;
  auto existing = table->by_bib.find(key);
  if (existing == table->by_bib.end()) {
    if (!e.old_bib.empty()) return ApplyResult::unknown_target;
    for (const auto& chip : p.chips)
      if (table->by_chip.count(chip)) return ApplyResult::rejected;
    add_runner(p);
    return ApplyResult::applied;
  }
  const RunnerId id = existing->second;
  if (p.bib != key && table->by_bib.count(p.bib)) return ApplyResult::rejected;  // bib taken
  auto& t = writable_table();
  const Participant& before = *t.rows[static_cast<std::size_t>(id)];
  for (const auto& chip : before.chips) t.by_chip.erase(chip);
  for (const auto& chip : p.chips) t.by_chip.emplace(chip, id);
  t.by_bib.erase(key);
  t.by_bib.emplace(p.bib, id);
  t.rows[static_cast<std::size_t>(id)] = std::make_shared<const Participant>(p);
  // Leave all rankings, take the new contest/wave/category, and rank again.
  const int old_contest = data.runner(id).contest;
  auto& k = keys[static_cast<std::size_t>(id)];
  for (int q = 0; q < kMaxPoints && old_contest >= 0; ++q) {
    if (k[static_cast<std::size_t>(q)] != kNoKey)
      data.ranks[static_cast<std::size_t>(old_contest)].at_point[static_cast<std::size_t>(q)].erase({k[static_cast<std::size_t>(q)], id}, generation);
    k[static_cast<std::size_t>(q)] = kNoKey;
  }
  auto& counted = counted_furthest[static_cast<std::size_t>(id)];
  if (counted >= 0 && old_contest >= 0)
    --data.ranks[static_cast<std::size_t>(old_contest)].furthest_count[static_cast<std::size_t>(counted)];
  counted = -1;
  init_runner_state(id, p);
  RunnerState& s = writable_runner(id);
  s.points = {};
  s.furthest = -1;
  // Raw reads of mats that are not on the new course are dropped.
  const ContestIndex* ix = contest_index(s);
  auto& reads = raw[static_cast<std::size_t>(id)];
  for (auto& r : reads)
    if (!ix || r.point >= ix->point_count) r.voided = true;
  if (!recompute(id)) update_ranks(id);
  return ApplyResult::applied;
}

RaceModel::RaceModel(std::shared_ptr<const RaceConfig> config, std::vector<Participant> participants)
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
  for (auto& p : participants) {
    if (p.bib.empty() || m.table->by_bib.count(p.bib)) {
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
