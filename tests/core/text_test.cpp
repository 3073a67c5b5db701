#include <catch2/catch.hpp>

#include "core/text.h"

namespace text_test {

using namespace core;

TEST_CASE("CSV records: quotes, commas, newlines, CRLF, BOM, line numbers", "[text]") {
  const std::string text =
      "\xEF\xBB\xBF"
      "bib,name,city\r\n"
      "1,\"Cherono, Lawrence\",Eldoret\r\n"
      "2,\"Say \"\"hi\"\"\",\"Newton,\nUpper Falls\"\n"
      "3,,\n"
      "4,last";
  CsvReader r(text);
  std::vector<std::string> f;
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string>{"bib", "name", "city"});
  CHECK(r.record_line() == 1);
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string>{"1", "Cherono, Lawrence", "Eldoret"});
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string>{"2", "Say \"hi\"", "Newton,\nUpper Falls"});
  CHECK(r.record_line() == 3);
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string>{"3", "", ""});
  CHECK(r.record_line() == 5);  // the quoted newline moved the line count on
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string>{"4", "last"});
  CHECK_FALSE(r.next(f));
}

TEST_CASE("an unterminated quote is reported, not read past silently", "[text]") {
  CsvReader r("a,\"open\nb,c\n");
  std::vector<std::string> f;
  REQUIRE(r.next(f));
  CHECK(r.error() == "unterminated quoted field");
  CHECK_FALSE(r.next(f));
}

TEST_CASE("csv_field quotes only when it must", "[text]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("Newton, MA") == "\"Newton, MA\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  const std::string line = csv_field("a,\"b\"\nc") + "," + csv_field("Қанат") + "\n";
  CsvReader r(line);
  std::vector<std::string> f;
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string>{"a,\"b\"\nc", "Қанат"});
}

TEST_CASE("UTF-8 validation", "[text]") {
  CHECK(valid_utf8("Әлихан Қасымов, Søren, José"));
  CHECK(valid_utf8("\xF0\x9F\x8F\x83"));    // runner emoji, 4 bytes
  CHECK_FALSE(valid_utf8("\xC0\xAF"));      // overlong '/'
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));  // a surrogate
  CHECK_FALSE(valid_utf8("abc\xE2\x82"));   // cut short
  CHECK_FALSE(valid_utf8("\xFF"));
  CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
}

TEST_CASE("numbers and trimming", "[text]") {
  CHECK(parse_int("42") == 42);
  CHECK(parse_int("+7") == 7);
  CHECK(parse_int("-3") == -3);
  CHECK_FALSE(parse_int("4x"));
  CHECK_FALSE(parse_int(""));
  CHECK_FALSE(parse_int("99999999999999999999"));
  CHECK(parse_double("0.124548611") == Approx(0.124548611));
  CHECK_FALSE(parse_double("1.2.3"));
  CHECK(trim("  a b \r\n") == "a b");
  CHECK(trim(" \t ").empty());
  CHECK(to_lower("DNF") == "dnf");
  CHECK(split("a;;b", ';') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(join({"a", "b", "c"}) == "a, b, c");
  CHECK(join({"x"}, " | ") == "x");
  CHECK(join({}).empty());
}

TEST_CASE("edit_distance counts single-byte edits", "[text]") {
  CHECK(core::edit_distance("", "") == 0);
  CHECK(core::edit_distance("contest", "contest") == 0);
  CHECK(core::edit_distance("contset", "contest") == 2);  // a swap is two edits
  CHECK(core::edit_distance("mat", "mats") == 1);
  CHECK(core::edit_distance("", "abc") == 3);
  CHECK(core::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest names the near candidate for \"did you mean\", or none", "[text]") {
  const std::vector<std::string_view> keys{"priority", "enabled", "en", "ru", "kk"};
  CHECK(core::closest("priorty", keys) == "priority");
  CHECK(core::closest("PRIORITY", keys) == "priority");  // case does not count
  CHECK(core::closest("enabeld", keys) == "enabled");
  CHECK(core::closest("colour", keys).empty());  // nothing near: no guess
  CHECK(core::closest("x", {}).empty());
}

}  // namespace text_test
