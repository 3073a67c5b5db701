// PNG in and out (any colour type to RGBA8), load errors that name the file, and the
// tolerant comparison golden tests use, with its diff image.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "render/image.h"

namespace image_test {

using namespace render;
namespace fs = std::filesystem;

namespace {

// Small PNGs written byte by byte (zlib-compressed scanlines, CRCs), one per colour type.
const std::uint8_t kGray2x1[] = {
    // 8-bit grey: black, white
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0xd1, 0x49, 0x20, 0x56, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0xf8, 0x0f, 0x00, 0x01, 0x02, 0x01, 0x00, 0x42, 0xbe, 0xbc, 0x68,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
const std::uint8_t kPalette2x1[] = {
    // palette + tRNS: opaque red, blue at alpha 0x40
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x03, 0x00, 0x00, 0x00, 0xc3,
    0xfc, 0x8f, 0xb8, 0x00, 0x00, 0x00, 0x06, 0x50, 0x4c, 0x54, 0x45, 0xff, 0x00, 0x00, 0x00,
    0x00, 0xff, 0x6c, 0xa1, 0xfd, 0x8e, 0x00, 0x00, 0x00, 0x02, 0x74, 0x52, 0x4e, 0x53, 0xff,
    0x40, 0x93, 0x6b, 0x71, 0xda, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c,
    0x63, 0x60, 0x60, 0x04, 0x00, 0x00, 0x04, 0x00, 0x02, 0xbf, 0x7a, 0x3f, 0x4a, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
const std::uint8_t kRgb16[] = {
    // 16-bit RGB: (0xFFFF, 0x8080, 0x0000)
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x02, 0x00, 0x00, 0x00, 0xc0,
    0xe7, 0x8f, 0x9d, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
    0xff, 0xbf, 0xa1, 0x81, 0x81, 0x01, 0x00, 0x0e, 0x7c, 0x02, 0xff, 0x87, 0x02, 0x46, 0x44,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};
const std::uint8_t kGrayAlpha[] = {
    // 8-bit grey 200 with alpha 100
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x04, 0x00, 0x00,
    0x00, 0xb5, 0x1c, 0x0c, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x38, 0x91, 0x02, 0x00, 0x01, 0xf7, 0x01, 0x2d, 0x90, 0x1d, 0xa3, 0xbd,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

// A scratch directory per test case, removed at the end.
struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name)
      : dir(fs::temp_directory_path() / ("pacecast_image_test_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  template <std::size_t N>
  fs::path write(const std::string& name, const std::uint8_t (&bytes)[N]) const {
    return write(name, std::string(reinterpret_cast<const char*>(bytes), N));
  }
  fs::path write(const std::string& name, const std::string& bytes) const {
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};

std::vector<int> rgba(const Image& img, int x, int y) {
  const std::uint8_t* p = img.pixel(x, y);
  return {p[0], p[1], p[2], p[3]};
}

std::string load_error(const fs::path& path) {
  try {
    load_png(path);
  } catch (const core::Error& e) {
    return e.what();
  }
  return "";
}

Image gradient(int w, int h) {
  Image img(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = img.pixel(x, y);
      p[0] = std::uint8_t(x * 255 / std::max(w - 1, 1));
      p[1] = std::uint8_t(y * 255 / std::max(h - 1, 1));
      p[2] = std::uint8_t((x * 7 + y * 13) % 256);
      p[3] = std::uint8_t(255 - (x + y) % 200);
    }
  }
  return img;
}

}  // namespace

TEST_CASE("image: a PNG written and read back is the same RGBA, alpha included", "[image]") {
  Scratch s("round_trip");
  const Image original = gradient(37, 11);  // odd width: no row padding assumptions
  write_png(s.dir / "out.png", original);
  const Image back = load_png(s.dir / "out.png");
  REQUIRE(back.width == 37);
  REQUIRE(back.height == 11);
  CHECK(back.rgba == original.rgba);
}

TEST_CASE("image: every PNG colour type loads as 8-bit straight RGBA", "[image]") {
  Scratch s("colour_types");
  const Image gray = load_png(s.write("gray.png", kGray2x1));
  REQUIRE(gray.width == 2);
  CHECK(rgba(gray, 0, 0) == std::vector<int>{0, 0, 0, 255});
  CHECK(rgba(gray, 1, 0) == std::vector<int>{255, 255, 255, 255});

  const Image palette = load_png(s.write("palette.png", kPalette2x1));
  CHECK(rgba(palette, 0, 0) == std::vector<int>{255, 0, 0, 255});
  CHECK(rgba(palette, 1, 0) == std::vector<int>{0, 0, 255, 0x40});

  const Image deep = load_png(s.write("rgb16.png", kRgb16));
  CHECK(rgba(deep, 0, 0) == std::vector<int>{255, 128, 0, 255});

  const Image gray_alpha = load_png(s.write("gray_alpha.png", kGrayAlpha));
  CHECK(rgba(gray_alpha, 0, 0) == std::vector<int>{200, 200, 200, 100});
}

TEST_CASE("image: load errors name the file and say what is wrong", "[image]") {
  Scratch s("errors");
  const std::string missing = load_error(s.dir / "nowhere.png");
  CHECK_THAT(missing, Catch::Contains("nowhere.png") && Catch::Contains("no such"));

  const std::string text = load_error(s.write("notes.png", std::string("not a picture at all")));
  CHECK_THAT(text, Catch::Contains("notes.png") && Catch::Contains("not a PNG"));

  const std::string empty = load_error(s.write("empty.png", std::string()));
  CHECK_THAT(empty, Catch::Contains("empty.png") && Catch::Contains("not a PNG"));

  std::string cut(reinterpret_cast<const char*>(kRgb16), sizeof kRgb16);
  cut.resize(cut.size() - 30);  // into the image data
  const std::string truncated = load_error(s.write("cut.png", cut));
  CHECK_THAT(truncated, Catch::Contains("cut.png"));
  CHECK_FALSE(truncated.empty());

  const std::string unwritable = [&] {
    try {
      write_png(s.dir / "no_such_dir" / "x.png", gradient(2, 2));
    } catch (const core::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  CHECK_THAT(unwritable, Catch::Contains("x.png"));
}

TEST_CASE("image: compare_images counts differing pixels and marks them red", "[image]") {
  const Image expected = gradient(8, 6);
  Image actual = expected;
  CHECK(compare_images(expected, actual, 0).differing == 0);

  actual.pixel(1, 1)[0] = std::uint8_t(expected.pixel(1, 1)[0] ^ 0x10);  // 16 apart
  actual.pixel(5, 2)[3] = std::uint8_t(expected.pixel(5, 2)[3] - 3);     // alpha 3 apart
  actual.pixel(7, 5)[1] = std::uint8_t(expected.pixel(7, 5)[1] + 40);    // wraps or not: >3
  const ImageDiff loose = compare_images(expected, actual, 20);
  CHECK(loose.pixels == 48);
  CHECK(loose.differing == 1);  // only the +40 green beyond 20
  const ImageDiff strict = compare_images(expected, actual, 2);
  CHECK(strict.differing == 3);
  CHECK(strict.max_channel_delta >= 14);
  CHECK(strict.differing_fraction() == Approx(3.0 / 48));

  // The diff: differing pixels opaque red, the rest a dim opaque grey of `expected`.
  REQUIRE(strict.diff.width == 8);
  REQUIRE(strict.diff.height == 6);
  CHECK(rgba(strict.diff, 1, 1) == std::vector<int>{255, 0, 0, 255});
  CHECK(rgba(strict.diff, 5, 2) == std::vector<int>{255, 0, 0, 255});
  const std::vector<int> grey = rgba(strict.diff, 3, 3);
  CHECK(grey[0] == grey[1]);
  CHECK(grey[1] == grey[2]);
  CHECK(grey[0] <= 64);
  CHECK(grey[3] == 255);
}

TEST_CASE("image: colour under transparent pixels does not count as a difference", "[image]") {
  Image expected(2, 1), actual(2, 1);
  actual.pixel(0, 0)[0] = 255;  // red "under" alpha 0: invisible
  expected.pixel(1, 0)[3] = actual.pixel(1, 0)[3] = 255;
  actual.pixel(1, 0)[2] = 255;  // visible blue
  const ImageDiff d = compare_images(expected, actual, 0);
  CHECK(d.differing == 1);
  CHECK(rgba(d.diff, 1, 0) == std::vector<int>{255, 0, 0, 255});
}

TEST_CASE("image: images of different sizes differ everywhere", "[image]") {
  const ImageDiff d = compare_images(gradient(4, 4), gradient(4, 5), 255);
  CHECK(d.pixels == 20);
  CHECK(d.differing == 20);
  CHECK(d.max_channel_delta == 255);
  REQUIRE(d.diff.width == 4);
  CHECK(rgba(d.diff, 3, 3) == std::vector<int>{255, 0, 0, 255});
}

}  // namespace image_test
