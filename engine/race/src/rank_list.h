// RankList: the runners of one contest at one point, ordered by ranking time, stored as
// copy-on-write leaves so a published snapshot shares every leaf that did not change.
// Internal to the race module. Thread-safety: the model mutates leaves stamped with the
// current (unpublished) generation only; published leaves are read-only and shared.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace race::detail {

struct RankEntry {
  std::int64_t key = 0;  // ranking time in ms (elapsed, or absolute when no gun is known)
  std::int32_t runner = -1;
  friend bool operator<(const RankEntry& a, const RankEntry& b) {
    return a.key != b.key ? a.key < b.key : a.runner < b.runner;
  }
  friend bool operator==(const RankEntry&, const RankEntry&) = default;
};

struct RankLeaf {
  std::uint64_t generation = 0;
  std::vector<RankEntry> entries;  // sorted, never empty while in a list
};

class RankList {
 public:
  static constexpr std::size_t kLeafCapacity = 256;

  void insert(const RankEntry& e, std::uint64_t generation);
  void erase(const RankEntry& e, std::uint64_t generation);
  void clear() { leaves_.clear(), size_ = 0; }

  std::size_t size() const { return size_; }
  // Number of entries with a key strictly below `key`.
  std::size_t count_below(std::int64_t key) const;

  // Visits entries in order until `fn` returns false.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& leaf : leaves_)
      for (const auto& e : leaf->entries)
        if (!fn(e)) return;
  }
  const std::vector<std::shared_ptr<RankLeaf>>& leaves() const { return leaves_; }

 private:
  // First leaf whose last entry is not below `e` (leaves_.size() when none).
  std::size_t find_leaf(const RankEntry& e) const;
  RankLeaf& writable(std::size_t i, std::uint64_t generation);
  static std::shared_ptr<RankLeaf> new_leaf(std::uint64_t generation);

  std::vector<std::shared_ptr<RankLeaf>> leaves_;
  std::size_t size_ = 0;
};

}  // namespace race::detail
