#include <catch2/catch.hpp>

#include "core/time.h"

namespace time_test {

using namespace core;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

TEST_CASE("H:MM:SS formatting truncates milliseconds and handles signs", "[time]") {
  CHECK(format_hms(Ms(0)) == "0:00:00");
  CHECK(format_hms(Ms(7677999)) == "2:07:57");
  CHECK(format_hms(Ms(-61000)) == "-0:01:01");
  CHECK(format_hms(Ms(100LL * 3600 * 1000)) == "100:00:00");
  CHECK(format_hms_ms(Ms(7677250)) == "2:07:57.250");
  CHECK(format_short(Ms(296000)) == "4:56");
  CHECK(format_short(Ms(-5000)) == "-0:05");
  CHECK(format_short(Ms(3600000)) == "1:00:00");
}

TEST_CASE("parse_hms accepts race times and refuses everything else", "[time]") {
  CHECK(parse_hms("2:07:57") == Ms(7677000));
  CHECK(parse_hms("02:07:57") == Ms(7677000));
  CHECK(parse_hms("07:57") == Ms(477000));
  CHECK(parse_hms("0:00:01.5") == Ms(1500));
  CHECK(parse_hms("0:00:01.2345") == Ms(1234));
  CHECK(parse_hms("26:00:00") == Ms(26LL * 3600000));  // elapsed times may pass 24 h
  for (const char* bad : {"", "-", "1:60:00", "1:00:60", "1:2:03", "1:02:3", "a:00:00", "1:00:00.",
                          "1:00:00:00", "0.124548611", "1", ":00:00", "1:00:-1"}) {
    INFO(bad);
    CHECK_FALSE(parse_hms(bad));
  }
}

TEST_CASE("dates, offsets and ISO 8601 instants", "[time]") {
  CHECK(parse_date("2025-09-28") == Date{year(2025), month(9), day(28)});
  CHECK_FALSE(parse_date("2025-02-30"));
  CHECK_FALSE(parse_date("2025-9-28"));
  CHECK(format_date(Date{year(2019), month(4), day(15)}) == "2019-04-15");
  CHECK(parse_utc_offset("+05:00")->minutes == 300);
  CHECK(parse_utc_offset("-0330")->minutes == -210);
  CHECK(parse_utc_offset("Z")->minutes == 0);
  CHECK_FALSE(parse_utc_offset("+15:00"));
  CHECK_FALSE(parse_utc_offset("05:00"));
  CHECK(format_utc_offset({-240}) == "-04:00");

  const auto t = parse_iso8601("2025-09-28T06:30:00.250+05:00");
  REQUIRE(t);
  CHECK(t->time_since_epoch().count() == 1759023000250);
  CHECK(parse_iso8601("2025-09-28T01:30:00.250Z") == t);
  CHECK(format_iso8601(*t, {300}) == "2025-09-28T06:30:00.250+05:00");
  CHECK_FALSE(parse_iso8601("2025-09-28T06:30:00"));  // no offset: the zone is unknown
  CHECK_FALSE(parse_iso8601("2025-09-28T24:00:00Z"));
  CHECK_FALSE(parse_iso8601("garbage"));
}

TEST_CASE("local race time and UTC", "[time]") {
  const Date d{year(2025), month(9), day(28)};
  const UtcOffset almaty{300};
  const UtcMs gun = local_to_utc(d, Ms(6 * 3600000 + 30 * 60000), almaty);
  CHECK(gun.time_since_epoch().count() == 1759023000000);
  CHECK(local_time_of_day(gun, almaty) == Ms(6 * 3600000 + 30 * 60000));
  CHECK(local_date(gun, almaty) == d);
  // 01:00 local in Almaty is the previous day in UTC.
  const UtcMs early = local_to_utc(d, Ms(3600000), almaty);
  CHECK(local_date(early, UtcOffset{0}) == Date{year(2025), month(9), day(27)});
  CHECK(local_date(early, almaty) == d);
}

TEST_CASE("age on a day", "[time]") {
  const Date race{year(2025), month(9), day(28)};
  CHECK(age_on(Date{year(1990), month(9), day(28)}, race) == 35);
  CHECK(age_on(Date{year(1990), month(9), day(29)}, race) == 34);
  CHECK(age_on(Date{year(1938), month(1), day(1)}, race) == 87);
}

}  // namespace time_test
