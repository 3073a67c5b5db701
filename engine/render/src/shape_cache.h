// ShapeCache: least-recently-used cache of shaped lines, keyed by the text and everything
// that changes its shape. A hit allocates nothing: the key is a view of the caller's data.
// Owned by TextEngine's implementation; not thread-safe (the engine thread only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "render/text.h"

namespace render {

// Views of the text and family: the caller's for a lookup, the entry's own for the index.
struct ShapeKey {
  std::string_view text, family;
  int weight = 0;
  float tracking = 0;
  std::int32_t px8 = 0;     // pixel size in 1/8 px
  std::int32_t width8 = 0;  // max width in 1/8 px (0: none)
  bool italic = false, tabular = false, uppercase = false;
  bool operator==(const ShapeKey&) const = default;
};

struct ShapeKeyHash {
  std::size_t operator()(const ShapeKey& k) const noexcept {
    std::size_t h = std::hash<std::string_view>{}(k.text);
    auto mix = [&h](std::size_t v) { h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2); };
    mix(std::hash<std::string_view>{}(k.family));
    mix(std::size_t(k.weight) << 3 | std::size_t(k.italic) << 2 | std::size_t(k.tabular) << 1 |
        std::size_t(k.uppercase));
    mix(std::hash<float>{}(k.tracking));
    mix(std::size_t(std::uint32_t(k.px8)) << 32 | std::size_t(std::uint32_t(k.width8)));
    return h;
  }
};

class ShapeCache {
 public:
  using Value = std::shared_ptr<const ShapedText>;
  explicit ShapeCache(std::size_t capacity) : capacity_(capacity) {}

  // The cached line, now the most recently used; null on a miss.
  const Value* find(const ShapeKey& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->value;
  }

  // Adds a line, dropping the least recently used one when full. `key` must not be cached.
  void insert(const ShapeKey& key, Value value) {
    if (capacity_ == 0) return;
    if (lru_.size() >= capacity_) {
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
    Entry& e = lru_.emplace_front();
    e.text.assign(key.text);
    e.family.assign(key.family);
    e.key = key;
    e.key.text = e.text;
    e.key.family = e.family;
    e.value = std::move(value);
    index_.emplace(e.key, lru_.begin());
  }

  std::size_t size() const { return lru_.size(); }

 private:
  struct Entry {
    std::string text, family;
    ShapeKey key;  // views of text and family above (list nodes never move)
    Value value;
  };
  std::size_t capacity_;
  std::list<Entry> lru_;  // front: most recently used
  std::unordered_map<ShapeKey, std::list<Entry>::iterator, ShapeKeyHash> index_;
};

}  // namespace render
