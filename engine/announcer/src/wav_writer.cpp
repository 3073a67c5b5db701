// RIFF/WAVE with one PCM "fmt " chunk and one "data" chunk, little-endian.
#include "announcer/wav_writer.h"

#include <array>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace announcer {

namespace {

constexpr std::size_t kHeaderBytes = 44;

void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}

std::array<std::uint8_t, kHeaderBytes> wav_header(int rate_hz, std::int64_t samples) {
  std::array<std::uint8_t, kHeaderBytes> h{};
  const auto data_bytes = static_cast<std::uint32_t>(samples * 2);
  std::memcpy(h.data(), "RIFF", 4);
  put_u32(h.data() + 4, 36 + data_bytes);
  std::memcpy(h.data() + 8, "WAVEfmt ", 8);
  put_u32(h.data() + 16, 16);  // PCM fmt chunk size
  put_u16(h.data() + 20, 1);   // PCM
  put_u16(h.data() + 22, 1);   // mono
  put_u32(h.data() + 24, static_cast<std::uint32_t>(rate_hz));
  put_u32(h.data() + 28, static_cast<std::uint32_t>(rate_hz) * 2);  // bytes per second
  put_u16(h.data() + 32, 2);                                        // bytes per sample frame
  put_u16(h.data() + 34, 16);                                       // bits per sample
  std::memcpy(h.data() + 36, "data", 4);
  put_u32(h.data() + 40, data_bytes);
  return h;
}

}  // namespace

WavWriter::WavWriter(const std::filesystem::path& path, int rate_hz)
    : path_(path), file_(std::fopen(path.c_str(), "wb")), rate_hz_(rate_hz) {
  if (!file_) {
    throw core::Error("speech: cannot write " + path.string() + ": " + std::strerror(errno) +
                      "; check the folder exists and is writable");
  }
  update_header();
}

WavWriter::~WavWriter() = default;

void WavWriter::write(std::span<const std::int16_t> samples) {
  if (!file_) throw core::Error("speech: " + path_.string() + " is already finished");
  std::vector<std::uint8_t> bytes(samples.size() * 2);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    put_u16(bytes.data() + 2 * i, static_cast<std::uint16_t>(samples[i]));
  }
  std::fseek(file_.get(), 0, SEEK_END);
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
    throw core::Error("speech: writing " + path_.string() + " failed: " + std::strerror(errno) +
                      "; check the disk has room");
  }
  samples_ += static_cast<std::int64_t>(samples.size());
  update_header();
}

void WavWriter::write_silence(std::int64_t samples) {
  const std::vector<std::int16_t> zeros(static_cast<std::size_t>(
      std::min<std::int64_t>(std::max<std::int64_t>(samples, 0), 1 << 16)));
  while (samples > 0) {
    const auto n = std::min<std::int64_t>(samples, static_cast<std::int64_t>(zeros.size()));
    write(std::span(zeros.data(), static_cast<std::size_t>(n)));
    samples -= n;
  }
}

void WavWriter::update_header() {
  const auto h = wav_header(rate_hz_, samples_);
  std::fseek(file_.get(), 0, SEEK_SET);
  std::fwrite(h.data(), 1, h.size(), file_.get());
  std::fflush(file_.get());
}

void WavWriter::finish() {
  if (!file_) return;
  update_header();
  const bool ok = std::ferror(file_.get()) == 0;
  file_.reset();
  if (!ok) throw core::Error("speech: writing " + path_.string() + " failed; check the disk");
}

}  // namespace announcer
