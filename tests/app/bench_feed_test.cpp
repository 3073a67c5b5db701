// `pacecast bench feed` on a tiny workload: the output has its figures and counters, every
// passing reached the model, and the last line is `passings/s: N`. Never checks timings.
#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "process.h"

namespace bench_feed_test {

namespace {

struct Run {
  int code = -1;
  std::string out;  // stdout: the figures
  std::string err;  // stderr: progress and the feed's log, shown when a check fails
};

// Runs pacecast in its own scratch directory `name` (ctest runs test cases in parallel).
Run pacecast_stdout(const std::string& name, const std::vector<std::string>& args) {
  auto p = test_process::pacecast(args, test_process::scratch_dir(name), "bench");
  Run r;
  r.code = p->wait(std::chrono::seconds(300));
  r.out = p->out();
  r.err = p->err();
  return r;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool has_line(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  for (const auto& line : lines(text))
    if (std::regex_search(line, re)) return true;
  return false;
}

}  // namespace

TEST_CASE("bench feed: a tiny run reports every figure and loses no passing", "[cli][bench]") {
  const Run r = pacecast_stdout(
      "bench-feed-tiny", {"--log-level", "warn", "bench", "feed", "--limit", "2000", "--repeat",
                          "2", "--rate", "100", "--latency-seconds", "0.5"});
  INFO(r.out);
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto all = lines(r.out);
  REQUIRE(!all.empty());

  // The last line, exactly: `passings/s: N` with N > 0.
  std::smatch m;
  const std::regex last("^passings/s: ([0-9]+)$");
  REQUIRE(std::regex_match(all.back(), m, last));
  CHECK(std::stoll(m[1].str()) > 0);

  CHECK(has_line(r.out, R"(^bench feed: Boston Marathon 2019, \d+ runners, 2000 passings \+ )"));
  CHECK(has_line(r.out, R"(^feed -> client -> journal -> model: .* \(target ≥ 100,000)"));
  CHECK(has_line(r.out, R"(network \+ journal cost: [0-9.]+x the in-memory apply time$)"));
  // Nothing lost: the server sent, the client accepted and journaled, the model received all.
  const std::regex guns(R"(^client: (\d+) events accepted = 2000 passings \+ (\d+) guns; )"
                        R"(0 duplicates, 0 rejected, 0 gaps \(0 seqs missing\), 0 journal errors)");
  bool client_seen = false;
  for (const auto& line : all) {
    if (!std::regex_search(line, m, guns)) continue;
    client_seen = true;
    CHECK(std::stoll(m[1].str()) == 2000 + std::stoll(m[2].str()));
  }
  CHECK(client_seen);
  CHECK(has_line(r.out, R"(^journal: \d+ events; model: 2000 of 2000 passings reached it, .*)"
                        R"(results identical to the in-memory apply's$)"));
  CHECK(has_line(r.out, R"(^send → applied at 100 passings/s.* over 50 passings \(target p99)"));
  CHECK(has_line(r.out, R"(^journal replay into a fresh model: 2000 passings .* per 300,000)"));
  CHECK(has_line(r.out, R"(fewer than 300,000)"));
  CHECK(has_line(r.out, R"(^replayed model: results identical to the in-memory apply's$)"));
}

TEST_CASE("bench feed explains itself with --help", "[cli][bench]") {
  const Run r = pacecast_stdout("bench-feed-help", {"bench", "feed", "--help"});
  CHECK(r.code == 0);
  for (const char* option : {"--file", "--rate", "--latency-seconds", "--repeat", "--limit"}) {
    INFO(option);
    CHECK(r.out.find(option) != std::string::npos);
  }
}

}  // namespace bench_feed_test
