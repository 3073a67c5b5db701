// `pacecast ingest` end to end over real sockets on loopback: a `pacecast feed-sim` process
// serves a bundle, ingest journals and applies it; its standings CSV, and `pacecast results
// --journal` on its journal, equal `pacecast results` on the bundle byte for byte. Also a
// relay chain: a second ingest fed by the first one's --relay-listen.
#include <catch2/catch.hpp>

#include "feed_harness.h"

namespace ingest_test {

namespace {

namespace fs = std::filesystem;
using feed_harness::check_same_csv;
using feed_harness::Sim;
using feed_harness::Summary;
using test_process::Process;

// Serves BUNDLE with `feed-sim --speed 0 --exit-when-done`, ingests it into DIR/NAME.db with
// --exit-when-idle 2 and --results DIR/NAME.csv; CHECKs exit codes and that the summary
// counts every served event once. Returns the results file; `story` gets what ran.
fs::path sim_to_ingest(const fs::path& dir, const std::string& name, const std::string& bundle,
                       const fs::path& expected, std::string& story) {
  Sim sim =
      feed_harness::start_sim(dir, name + "-sim", bundle, {"--speed", "0", "--exit-when-done"});
  const fs::path journal = dir / (name + ".db"), results = dir / (name + ".csv");
  auto ingest =
      feed_harness::start_ingest(dir, name + "-ingest", bundle, sim.port, journal,
                                 {"--exit-when-idle", "2", "--results", results.string()});
  const int ingest_code = ingest->wait();
  const int sim_code = sim.process->wait();
  INFO(sim.process->report());
  INFO(ingest->report());
  REQUIRE(ingest_code == 0);
  REQUIRE(sim_code == 0);
  std::string line;
  const Summary s = feed_harness::summary_of(*ingest, &line);
  story += sim.process->command() + "\n" + ingest->command() + "\n" + line + "\n";
  CHECK(s.at("journal") == sim.served);
  CHECK(s.at("applied") == s.at("journal"));
  CHECK(s.at("accepted") == sim.served);
  CHECK(s.at("rejected") == 0);
  CHECK(s.at("gaps") == 0);
  check_same_csv(expected, results, story);
  return journal;
}

}  // namespace

TEST_CASE("ingest: the Almaty sample from feed-sim gives `pacecast results almaty` exactly",
          "[ingest]") {
  const fs::path dir = test_process::scratch_dir("ingest-almaty");
  const fs::path expected = feed_harness::results_csv(dir, "expected", {"almaty"});
  std::string story;
  const fs::path journal = sim_to_ingest(dir, "almaty", "almaty", expected, story);
  // The journal read back by `results --journal` (read-only), same CSV.
  const fs::path from_journal =
      feed_harness::results_csv(dir, "from-journal", {"almaty", "--journal", journal.string()});
  check_same_csv(expected, from_journal,
                 story + "pacecast results almaty --journal " + journal.string());
}

TEST_CASE("ingest: a Boston bundle from feed-sim gives `pacecast results DIR` exactly",
          "[ingest]") {
  const fs::path dir = test_process::scratch_dir("ingest-boston");
  const fs::path bundle = dir / "boston";
  feed_harness::run_ok(
      dir, "import",
      {"import", "boston", std::string(PACECAST_TEST_DATA) + "/marathon_results_2015.csv.gz",
       "--out", bundle.string()});
  const fs::path expected = feed_harness::results_csv(dir, "expected", {bundle.string()});
  std::string story;
  const fs::path journal = sim_to_ingest(dir, "boston", bundle.string(), expected, story);
  const fs::path from_journal = feed_harness::results_csv(
      dir, "from-journal", {bundle.string(), "--journal", journal.string()});
  check_same_csv(expected, from_journal,
                 story + "pacecast results " + bundle.string() + " --journal " + journal.string());
}

TEST_CASE(
    "ingest: a relay chain sim -> ingest A --relay-listen -> ingest B gives the same "
    "results",
    "[ingest]") {
  const fs::path dir = test_process::scratch_dir("ingest-relay");
  const std::string bundle = feed_harness::small_bundle(dir).string();
  const fs::path expected = feed_harness::results_csv(dir, "expected", {bundle});
  Sim sim = feed_harness::start_sim(dir, "sim", bundle, {"--speed", "0", "--exit-when-done"});
  const fs::path results_a = dir / "a.csv", results_b = dir / "b.csv";
  auto a = feed_harness::start_ingest(
      dir, "ingest-a", bundle, sim.port, dir / "a.db",
      {"--exit-when-idle", "2", "--relay-listen", "127.0.0.1:0", "--results", results_a.string()});
  const auto relay =
      a->wait_for_output(R"(^ingest: relay: serving feed `.*` on 127\.0\.0\.1:(\d+)$)");
  auto b = feed_harness::start_ingest(dir, "ingest-b", bundle, std::stoi(relay[1]), dir / "b.db",
                                      {"--exit-when-idle", "2", "--results", results_b.string()});
  const int code_a = a->wait(), code_b = b->wait(), code_sim = sim.process->wait();
  INFO(sim.process->report());
  INFO(a->report());
  INFO(b->report());
  REQUIRE(code_a == 0);
  REQUIRE(code_b == 0);
  REQUIRE(code_sim == 0);
  std::string line_a, line_b;
  const Summary sa = feed_harness::summary_of(*a, &line_a);
  const Summary sb = feed_harness::summary_of(*b, &line_b);
  const std::string story = sim.process->command() + "\n" + a->command() + "\n" + b->command() +
                            "\n" + line_a + "\n" + line_b;
  INFO(story);
  CHECK(sa.at("journal") == sim.served);
  CHECK(feed_harness::value(sa, "relay_seq") == sim.served);
  CHECK(sb.at("journal") == sim.served);
  CHECK(sb.at("applied") == sb.at("journal"));
  check_same_csv(expected, results_a, story);
  check_same_csv(expected, results_b, story);
}

}  // namespace ingest_test
