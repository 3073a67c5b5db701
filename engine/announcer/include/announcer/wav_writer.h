// WavWriter: a 16-bit mono PCM WAV file written as samples come. The header's sizes are
// brought up to date after every write, so the file plays even if the process stops early.
// Owned by one thread (the speech thread); not thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>

namespace announcer {

class WavWriter {
 public:
  // Creates (truncates) `path`. Throws core::Error naming the file when it cannot be written.
  WavWriter(const std::filesystem::path& path, int rate_hz);
  ~WavWriter();
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;

  void write(std::span<const std::int16_t> samples);
  void write_silence(std::int64_t samples);
  // Samples written so far (the file's length in samples).
  std::int64_t samples() const { return samples_; }
  int rate_hz() const { return rate_hz_; }
  // Closes the file; later writes throw. Throws core::Error when the disk refused the data.
  void finish();

 private:
  void update_header();
  struct Close {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  std::filesystem::path path_;
  std::unique_ptr<std::FILE, Close> file_;
  int rate_hz_ = 0;
  std::int64_t samples_ = 0;
};

}  // namespace announcer
