// Small text helpers for parsers of outside input: CSV records, trimming, UTF-8 checks.
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
// Splits on a single character, keeping empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);
// "a, b, c": the items with `sep` between them, for lists in messages.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");
// Edits (insert, delete, replace a byte) between two strings, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The one of `candidates` nearest to `name` (case-insensitive) within a few edits (3, or a
// third of the name's length when longer), for "did you mean"; empty when none is that near.
std::string_view closest(std::string_view name, const std::vector<std::string_view>& candidates);

// True when the bytes are well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view s);

// Reads RFC 4180 CSV one record at a time: quoted fields may hold commas, quotes ("")
// and newlines. Tracks the 1-based line number where each record starts.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  // Reads the next record into `fields`; returns false at the end of input.
  // A record with an unterminated quote sets `error` and consumes the rest of the input.
  bool next(std::vector<std::string>& fields);
  int record_line() const { return record_line_; }
  const std::string& error() const { return error_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 0;
  std::string error_;
};

// Quotes a CSV field when it needs it.
std::string csv_field(std::string_view s);

// Parses a whole decimal integer (optional sign); nullopt on junk or overflow.
std::optional<long long> parse_int(std::string_view s);
std::optional<double> parse_double(std::string_view s);

}  // namespace core
