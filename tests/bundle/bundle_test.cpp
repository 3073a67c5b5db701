// Race bundles on disk: save -> load gives the same race back; missing files say what a
// bundle is; bad CSV rows and JSONL lines are reported with their line numbers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "bundle/boston.h"
#include "bundle/bundle.h"
#include "core/error.h"
#include "core/file.h"
#include "feed/codec.h"
#include "race/config_toml.h"
#include "race/participants_csv.h"

namespace bundle_test {

namespace fs = std::filesystem;

namespace {

// A fresh directory under the build tree, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::path(PACECAST_BINARY_DIR) / "test-tmp" / ("bundle-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

constexpr const char* kBostonCsv =
    "Bib,Name,Age,M/F,City,State,Country,Citizen,,5K,10K,15K,20K,Half,25K,30K,35K,40K,Pace,"
    "Proj Time,Official Time,Overall,Gender,Division\n"
    "2,\"Cherono, Lawrence\",30,M,Eldoret,,KEN,,,0:15:11,0:30:21,0:45:48,1:01:16,1:04:29,"
    "1:16:23,1:32:01,1:47:16,2:01:45,0:04:53,,2:07:57,1,1,1\n"
    "F1,\"Degefa, Worknesh\",28,F,Addis Ababa,,ETH,,,0:16:22,0:32:32,0:48:57,1:05:22,1:08:59,"
    "1:21:38,1:38:46,1:55:33,2:12:43,0:05:20,,2:23:31,92,1,1\n"
    "10187,\"Harrison Iii, James \"\"Jay\"\"\",58,M,Fredericksburg,VA,USA,,,0:22:54,0:46:16,"
    "1:08:46,1:31:27,1:36:21,1:53:57,2:17:13,2:40:52,3:04:29,0:07:26,,3:14:34,5306,4640,85\n";

bundle::BostonImport small_race() {
  return bundle::import_boston(kBostonCsv, "marathon_results_2019.csv", {});
}

std::vector<std::string> encoded(const std::vector<race::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(feed::encode(e));
  return out;
}

}  // namespace

TEST_CASE("a saved bundle loads back the same race", "[bundle]") {
  TempDir tmp;
  auto race = small_race();
  race::Origin o{"desk", "boston-2019", 100};
  race.events.push_back(race::StatusChange{o, "F1", race::RunnerStatus::dnf, "medical tent"});
  o.seq = 101;
  race.events.push_back(race::Correction{
      o, "boston-import", "boston-2019", 9, race::Correction::Action::void_passing, {}});
  o.seq = 102;
  race::Participant late = race.participants.front();
  late.bib = "99";
  race.events.push_back(race::ParticipantUpdate{o, "2", late});

  const fs::path dir = tmp.path() / "boston-2019";  // save creates it
  bundle::save(dir, race.config, race.participants, race.events);
  const bundle::Bundle b = bundle::load(dir);

  CHECK(b.dir == dir);
  CHECK(b.problems.empty());
  REQUIRE(b.config);
  CHECK(race::format_race_config(*b.config) == race::format_race_config(race.config));
  CHECK(race::format_participants_csv(b.participants) ==
        race::format_participants_csv(race.participants));
  CHECK(encoded(b.events) == encoded(race.events));
  CHECK(b.participants.size() == 3);
  CHECK(b.participants[2].last_name == "Harrison Iii");
  CHECK(b.participants[2].first_name == "James \"Jay\"");
  CHECK(b.participants[2].city == "Fredericksburg, VA");

  const bundle::Bundle no_events = bundle::load(dir, bundle::LoadEvents::no);
  CHECK(no_events.events.empty());
  CHECK(no_events.participants.size() == 3);

  // Saving again without events leaves no stale passings.jsonl behind.
  bundle::save(dir, race.config, race.participants, {});
  CHECK_FALSE(fs::exists(dir / "passings.jsonl"));
  CHECK(bundle::load(dir).events.empty());
}

TEST_CASE("a directory without race.toml or participants.csv is not a bundle", "[bundle]") {
  TempDir tmp;
  const auto message = [](const fs::path& dir) {
    try {
      bundle::load(dir);
    } catch (const core::Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK_THAT(message(tmp.path() / "nowhere"),
             Catch::Contains("is not a race bundle: the directory does not exist"));
  const std::string no_toml = message(tmp.path());
  CHECK_THAT(no_toml, Catch::Contains("is not a race bundle: race.toml not found"));
  CHECK_THAT(no_toml, Catch::Contains("see docs/race-config.md"));

  auto race = small_race();
  core::write_file_atomic(tmp.path() / "race.toml", race::format_race_config(race.config));
  CHECK_THAT(message(tmp.path()), Catch::Contains("participants.csv not found"));

  core::write_file_atomic(tmp.path() / "participants.csv", race::kParticipantsHeader);
  CHECK(bundle::load(tmp.path()).participants.empty());

  core::write_file_atomic(tmp.path() / "race.toml", "[race]\nname = \"x\"\ndate = \"junk");
  CHECK_THROWS_AS(bundle::load(tmp.path()), core::ConfigError);
}

TEST_CASE("bad participant rows and passing lines are reported with line numbers", "[bundle]") {
  TempDir tmp;
  auto race = small_race();
  bundle::save(tmp.path(), race.config, race.participants, {});
  std::string csv = race::format_participants_csv(race.participants);
  csv += "2,Dup,Licate,M,,,,,,marathon,,,,,,,,\n";  // line 5: bib 2 again
  core::write_file_atomic(tmp.path() / "participants.csv", csv);

  const std::string good = feed::encode(race.events.front());
  const std::string jsonl =
      good +
      "\n"                                                              // 1
      "\n"                                                              // 2 blank
      "{\"type\":\"passing\",\"seq\":5,\"point\":\"5K\",\"time\":1}\n"  // 3 bad
      "{\"type\":\"heartbeat\",\"seq\":6,\"time\":1555330000000}\r\n"   // 4 ignored
      "not json\n"                                                      // 5 bad
      "{\"type\":\"hello\",\"protocol\":1}\n"                           // 6 misplaced
      "[" +
      good + ",{\"type\":\"gun\",\"seq\":7}]\n" +  // 7 half good
      good;                                        // 8, no newline
  core::write_file_atomic(tmp.path() / "passings.jsonl", jsonl);

  const bundle::Bundle b = bundle::load(tmp.path());
  CHECK(b.participants.size() == 3);
  CHECK(b.events.size() == 3);
  REQUIRE(b.problems.size() == 5);
  CHECK(b.problems[0].file == "participants.csv");
  CHECK(b.problems[0].line == 5);
  CHECK_THAT(b.problems[0].reason, Catch::Contains("2"));
  const int lines[] = {3, 5, 6, 7};
  for (int i = 0; i < 4; ++i) {
    CHECK(b.problems[i + 1].file == "passings.jsonl");
    CHECK(b.problems[i + 1].line == lines[i]);
  }
  CHECK_THAT(b.problems[1].reason, Catch::StartsWith("missing_field: passing seq 5"));
  CHECK_THAT(b.problems[2].reason, Catch::StartsWith("bad_json"));
  CHECK_THAT(b.problems[3].reason, Catch::Contains("hello"));
  CHECK_THAT(b.problems[4].reason, Catch::Contains("gun seq 7"));
}

}  // namespace bundle_test
