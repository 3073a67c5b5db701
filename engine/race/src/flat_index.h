// Flat look-up tables for the model's hot path, where node-based maps cost two cache misses
// per passing: StringIndex (bib or chip -> runner) and SeqIndex (a feed's seq -> what the
// model did with that message). Internal to RaceModel; single-threaded.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace race::detail {

// Open addressing with linear probing; keys are kept in the slots (short strings stay inline).
class StringIndex {
 public:
  // Returns -1 when absent.
  std::int32_t find(std::string_view key) const {
    if (slots_.empty()) return -1;
    const std::uint64_t h = hash(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value < 0 && !s.deleted) return -1;
      if (s.value >= 0 && s.hash == h && s.key == key) return s.value;
    }
  }
  // Inserts or replaces.
  void set(std::string_view key, std::int32_t value) {
    if ((used_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
    const std::uint64_t h = hash(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value >= 0 && s.hash == h && s.key == key) {
        s.value = value;
        return;
      }
      if (s.value < 0 && !s.deleted) {
        s = {h, value, false, std::string(key)};
        ++used_;
        return;
      }
    }
  }
  void erase(std::string_view key) {
    if (slots_.empty()) return;
    const std::uint64_t h = hash(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value < 0 && !s.deleted) return;
      if (s.value >= 0 && s.hash == h && s.key == key) {
        s.value = -1;
        s.deleted = true;  // a tombstone keeps later keys of the probe sequence reachable
        s.key.clear();
        return;
      }
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t value = -1;
    bool deleted = false;
    std::string key;
  };
  static std::uint64_t hash(std::string_view k) { return std::hash<std::string_view>{}(k); }
  void rehash(std::size_t size) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    used_ = 0;
    for (Slot& s : old)
      if (s.value >= 0) set(s.key, s.value);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;  // live keys and tombstones
};

// What the model remembers about one accepted feed message.
struct ReadLocation {
  std::int32_t runner = -1;  // -1: remembered only for deduplication (status, gun, duplicate)
  std::uint32_t read = 0;    // index into the runner's raw reads
};

// Feeds number their messages 1, 2, 3... within an epoch, so one (source, epoch) keeps a
// dense array indexed by seq; a seq far beyond what was seen goes to a hash map instead,
// so a hostile seq cannot make the array huge.
class SeqIndex {
 public:
  static constexpr std::int64_t kDenseSlack = 1 << 16;

  const ReadLocation* find(std::int64_t seq) const {
    if (seq > 0 && static_cast<std::size_t>(seq) < dense_.size()) {
      const Entry& e = dense_[static_cast<std::size_t>(seq)];
      if (e.present) return &e.location;
    }
    if (sparse_.empty()) return nullptr;
    auto it = sparse_.find(seq);
    return it == sparse_.end() ? nullptr : &it->second;
  }
  // Inserts when absent; returns false (and changes nothing) when present.
  bool insert(std::int64_t seq, const ReadLocation& location) {
    if (find(seq)) return false;
    const auto limit = static_cast<std::int64_t>(dense_.size()) + kDenseSlack;
    if (seq > 0 && seq < limit) {
      if (static_cast<std::size_t>(seq) >= dense_.size())
        dense_.resize(
            std::max<std::size_t>(static_cast<std::size_t>(seq) + 1, dense_.size() * 3 / 2));
      dense_[static_cast<std::size_t>(seq)] = {location, true};
      return true;
    }
    sparse_.emplace(seq, location);
    return true;
  }

 private:
  struct Entry {
    ReadLocation location;
    bool present = false;
  };
  std::vector<Entry> dense_;
  std::unordered_map<std::int64_t, ReadLocation> sparse_;
};

}  // namespace race::detail
