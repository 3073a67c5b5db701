// A runner's raw reads as the model received them (mat, time, voided), from which every
// derived time is rebuilt. Internal to RaceModel; single-threaded.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/time.h"

namespace race::detail {

// Why a read no longer counts; a read counts while `voided` is 0. Each cause is undone on
// its own: a restore of an operator's void leaves a feed's void in place.
inline constexpr std::uint8_t kVoidedByTarget = 1;   // a correction naming this passing
inline constexpr std::uint8_t kVoidedAtMat = 2;      // an operator's void of a runner at a mat
inline constexpr std::uint8_t kVoidedOffCourse = 4;  // the mat left the runner's course

struct RawRead {
  core::UtcMs time{};
  std::int8_t point = -1;
  std::uint8_t voided = 0;  // kVoided* bits
};

// A runner's raw reads: a marathon runner has about a dozen, kept inline so reading them
// costs no pointer chase; more (a runner walking over mats) spill to the heap.
class RawReads {
 public:
  static constexpr std::size_t kInline = 12;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  RawRead& operator[](std::size_t i) { return i < kInline ? inline_[i] : spill_[i - kInline]; }
  void push_back(const RawRead& r) {
    if (size_ < kInline)
      inline_[size_] = r;
    else
      spill_.push_back(r);
    ++size_;
  }
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (std::size_t i = 0; i < size_ && i < kInline; ++i) fn(inline_[i]);
    for (const RawRead& r : spill_) fn(r);
  }
  template <class Fn>
  void for_each_mut(Fn&& fn) {
    for (std::size_t i = 0; i < size_ && i < kInline; ++i) fn(inline_[i]);
    for (RawRead& r : spill_) fn(r);
  }

 private:
  std::array<RawRead, kInline> inline_{};
  std::vector<RawRead> spill_;
  std::size_t size_ = 0;
};

}  // namespace race::detail
