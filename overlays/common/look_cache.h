// LookCache: values an overlay reads from its Look, kept until the Look changes.
// Engine thread (an overlay instance owns its caches).
#pragma once

#include <cstdint>

#include "scene/look.h"

namespace overlays {

// Values read from a Look once and kept while the overlay is drawn with the same Look (by its
// id) and design width: a LookStore makes a new Look on every reload, so an edited look.toml
// is picked up on the next frame. Look reads cost microseconds each; a frame makes none.
template <class T>
class LookCache {
 public:
  template <class Read>
  const T& get(const scene::Look& look, float width, Read&& read) {
    if (!valid_ || look.id() != look_ || width != width_) {
      value_ = read(look);
      ++generation_;
      look_ = look.id();
      width_ = width;
      valid_ = true;
    }
    return value_;
  }
  void clear() { valid_ = false; }
  // Bumps whenever the values were read again (caches derived from them key on it).
  std::uint64_t generation() const { return generation_; }

 private:
  bool valid_ = false;
  std::uint64_t generation_ = 0;
  std::uint64_t look_ = 0;
  float width_ = 0;
  T value_{};
};

}  // namespace overlays
