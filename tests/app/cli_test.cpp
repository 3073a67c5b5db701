// The `pacecast` binary end to end: subcommands on real bundles, their output and their
// errors. Runs the built executable as a user would.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace cli_test {

namespace {

namespace fs = std::filesystem;

struct Run {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Run pacecast(const std::string& args) {
  const std::string cmd = std::string(PACECAST_BINARY_DIR) + "/pacecast " + args + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(PACECAST_BINARY_DIR) / "test-scratch" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

const char* kToml = R"([race]
name = "Tiny 5K"
date = 2025-09-28
utc_offset = "+05:00"

[[mats]]
id = "start"
name = "Start"

[[mats]]
id = "finish"
name = "Finish"

[[contests]]
id = "5k"
name = "5 km"
distance_m = 5000
gun = "09:00:00"
points = [
  { mat = "start", distance_m = 0, role = "start" },
  { mat = "finish", distance_m = 5000, role = "finish" },
]
)";

}  // namespace

TEST_CASE("every command explains itself with --help", "[cli]") {
  for (const char* cmd :
       {"", "results", "check", "import boston", "generate almaty", "replay", "bench race"}) {
    const Run r = pacecast(std::string(cmd) + " --help");
    INFO(cmd);
    CHECK(r.code == 0);
    CHECK(r.out.find("Usage:") != std::string::npos);
  }
  const Run none = pacecast("");
  CHECK(none.code == 2);
  CHECK(none.out.find("A subcommand is required") != std::string::npos);
}

TEST_CASE("results on a small bundle: exact CSV, --at, --contest and formats", "[cli]") {
  const fs::path dir = scratch("tiny");
  write(dir / "race.toml", kToml);
  write(dir / "participants.csv",
        "bib,first_name,last_name,gender,age,country,contest\n"
        "1,Әлихан,Қасымов,M,30,KAZ,5k\n"
        "2,Anna,Müller,F,41,GER,5k\n"
        "3,Late,Runner,M,50,KAZ,5k\n"
        "x,Broken,Row,Q,30,KAZ,5k\n");
  write(dir / "passings.jsonl",
        "{\"type\":\"passing\",\"seq\":1,\"point\":\"start\",\"bib\":\"1\",\"time\":\"2025-09-"
        "28T09:00:05+05:00\"}\n"
        "{\"type\":\"passing\",\"seq\":2,\"point\":\"start\",\"bib\":\"2\",\"time\":\"2025-09-"
        "28T09:00:10+05:00\"}\n"
        "{\"type\":\"passing\",\"seq\":3,\"point\":\"finish\",\"bib\":\"2\",\"time\":\"2025-09-"
        "28T09:20:10+05:00\"}\n"
        "{\"type\":\"passing\",\"seq\":4,\"point\":\"finish\",\"bib\":\"1\",\"time\":\"2025-09-"
        "28T09:21:05+05:00\"}\n"
        "not json\n"
        "{\"type\":\"status\",\"seq\":5,\"bib\":\"3\",\"status\":\"DNS\"}\n");
  const Run r = pacecast("results " + dir.string());
  REQUIRE(r.code == 0);
  CHECK(r.out.find("participants.csv:5:") != std::string::npos);  // the bad row, reported
  CHECK(r.out.find("passings.jsonl:5:") != std::string::npos);    // the bad line, reported
  CHECK(r.out.find("bib,name,contest,gender,category,status,net_time,gun_time,overall_place,"
                   "gender_place,category_place,last_point\n"
                   "2,Anna Müller,5k,F,,,0:20:00,0:20:10,1,1,,finish\n"
                   "1,Әлихан Қасымов,5k,M,,,0:21:00,0:21:05,2,1,,finish\n"
                   "3,Late Runner,5k,M,,DNS,,,,,,\n") != std::string::npos);

  const Run at = pacecast("results " + dir.string() + " --at 09:20:30");
  REQUIRE(at.code == 0);
  CHECK(at.out.find("2,Anna Müller,5k,F,,,0:20:00,0:20:10,1,1,,finish") != std::string::npos);
  CHECK(at.out.find("1,Әлихан Қасымов,5k,M,,,0:00:00,0:00:05,2,1,,start") != std::string::npos);

  const Run json = pacecast("results " + dir.string() + " --format json");
  CHECK(json.code == 0);
  CHECK(json.out.find("\"overall_place\": 1") != std::string::npos);

  const Run bad_contest = pacecast("results " + dir.string() + " --contest marathon");
  CHECK(bad_contest.code == 1);
  CHECK(bad_contest.out.find("no contest `marathon` in this race; contests are: 5k") !=
        std::string::npos);
  const Run bad_at = pacecast("results " + dir.string() + " --at 25:00");
  CHECK(bad_at.code == 1);
  CHECK(bad_at.out.find("--at: `25:00` is not a time of day") != std::string::npos);

  const Run check = pacecast("check " + dir.string());
  CHECK(check.code == 1);  // the bundle has two bad lines
  CHECK(check.out.find("2 problem line(s)") != std::string::npos);
}

TEST_CASE("a broken race.toml names the file, the line and the key", "[cli]") {
  const fs::path dir = scratch("broken");
  std::string toml = kToml;
  toml.replace(toml.find("distance_m = 5000\n"), 18, "distance_m = \"five\"\n");
  write(dir / "race.toml", toml);
  write(dir / "participants.csv", "bib,contest\n1,5k\n");
  const Run r = pacecast("results " + dir.string());
  CHECK(r.code == 1);
  CHECK(r.out.find("race.toml:17:") != std::string::npos);
  CHECK(r.out.find("distance_m") != std::string::npos);

  const Run missing = pacecast("results " + (dir / "nope").string());
  CHECK(missing.code == 1);
  CHECK(missing.out.find("race.toml") != std::string::npos);
}

TEST_CASE("import boston, then results reproduce the official order", "[cli]") {
  const fs::path dir = scratch("boston");
  const Run imp = pacecast("import boston " + std::string(PACECAST_TEST_DATA) +
                           "/marathon_results_2019.csv.gz --out " + dir.string());
  REQUIRE(imp.code == 0);
  CHECK(imp.out.find("26647 finishers imported") != std::string::npos);
  const Run res = pacecast("results " + dir.string());
  REQUIRE(res.code == 0);
  // The winners of 2019, first lines after the header.
  CHECK(res.out.find("2,Lawrence Cherono,marathon,M,M18-39,,2:07:57,") != std::string::npos);
  CHECK(res.out.find(",1,1,1,finish\n") != std::string::npos);
}

TEST_CASE("generate almaty writes a bundle that loads cleanly", "[cli]") {
  const fs::path dir = scratch("almaty");
  const Run gen = pacecast("generate almaty --scale 0.05 --seed 7 --out " + dir.string());
  REQUIRE(gen.code == 0);
  CHECK(fs::exists(dir / "race.toml"));
  CHECK(fs::exists(dir / "participants.csv"));
  CHECK(fs::exists(dir / "passings.jsonl"));
  const Run check = pacecast("check " + dir.string());
  INFO(check.out);
  CHECK(check.code == 0);
}

TEST_CASE("replay prints the live board", "[cli]") {
  const Run r = pacecast("replay almaty --speed 0 --until 08:40:00 --top 3");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Almaty Marathon") != std::string::npos);
  CHECK(r.out.find("Marathon") != std::string::npos);
  CHECK(r.out.find("record pace") != std::string::npos);
  CHECK(r.out.find("Ekiden") != std::string::npos);
}

}  // namespace cli_test
