// TOML reading helpers private to the director module: located errors (FILE:LINE: key: what
// and what is accepted), unknown-key checks with "did you mean", and overlay parameters
// checked against an overlay kind. Shared by the rules and rundown parsers.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/time.h"
#include "scene/overlay.h"

namespace director::detail {

using Keys = std::initializer_list<std::string_view>;

int line_of(const toml::node& n);

class TomlReader {
 public:
  explicit TomlReader(std::string source) : source_(std::move(source)) {}
  const std::string& source() const { return source_; }

  // Parses the whole text; a syntax error becomes a ConfigError at its line.
  toml::table parse(std::string_view text) const;

  [[noreturn]] void fail(int line, const std::string& key, const std::string& message) const;
  // Fails on the first key of `t` not in `allowed`, naming the closest allowed key.
  void check_keys(const toml::table& t, const std::string& path, Keys allowed) const;

  std::optional<std::string> string(const toml::table& t, const std::string& path,
                                    std::string_view key, bool required = false) const;
  std::optional<std::int64_t> integer(const toml::table& t, const std::string& path,
                                      std::string_view key, std::int64_t lo, std::int64_t hi) const;
  std::optional<bool> boolean(const toml::table& t, const std::string& path,
                              std::string_view key) const;
  // Whole or fractional seconds in [0, max_s].
  std::optional<core::Ms> seconds(const toml::table& t, const std::string& path,
                                  std::string_view key, double max_s) const;
  // A local time of day: a TOML time (06:30:00) or a string "06:30:00".
  std::optional<core::Ms> time_of_day(const toml::table& t, const std::string& path,
                                      std::string_view key) const;
  // The array of tables `key` ([[key]]); nullptr when absent.
  const toml::array* tables(const toml::table& t, std::string_view key) const;
  const toml::table& table_at(const toml::array& a, std::size_t i, const std::string& key) const;

  // `show`: the name of one of `kinds`.
  const scene::OverlayKind& kind(const toml::table& t, const std::string& path,
                                 const std::vector<scene::OverlayKind>& kinds) const;
  // `params`: an inline table of the kind's parameters; strings, numbers and booleans are
  // kept as text. `literal` decides which values are checked against a parameter's choices
  // (a value with placeholders is checked when the rule fires, by the overlay).
  std::map<std::string, std::string> params(const toml::table& t, const std::string& path,
                                            const scene::OverlayKind& kind,
                                            bool (*literal)(std::string_view)) const;

 private:
  const toml::node* find(const toml::table& t, const std::string& path, std::string_view key,
                         bool required) const;
  [[noreturn]] void wrong_type(const toml::node& n, const std::string& key,
                               std::string_view want) const;
  std::string source_;
};

std::string join_key(const std::string& path, std::string_view key);

}  // namespace director::detail
