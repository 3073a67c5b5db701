#include "rank_list.h"

#include <algorithm>

namespace race::detail {

std::size_t RankList::find_leaf(const RankEntry& e) const {
  auto it = std::lower_bound(leaves_.begin(), leaves_.end(), e,
                             [](const std::shared_ptr<RankLeaf>& leaf, const RankEntry& x) {
                               return leaf->entries.back() < x;
                             });
  return static_cast<std::size_t>(it - leaves_.begin());
}

RankLeaf& RankList::writable(std::size_t i, std::uint64_t generation) {
  auto& leaf = leaves_[i];
  if (leaf->generation != generation) {
    auto copy = new_leaf(generation);
    copy->entries = leaf->entries;
    leaf = std::move(copy);
  }
  return *leaf;
}

std::shared_ptr<RankLeaf> RankList::new_leaf(std::uint64_t generation) {
  auto leaf = std::make_shared<RankLeaf>();
  leaf->generation = generation;
  leaf->entries.reserve(kLeafCapacity);
  return leaf;
}

void RankList::insert(const RankEntry& e, std::uint64_t generation) {
  ++size_;
  std::size_t i = find_leaf(e);
  const bool at_end = i == leaves_.size();
  if (leaves_.empty() || (at_end && leaves_.back()->entries.size() >= kLeafCapacity)) {
    // The first entry, or appending past a full last leaf: start a new leaf, so lists that
    // grow at the end (the usual case) stay dense.
    leaves_.push_back(new_leaf(generation));
    leaves_.back()->entries.push_back(e);
    return;
  }
  if (at_end) i = leaves_.size() - 1;
  RankLeaf& leaf = writable(i, generation);
  leaf.entries.insert(std::upper_bound(leaf.entries.begin(), leaf.entries.end(), e), e);
  if (leaf.entries.size() > kLeafCapacity) {
    auto upper = new_leaf(generation);
    const auto mid = leaf.entries.begin() + static_cast<std::ptrdiff_t>(leaf.entries.size() / 2);
    upper->entries.assign(mid, leaf.entries.end());
    leaf.entries.erase(mid, leaf.entries.end());
    leaves_.insert(leaves_.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(upper));
  }
}

void RankList::erase(const RankEntry& e, std::uint64_t generation) {
  const std::size_t i = find_leaf(e);
  if (i == leaves_.size()) return;
  const auto& entries = leaves_[i]->entries;
  if (!std::binary_search(entries.begin(), entries.end(), e)) return;
  --size_;
  RankLeaf& leaf = writable(i, generation);
  leaf.entries.erase(std::lower_bound(leaf.entries.begin(), leaf.entries.end(), e));
  if (leaf.entries.empty()) leaves_.erase(leaves_.begin() + static_cast<std::ptrdiff_t>(i));
}

std::size_t RankList::count_below(std::int64_t key) const {
  const RankEntry probe{key, INT32_MIN};
  const std::size_t i = find_leaf(probe);
  std::size_t n = 0;
  for (std::size_t k = 0; k < i; ++k) n += leaves_[k]->entries.size();
  if (i < leaves_.size()) {
    const auto& entries = leaves_[i]->entries;
    n += static_cast<std::size_t>(std::lower_bound(entries.begin(), entries.end(), probe) -
                                  entries.begin());
  }
  return n;
}

}  // namespace race::detail
