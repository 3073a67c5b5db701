// Feed protocol v1 codec: every message type, every error code, batches, limits, ISO times
// with offsets, and decode(encode(x)) == x.
#include <catch2/catch.hpp>

#include "participant_fixture.h"

#include <string>

#include "feed/codec.h"

namespace codec_test {

namespace {

using core::Ms;
using core::UtcMs;

// 2025-09-28T06:30:00.250+05:00
constexpr std::int64_t kT0 = 1759023000250;

UtcMs at(std::int64_t ms) {
  return UtcMs(Ms(ms));
}

race::Origin origin(std::int64_t seq, std::string source = "feed", std::string epoch = "e1") {
  return race::Origin{std::move(source), std::move(epoch), seq};
}

// Field-by-field equality (the race types have no operator==).
bool same(const race::Origin& a, const race::Origin& b) {
  return a.source == b.source && a.epoch == b.epoch && a.seq == b.seq;
}
bool same(const race::Participant& a, const race::Participant& b) {
  return a.bib == b.bib && a.first_name == b.first_name && a.last_name == b.last_name &&
         a.gender == b.gender && a.birth_date == b.birth_date && a.age == b.age &&
         a.country == b.country && a.city == b.city && a.club == b.club && a.contest == b.contest &&
         a.wave == b.wave && a.team == b.team && a.leg == b.leg && a.chips == b.chips &&
         a.vip == b.vip && a.note == b.note && a.pronunciation == b.pronunciation &&
         a.category == b.category;
}
bool same(const race::Passing& a, const race::Passing& b) {
  return same(a.origin, b.origin) && a.mat == b.mat && a.bib == b.bib && a.chip == b.chip &&
         a.time == b.time && a.hits == b.hits && a.rssi == b.rssi && a.flags == b.flags;
}
bool same(const race::GunEvent& a, const race::GunEvent& b) {
  return same(a.origin, b.origin) && a.contest == b.contest && a.wave == b.wave && a.time == b.time;
}
bool same(const race::StatusChange& a, const race::StatusChange& b) {
  return same(a.origin, b.origin) && a.bib == b.bib && a.status == b.status && a.reason == b.reason;
}
bool same(const race::Correction& a, const race::Correction& b) {
  return same(a.origin, b.origin) && a.target_source == b.target_source &&
         a.target_epoch == b.target_epoch && a.target_seq == b.target_seq && a.action == b.action &&
         a.new_time == b.new_time && !a.at_mat == !b.at_mat &&
         (!a.at_mat || (a.at_mat->bib == b.at_mat->bib && a.at_mat->mat == b.at_mat->mat));
}
bool same(const race::ParticipantUpdate& a, const race::ParticipantUpdate& b) {
  return same(a.origin, b.origin) && a.old_bib == b.old_bib && same(a.participant, b.participant);
}
bool same(const feed::Heartbeat& a, const feed::Heartbeat& b) {
  return a.seq == b.seq && a.time == b.time;
}
bool same(const feed::Hello& a, const feed::Hello& b) {
  return a.protocol == b.protocol && a.feed == b.feed && a.epoch == b.epoch &&
         a.last_seq == b.last_seq;
}
bool same(const feed::Subscribe& a, const feed::Subscribe& b) {
  return a.epoch == b.epoch && a.since == b.since;
}
bool same(const feed::Resync& a, const feed::Resync& b) {
  return a.epoch == b.epoch && a.since == b.since && a.reason == b.reason;
}
template <class... T>
bool same(const std::variant<T...>& a, const std::variant<T...>& b) {
  if (a.index() != b.index()) return false;
  return std::visit([&](const auto& x) { return same(x, std::get<std::decay_t<decltype(x)>>(b)); },
                    a);
}

// Decodes text that must hold exactly one good message.
feed::Message one(std::string_view text, std::string_view epoch = {}) {
  auto d = feed::decode(text, epoch);
  INFO(text);
  for (const auto& e : d.errors) INFO(e.code + ": " + e.message);
  REQUIRE(d.errors.empty());
  REQUIRE(d.messages.size() == 1);
  return d.messages.front();
}

template <class T>
T one_event(std::string_view text, std::string_view epoch = {}) {
  auto m = one(text, epoch);
  REQUIRE(std::holds_alternative<race::Event>(m));
  const auto& e = std::get<race::Event>(m);
  REQUIRE(std::holds_alternative<T>(e));
  return std::get<T>(e);
}

// Decodes text that must be rejected with exactly one error.
feed::DecodeError rejected(std::string_view text) {
  auto d = feed::decode(text);
  INFO(text);
  REQUIRE(d.messages.empty());
  REQUIRE(d.errors.size() == 1);
  return d.errors.front();
}

void check_round_trip(const feed::Message& m) {
  const std::string text = feed::encode(m);
  INFO(text);
  CHECK(text.find('\n') == std::string::npos);
  auto back = feed::decode(text);
  REQUIRE(back.errors.empty());
  REQUIRE(back.messages.size() == 1);
  CHECK(same(back.messages.front(), m));
}

}  // namespace

TEST_CASE("every message type survives encode then decode", "[codec]") {
  race::Passing p{origin(17), "5K", "1234", "CHIP9",
                  at(kT0),    3,    -61,    race::PassingFlag::backup | race::PassingFlag::manual};
  check_round_trip(race::Event(p));
  race::Passing chip_only{origin(18, "mat-b", ""), "finish", "", "E200001", at(kT0), 0, 0,
                          race::PassingFlag::gun};
  check_round_trip(race::Event(chip_only));
  check_round_trip(race::Event(race::GunEvent{origin(1), "marathon", "wave2", at(kT0)}));
  check_round_trip(race::Event(race::GunEvent{origin(2), "10k", "", at(kT0)}));
  for (auto s : {race::RunnerStatus::ok, race::RunnerStatus::dns, race::RunnerStatus::dnf,
                 race::RunnerStatus::dsq})
    check_round_trip(race::Event(race::StatusChange{origin(3), "77", s, "medical"}));
  check_round_trip(race::Event(race::StatusChange{origin(4), "77", race::RunnerStatus::dnf, ""}));
  check_round_trip(race::Event(
      race::Correction{origin(5), "feed", "e1", 17, race::Correction::Action::void_passing, {}}));
  check_round_trip(race::Event(race::Correction{
      origin(6), "mat-b", "e0", 18, race::Correction::Action::adjust_time, at(kT0 + 1500)}));
  check_round_trip(race::Event(
      race::Correction{origin(7), "feed", "e1", 17, race::Correction::Action::restore, {}}));
  // An operator's correction names a runner and a mat instead of a passing.
  race::Correction by_bib{origin(8, "operator", "run-3"), "", "", 0,
                          race::Correction::Action::void_passing};
  by_bib.at_mat = std::make_shared<const race::MatTarget>(race::MatTarget{"1234", "5K"});
  check_round_trip(race::Event(by_bib));
  CHECK(feed::encode(race::Event(by_bib)).find("target_seq") == std::string::npos);
  by_bib.action = race::Correction::Action::restore;
  check_round_trip(race::Event(by_bib));
  check_round_trip(
      race::Event(race::ParticipantUpdate{origin(7), "1234", fixture::full_participant()}));
  race::Participant minimal;
  minimal.bib = "0042";
  check_round_trip(race::Event(race::ParticipantUpdate{origin(8), "", minimal}));
  check_round_trip(feed::Heartbeat{99, at(kT0)});
  check_round_trip(feed::Hello{1, "almaty-main", "2025-09-28a", 12345});
  check_round_trip(feed::Hello{1, "", "", 0});
  check_round_trip(feed::Subscribe{"2025-09-28a", 100});
  check_round_trip(feed::Subscribe{"", 0});
  check_round_trip(feed::Resync{"2025-09-28b", 0, "epoch changed"});
}

TEST_CASE("encode writes one line, a stable field order and no empty optionals", "[codec]") {
  race::Passing p{origin(17), "5K", "1234", "", at(kT0), 0, 0, race::PassingFlag::none};
  CHECK(feed::encode(race::Event(p)) ==
        R"({"type":"passing","seq":17,"source":"feed","epoch":"e1","point":"5K","bib":"1234",)"
        R"("time":1759023000250})");
  p.hits = 2;
  p.rssi = -60;
  p.flags = race::PassingFlag::manual | race::PassingFlag::gun;
  CHECK(feed::encode(feed::Message(race::Event(p))) ==
        R"({"type":"passing","seq":17,"source":"feed","epoch":"e1","point":"5K","bib":"1234",)"
        R"("time":1759023000250,"hits":2,"rssi":-60,"flags":["gun","manual"]})");
  CHECK(feed::encode(feed::Heartbeat{5, at(kT0)}) ==
        R"({"type":"heartbeat","seq":5,"time":1759023000250})");
  // An empty feed's heartbeat has seq 0; a race event's seq starts at 1.
  const auto empty = feed::decode(R"({"type":"heartbeat","seq":0,"time":1759023000250})");
  REQUIRE(empty.errors.empty());
  CHECK(std::get<feed::Heartbeat>(empty.messages.at(0)).seq == 0);
  CHECK(feed::decode(R"({"type":"passing","seq":0,"point":"5K","bib":"7","time":1759023000250})")
            .errors.at(0)
            .code == "bad_value");
  race::Participant minimal;
  minimal.bib = "9";
  CHECK(feed::encode(race::Event(race::ParticipantUpdate{origin(3, "reg", ""), "", minimal})) ==
        R"({"type":"participant","seq":3,"source":"reg","participant":{"bib":"9"}})");
}

TEST_CASE("times are integer ms or ISO 8601 with an offset", "[codec]") {
  const char* forms[] = {
      R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":1759023000250})",
      R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":"2025-09-28T06:30:00.250+05:00"})",
      R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":"2025-09-28T01:30:00.250Z"})",
      R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":"2025-09-27T21:30:00.250-04:00"})",
  };
  for (const char* f : forms) CHECK(one_event<race::Passing>(f).time == at(kT0));
  CHECK(
      one_event<race::Passing>(
          R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":"2025-09-28T06:30:00+05:30"})")
          .time == at(kT0 - 250 - 30 * 60 * 1000));
}

TEST_CASE("defaults: source is feed, epoch comes from the caller unless the message has one",
          "[codec]") {
  auto p = one_event<race::Passing>(
      R"({"type":"passing","seq":4,"point":"start","chip":"E1","time":1759023000250})", "ep-7");
  CHECK(p.origin.source == "feed");
  CHECK(p.origin.epoch == "ep-7");
  CHECK(p.origin.seq == 4);
  CHECK(p.hits == 0);
  CHECK(p.rssi == 0);
  CHECK(p.flags == race::PassingFlag::none);
  auto q = one_event<race::Passing>(
      R"({"type":"passing","seq":4,"source":"b","epoch":"own","point":"start","bib":"1",)"
      R"("time":1759023000250})",
      "ep-7");
  CHECK(q.origin.source == "b");
  CHECK(q.origin.epoch == "own");
  auto c = one_event<race::Correction>(
      R"({"type":"correction","seq":9,"source":"b","epoch":"own","target_seq":4,"action":"void"})");
  CHECK(c.target_source == "b");
  CHECK(c.target_epoch == "own");
  CHECK(c.action == race::Correction::Action::void_passing);
  auto s = one_event<race::StatusChange>(R"({"type":"status","seq":2,"bib":"5","status":"dnf"})");
  CHECK(s.status == race::RunnerStatus::dnf);
}

TEST_CASE("unknown fields are ignored", "[codec]") {
  auto p = one_event<race::Passing>(
      R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":1759023000250,)"
      R"("antenna":{"port":3,"gain":[1,2]},"future":null})");
  CHECK(p.bib == "7");
  auto h = std::get<feed::Hello>(one(R"({"type":"hello","protocol":2,"compression":"none"})"));
  CHECK(h.protocol == 2);
}

TEST_CASE("errors name the message, the field and what was expected", "[codec]") {
  auto e = rejected(R"({"type":"passing","seq":17,"point":"5K","bib":"7","time":"25:99"})");
  CHECK(e.code == "bad_time");
  CHECK(e.message ==
        "passing seq 17: field `time`: expected integer UTC ms or ISO 8601 with offset, got "
        "\"25:99\"");
  e = rejected(R"({"type":"gun","seq":3,"time":1759023000250})");
  CHECK(e.code == "missing_field");
  CHECK(e.message.find("gun seq 3: field `contest`") == 0);
  e = rejected(R"({"type":"participant","seq":8,"participant":{"bib":"1","age":"old"}})");
  CHECK(e.code == "bad_type");
  CHECK(e.message.find("participant seq 8: field `participant.age`: expected integer") == 0);
}

TEST_CASE("every error code", "[codec]") {
  struct Case {
    const char* code;
    std::string text;
  };
  const std::string ok_tail = R"(,"point":"5K","bib":"7","time":1759023000250})";
  const Case cases[] = {
      {"bad_json", R"({"type":"passing",)"},
      {"bad_json", "\xff"},
      {"bad_json", std::string(40, '[') + std::string(40, ']')},
      {"bad_type", "42"},
      {"bad_type", R"("passing")"},
      {"missing_field", R"({"seq":1})"},
      {"bad_type", R"({"type":7})"},
      {"unknown_type", R"({"type":"teleport","seq":1})"},
      {"missing_field", R"({"type":"passing")" + ok_tail},
      {"bad_value", R"({"type":"passing","seq":0)" + ok_tail},
      {"bad_value", R"({"type":"passing","seq":-5)" + ok_tail},
      {"bad_type", R"({"type":"passing","seq":"17")" + ok_tail},
      {"bad_type", R"({"type":"passing","seq":1.5)" + ok_tail},
      {"bad_value", R"({"type":"passing","seq":18446744073709551615)" + ok_tail},
      {"missing_field", R"({"type":"passing","seq":1,"bib":"7","time":1759023000250})"},
      {"missing_field", R"({"type":"passing","seq":1,"point":"5K","time":1759023000250})"},
      {"missing_field", R"({"type":"passing","seq":1,"point":"5K","bib":"7"})"},
      {"bad_value", R"({"type":"passing","seq":1,"point":"","bib":"7","time":1759023000250})"},
      {"bad_type", R"({"type":"passing","seq":1,"point":5,"bib":"7","time":1759023000250})"},
      {"bad_time", R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":12})"},
      {"bad_time", R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":4102444800000})"},
      {"bad_time", R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":1.7e12})"},
      {"bad_time",
       R"({"type":"passing","seq":1,"point":"5K","bib":"7","time":"2025-09-28T06:30:00"})"},
      {"bad_value", R"({"type":"passing","seq":1,"hits":-1)" + ok_tail},
      {"bad_value", R"({"type":"passing","seq":1,"rssi":300)" + ok_tail},
      {"bad_value", R"({"type":"passing","seq":1,"flags":["gun","turbo"])" + ok_tail},
      {"bad_type", R"({"type":"passing","seq":1,"flags":"gun")" + ok_tail},
      {"bad_value", R"({"type":"passing","seq":1,"source":"")" + ok_tail},
      {"bad_value", R"({"type":"status","seq":1,"bib":"7","status":"DNX"})"},
      {"missing_field", R"({"type":"status","seq":1,"status":"DNS"})"},
      {"bad_value", R"({"type":"correction","seq":2,"target_seq":1,"action":"undo"})"},
      {"missing_field", R"({"type":"correction","seq":2,"target_seq":1,"action":"adjust"})"},
      {"missing_field", R"({"type":"correction","seq":2,"action":"void"})"},
      {"missing_field", R"({"type":"correction","seq":2,"bib":"7","action":"void"})"},
      {"bad_value", R"({"type":"correction","seq":2,"bib":"7","mat":"5K","action":"adjust",)"
                    R"("time":1759023000250})"},
      {"missing_field", R"({"type":"participant","seq":2})"},
      {"bad_type", R"({"type":"participant","seq":2,"participant":[1]})"},
      {"missing_field", R"({"type":"participant","seq":2,"participant":{"city":"X"}})"},
      {"bad_value", R"({"type":"participant","seq":2,"participant":{"bib":"1","gender":"Q"}})"},
      {"bad_value",
       R"({"type":"participant","seq":2,"participant":{"bib":"1","birth_date":"1990-02-30"}})"},
      {"bad_type", R"({"type":"participant","seq":2,"participant":{"bib":"1","vip":"yes"}})"},
      {"bad_type", R"({"type":"participant","seq":2,"participant":{"bib":"1","chips":[5]}})"},
      {"missing_field", R"({"type":"heartbeat","time":1759023000250})"},
      {"missing_field", R"({"type":"hello","feed":"x"})"},
      {"bad_value", R"({"type":"subscribe","since":-1})"},
      {"bad_type", R"({"type":"resync","epoch":3})"},
      {"too_large", std::string(feed::kMaxFrameBytes + 1, ' ')},
  };
  for (const auto& c : cases) {
    auto d = feed::decode(c.text);
    INFO(c.text.substr(0, 200));
    REQUIRE(d.errors.size() == 1);
    CHECK(d.messages.empty());
    CHECK(d.errors[0].code == c.code);
    CHECK(!d.errors[0].message.empty());
  }
}

TEST_CASE("strings are limited to 256 bytes of valid UTF-8", "[codec]") {
  const std::string ok(256, 'a'), long_one(257, 'a');
  auto text = [](const std::string& bib) {
    return R"({"type":"passing","seq":1,"point":"5K","bib":")" + bib + R"(","time":1759023000250})";
  };
  CHECK(one_event<race::Passing>(text(ok)).bib == ok);
  CHECK(rejected(text(long_one)).code == "bad_value");
  CHECK(rejected(text("\xc3\x28")).code == "bad_json");  // the parser refuses bad UTF-8
  CHECK(one_event<race::Passing>(text("\xc3\xa9")).bib == "\xc3\xa9");
}

TEST_CASE("a batch keeps its good messages and reports each bad one", "[codec]") {
  auto d =
      feed::decode(R"([{"type":"passing","seq":1,"point":"5K","bib":"7","time":1759023000250},)"
                   R"({"type":"passing","seq":2,"point":"5K","time":1759023000250},)"
                   R"({"type":"heartbeat","seq":3,"time":"2025-09-28T06:30:01+05:00"},)"
                   R"(17,)"
                   R"({"type":"nope"},)"
                   R"({"type":"gun","seq":4,"contest":"marathon","time":1759023000250}])",
                   "ep");
  REQUIRE(d.messages.size() == 3);
  REQUIRE(d.errors.size() == 3);
  CHECK(d.errors[0].code == "missing_field");
  CHECK(d.errors[0].message.find("passing seq 2") == 0);
  CHECK(d.errors[1].code == "bad_type");
  CHECK(d.errors[2].code == "unknown_type");
  CHECK(std::get<feed::Heartbeat>(d.messages[1]).seq == 3);
  CHECK(std::get<race::GunEvent>(std::get<race::Event>(d.messages[2])).origin.epoch == "ep");

  auto empty = feed::decode("[]");
  CHECK(empty.messages.empty());
  CHECK(empty.errors.empty());
}

TEST_CASE("batch length and frame size limits", "[codec]") {
  auto batch = [](std::size_t n) {
    std::string s = "[";
    for (std::size_t i = 0; i < n; ++i) {
      if (i) s += ',';
      s += R"({"type":"heartbeat","seq":)" + std::to_string(i + 1) + R"(,"time":1759023000250})";
    }
    return s + "]";
  };
  auto full = feed::decode(batch(feed::kMaxBatchLength));
  CHECK(full.errors.empty());
  CHECK(full.messages.size() == feed::kMaxBatchLength);
  auto over = feed::decode(batch(feed::kMaxBatchLength + 1));
  CHECK(over.messages.empty());
  REQUIRE(over.errors.size() == 1);
  CHECK(over.errors[0].code == "batch_too_long");

  std::string padded = R"({"type":"heartbeat","seq":1,"time":1759023000250})";
  padded += std::string(feed::kMaxFrameBytes - padded.size(), ' ');
  CHECK(feed::decode(padded).messages.size() == 1);
  padded += ' ';
  auto big = feed::decode(padded);
  CHECK(big.messages.empty());
  REQUIRE(big.errors.size() == 1);
  CHECK(big.errors[0].code == "too_large");
}

TEST_CASE("decode never throws on junk", "[codec]") {
  const char* junk[] = {"",
                        " ",
                        "null",
                        "true",
                        "{}",
                        "[[]]",
                        "[null]",
                        "{\"type\":null}",
                        "{\"type\":\"passing\",\"seq\":1e400}",
                        "\"\\ud800\"",
                        R"({"type":"participant","seq":1,"participant":{"bib":"1","age":1e99}})"};
  for (const char* j : junk) {
    feed::Decoded d;
    CHECK_NOTHROW(d = feed::decode(j));
    CHECK(d.messages.empty());
    CHECK(d.errors.size() == 1);
  }
}

}  // namespace codec_test
