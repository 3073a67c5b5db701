#include "render/image.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

#include "core/error.h"
#include "core/file.h"

namespace render {
namespace {

namespace fs = std::filesystem;

// Larger pictures are refused rather than allocated (a damaged header can claim anything).
constexpr std::uint32_t kMaxSide = 16384;
constexpr std::uint64_t kMaxPixels = 64ull * 1024 * 1024;

struct DecodeError {
  char message[256];
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<DecodeError*>(png_get_error_ptr(png));
  std::snprintf(error->message, sizeof error->message, "damaged PNG: %s", message);
  std::longjmp(png_jmpbuf(png), 1);
}
void on_png_warning(png_structp, png_const_charp) {}

struct MemoryReader {
  const unsigned char* data;
  std::size_t size, pos;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t count) {
  auto* r = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (r->size - r->pos < count) png_error(png, "the file ends early (truncated)");
  std::memcpy(out, r->data + r->pos, count);
  r->pos += count;
}

// Any colour type and bit depth to 8-bit straight RGBA, sample values as stored (no gamma
// conversion: 16-bit samples are rounded to 8 bits). False with `error` set on failure.
// libpng reports errors by longjmp, so this frame holds only trivially destructible locals.
bool decode(const unsigned char* data, std::size_t size, Image& out, DecodeError& error) {
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    std::snprintf(error.message, sizeof error.message, "libpng cannot start (out of memory?)");
    return false;
  }
  MemoryReader reader{data, size, 0};
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &reader, read_from_memory);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  if (width > kMaxSide || height > kMaxSide || std::uint64_t(width) * height > kMaxPixels) {
    std::snprintf(error.message, sizeof error.message,
                  "PNG of %ux%u pixels is too large (at most %u per side); scale it down",
                  unsigned(width), unsigned(height), unsigned(kMaxSide));
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  const int type = png_get_color_type(png, info);
  const bool transparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (transparency) png_set_tRNS_to_alpha(png);
  if (png_get_bit_depth(png, info) == 16) png_set_scale_16(png);
  if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
  if (!(type & PNG_COLOR_MASK_ALPHA) && !transparency) {
    png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  if (png_get_rowbytes(png, info) != std::size_t(width) * 4) {
    png_error(png, "unexpected row layout after conversion to RGBA");
  }
  out = Image(static_cast<int>(width), static_cast<int>(height));
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y) png_read_row(png, out.pixel(0, int(y)), nullptr);
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

std::string message_of(const png_image& img) {
  return img.message[0] ? std::string(img.message) : "no detail from libpng";
}

int premultiplied_channel(std::uint8_t c, std::uint8_t a) {
  return (int(c) * int(a) + 127) / 255;
}

// Expected faded to a dim grey (a quarter of its luminance, over black), so red stands out.
std::uint8_t faded(const std::uint8_t* p) {
  const int luma = (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000;
  return static_cast<std::uint8_t>(luma * p[3] / 255 / 4);
}

void set_red(std::uint8_t* p) {
  p[0] = 255;
  p[1] = 0;
  p[2] = 0;
  p[3] = 255;
}

}  // namespace

Image load_png(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw core::Error(path.string() + ": no such PNG file; check the path (relative paths " +
                      "start at the working directory)");
  }
  const std::string bytes = core::read_file(path);
  if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8)) {
    throw core::Error(path.string() + ": not a PNG file (no PNG signature); convert it to PNG");
  }
  Image out;
  DecodeError error{};
  if (!decode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out, error)) {
    throw core::Error(path.string() + ": " + error.message + "; re-export the file as PNG");
  }
  return out;
}

void write_png(const fs::path& path, const Image& image) {
  if (image.empty() ||
      image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4) {
    throw core::Error(path.string() + ": cannot write a PNG of " + std::to_string(image.width) +
                      "x" + std::to_string(image.height) + " pixels with " +
                      std::to_string(image.rgba.size()) + " bytes of RGBA");
  }
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  img.width = static_cast<png_uint_32>(image.width);
  img.height = static_cast<png_uint_32>(image.height);
  img.format = PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&img, nullptr, &size, 0, image.rgba.data(), 0, nullptr)) {
    throw core::Error(path.string() + ": encoding the PNG failed: " + message_of(img));
  }
  std::string content(size, '\0');
  if (!png_image_write_to_memory(&img, content.data(), &size, 0, image.rgba.data(), 0, nullptr)) {
    throw core::Error(path.string() + ": encoding the PNG failed: " + message_of(img));
  }
  content.resize(size);
  core::write_file_atomic(path, content);
}

// Channels are compared with alpha applied: the colour of a nearly transparent pixel
// carries almost nothing visible and would otherwise swing with rounding.
ImageDiff compare_images(const Image& expected, const Image& actual, int channel_tolerance) {
  ImageDiff d;
  const std::size_t n_expected =
      std::size_t(std::max(expected.width, 0)) * std::size_t(std::max(expected.height, 0));
  if (expected.width != actual.width || expected.height != actual.height) {
    const std::size_t n_actual =
        std::size_t(std::max(actual.width, 0)) * std::size_t(std::max(actual.height, 0));
    d.pixels = std::max(n_expected, n_actual);
    d.differing = d.pixels;
    d.max_channel_delta = 255;
    const Image& shape = expected.empty() ? actual : expected;
    if (!shape.empty()) {
      d.diff = Image(shape.width, shape.height);
      for (int y = 0; y < shape.height; ++y) {
        for (int x = 0; x < shape.width; ++x) set_red(d.diff.pixel(x, y));
      }
    }
    return d;
  }
  d.pixels = n_expected;
  d.diff = Image(expected.width, expected.height);
  for (int y = 0; y < expected.height; ++y) {
    for (int x = 0; x < expected.width; ++x) {
      const std::uint8_t* e = expected.pixel(x, y);
      const std::uint8_t* a = actual.pixel(x, y);
      int delta = std::abs(int(e[3]) - int(a[3]));
      for (int c = 0; c < 3; ++c) {
        delta = std::max(
            delta, std::abs(premultiplied_channel(e[c], e[3]) - premultiplied_channel(a[c], a[3])));
      }
      d.max_channel_delta = std::max(d.max_channel_delta, delta);
      std::uint8_t* out = d.diff.pixel(x, y);
      if (delta > channel_tolerance) {
        ++d.differing;
        set_red(out);
      } else {
        const std::uint8_t g = faded(e);
        out[0] = out[1] = out[2] = g;
        out[3] = 255;
      }
    }
  }
  return d;
}

}  // namespace render
