#include <catch2/catch.hpp>

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/file.h"

namespace file_test {

namespace fs = std::filesystem;

TEST_CASE("atomic write, plain read and gzip read", "[file]") {
  const fs::path dir = fs::path(PACECAST_BINARY_DIR) / "test-scratch" / "core-file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  core::write_file_atomic(dir / "a.txt", "Қанат\n");
  CHECK(core::read_file(dir / "a.txt") == "Қанат\n");
  CHECK_FALSE(fs::exists(dir / "a.txt.tmp"));
  core::write_file_atomic(dir / "a.txt", "replaced");
  CHECK(core::read_file(dir / "a.txt") == "replaced");

  gzFile gz = gzopen((dir / "b.csv.gz").c_str(), "wb");
  REQUIRE(gz);
  gzputs(gz, "bib,name\n1,x\n");
  gzclose(gz);
  CHECK(core::read_file(dir / "b.csv.gz") == "bib,name\n1,x\n");

  // zlib passes bytes that are not gzip through unchanged; a truncated gzip stream is an error.
  std::ofstream(dir / "plain.gz") << "bib,name\n";
  CHECK(core::read_file(dir / "plain.gz") == "bib,name\n");
  std::string whole;
  {
    std::ifstream in(dir / "b.csv.gz", std::ios::binary);
    whole.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(dir / "cut.gz", std::ios::binary) << whole.substr(0, whole.size() / 2);
  CHECK_THROWS_WITH(core::read_file(dir / "cut.gz"), Catch::Contains("cut.gz"));
}

TEST_CASE("a missing file says which and what to do", "[file]") {
  CHECK_THROWS_WITH(core::read_file("/nonexistent/race.toml"),
                    Catch::Contains("/nonexistent/race.toml") && Catch::Contains("cannot open"));
  CHECK_THROWS_AS(core::write_file_atomic("/nonexistent/dir/x", "y"), core::Error);
}

TEST_CASE("config errors carry file, line and key", "[file]") {
  const core::ConfigError e("race.toml", 12, "contests[0].distance_m", "expected a whole number");
  CHECK(std::string(e.what()) == "race.toml:12: contests[0].distance_m: expected a whole number");
  CHECK(e.line() == 12);
  CHECK(e.key() == "contests[0].distance_m");
}

}  // namespace file_test
