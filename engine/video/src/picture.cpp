#include "video/picture.h"

#include <algorithm>

namespace video {

void Picture::allocate(int w, int h) {
  const bool changed = w != width || h != height;
  width = w;
  height = h;
  y.resize(std::size_t(w) * std::size_t(h));
  u.resize(std::size_t(w / 2) * std::size_t(h / 2));
  v.resize(u.size());
  if (changed) fill_black();
}

void Picture::fill_black() {
  std::fill(y.begin(), y.end(), std::uint8_t(16));
  std::fill(u.begin(), u.end(), std::uint8_t(128));
  std::fill(v.begin(), v.end(), std::uint8_t(128));
}

}  // namespace video
