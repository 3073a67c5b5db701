#include "toml_reader.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/text.h"

namespace director::detail {
namespace {

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "a whole number";
    case toml::node_type::floating_point:
      return "a number with a fraction";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string listed(const std::vector<std::string_view>& items) {
  std::vector<std::string> q;
  for (std::string_view s : items) q.push_back(std::string(s));
  return core::join(q);
}

std::string node_text(const toml::node& n) {
  if (n.is_string()) return n.as_string()->get();
  if (n.is_integer()) return std::to_string(n.as_integer()->get());
  if (n.is_boolean()) return n.as_boolean()->get() ? "true" : "false";
  const double v = n.as_floating_point()->get();
  std::string s = std::to_string(v);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

std::string join_key(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

toml::table TomlReader::parse(std::string_view text) const {
  try {
    return toml::parse(text, source_);
  } catch (const toml::parse_error& e) {
    throw core::ConfigError(source_, static_cast<int>(e.source().begin.line), "",
                            "TOML syntax error: " + std::string(e.description()) +
                                "; fix the file (docs/automation.md shows the format)");
  }
}

void TomlReader::fail(int line, const std::string& key, const std::string& message) const {
  throw core::ConfigError(source_, line, key, message);
}

void TomlReader::wrong_type(const toml::node& n, const std::string& key,
                            std::string_view want) const {
  fail(line_of(n), key, "expected " + std::string(want) + ", found " + std::string(type_name(n)));
}

void TomlReader::check_keys(const toml::table& t, const std::string& path, Keys allowed) const {
  for (auto&& [k, v] : t) {
    const std::string_view name = k.str();
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    const std::vector<std::string_view> list(allowed.begin(), allowed.end());
    std::string msg = "unknown key `" + std::string(name) + "`";
    if (auto best = core::closest(name, list); !best.empty())
      msg += "; did you mean `" + std::string(best) + "`?";
    fail(line_of(v), join_key(path, name), msg + " (allowed here: " + listed(list) + ")");
  }
}

const toml::node* TomlReader::find(const toml::table& t, const std::string& path,
                                   std::string_view key, bool required) const {
  const toml::node* n = t.get(key);
  if (!n && required)
    fail(line_of(t), join_key(path, key),
         "missing; add `" + std::string(key) + " = ...` (see docs/automation.md)");
  return n;
}

std::optional<std::string> TomlReader::string(const toml::table& t, const std::string& path,
                                              std::string_view key, bool required) const {
  const toml::node* n = find(t, path, key, required);
  if (!n) return std::nullopt;
  if (!n->is_string()) wrong_type(*n, join_key(path, key), "a string in quotes");
  const std::string& s = n->as_string()->get();
  if (!core::valid_utf8(s)) fail(line_of(*n), join_key(path, key), "not valid UTF-8 text");
  return s;
}

std::optional<std::int64_t> TomlReader::integer(const toml::table& t, const std::string& path,
                                                std::string_view key, std::int64_t lo,
                                                std::int64_t hi) const {
  const toml::node* n = find(t, path, key, false);
  if (!n) return std::nullopt;
  if (!n->is_integer()) wrong_type(*n, join_key(path, key), "a whole number");
  const std::int64_t v = n->as_integer()->get();
  if (v < lo || v > hi)
    fail(line_of(*n), join_key(path, key),
         std::to_string(v) + " is out of range; use " + std::to_string(lo) + " to " +
             std::to_string(hi));
  return v;
}

std::optional<bool> TomlReader::boolean(const toml::table& t, const std::string& path,
                                        std::string_view key) const {
  const toml::node* n = find(t, path, key, false);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) wrong_type(*n, join_key(path, key), "true or false");
  return n->as_boolean()->get();
}

std::optional<core::Ms> TomlReader::seconds(const toml::table& t, const std::string& path,
                                            std::string_view key, double max_s) const {
  const toml::node* n = find(t, path, key, false);
  if (!n) return std::nullopt;
  double s = 0;
  if (n->is_integer())
    s = static_cast<double>(n->as_integer()->get());
  else if (n->is_floating_point())
    s = n->as_floating_point()->get();
  else
    wrong_type(*n, join_key(path, key), "a number of seconds");
  if (!(s >= 0 && s <= max_s))
    fail(line_of(*n), join_key(path, key),
         node_text(*n) + " s is out of range; use 0 to " + std::to_string(std::lround(max_s)) +
             " seconds");
  return core::Ms(std::llround(s * 1000));
}

std::optional<core::Ms> TomlReader::time_of_day(const toml::table& t, const std::string& path,
                                                std::string_view key) const {
  const toml::node* n = find(t, path, key, false);
  if (!n) return std::nullopt;
  if (n->is_time()) {
    const toml::time& v = n->as_time()->get();
    return core::Ms((v.hour * 3600LL + v.minute * 60LL + v.second) * 1000LL +
                    v.nanosecond / 1'000'000);
  }
  if (!n->is_string()) wrong_type(*n, join_key(path, key), "a local time such as 06:30:00");
  const auto d = core::parse_hms(n->as_string()->get());
  if (!d || *d >= std::chrono::hours(24))
    fail(line_of(*n), join_key(path, key),
         "`" + n->as_string()->get() + "` is not a time of day; write HH:MM:SS (race-day local)");
  return d;
}

const toml::array* TomlReader::tables(const toml::table& t, std::string_view key) const {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  if (!n->is_array())
    wrong_type(*n, std::string(key), "an array of tables: write [[" + std::string(key) + "]]");
  return n->as_array();
}

const toml::table& TomlReader::table_at(const toml::array& a, std::size_t i,
                                        const std::string& key) const {
  const toml::node& n = a[i];
  if (!n.is_table())
    wrong_type(n, key + "[" + std::to_string(i) + "]", "a table ([[" + key + "]])");
  return *n.as_table();
}

const scene::OverlayKind& TomlReader::kind(const toml::table& t, const std::string& path,
                                           const std::vector<scene::OverlayKind>& kinds) const {
  const std::string show = *string(t, path, "show", true);
  std::vector<std::string_view> names;
  for (const auto& k : kinds) {
    if (k.name == show) return k;
    names.push_back(k.name);
  }
  std::string msg = "unknown overlay kind `" + show + "`";
  if (auto best = core::closest(show, names); !best.empty())
    msg += "; did you mean `" + std::string(best) + "`?";
  fail(line_of(*t.get("show")), join_key(path, "show"), msg + " (kinds: " + listed(names) + ")");
}

std::map<std::string, std::string> TomlReader::params(const toml::table& t, const std::string& path,
                                                      const scene::OverlayKind& kind,
                                                      bool (*literal)(std::string_view)) const {
  std::map<std::string, std::string> out;
  const toml::node* n = find(t, path, "params", false);
  if (!n) return out;
  const std::string key = join_key(path, "params");
  if (!n->is_table()) wrong_type(*n, key, "a table such as { bib = \"{bib}\" }");
  std::vector<std::string_view> names;
  for (const auto& p : kind.params) names.push_back(p.name);
  for (auto&& [k, v] : *n->as_table()) {
    const std::string name(k.str());
    const std::string pkey = join_key(key, name);
    const auto spec = std::find_if(kind.params.begin(), kind.params.end(),
                                   [&](const scene::ParamSpec& p) { return p.name == name; });
    if (spec == kind.params.end()) {
      std::string msg = "`" + kind.name + "` has no parameter `" + name + "`";
      if (auto best = core::closest(name, names); !best.empty())
        msg += "; did you mean `" + std::string(best) + "`?";
      fail(line_of(v), pkey, msg + " (its parameters: " + listed(names) + ")");
    }
    if (!v.is_string() && !v.is_integer() && !v.is_floating_point() && !v.is_boolean())
      wrong_type(v, pkey, "a string, a number or true/false");
    std::string value = node_text(v);
    if (!core::valid_utf8(value)) fail(line_of(v), pkey, "not valid UTF-8 text");
    if (!spec->choices.empty() && literal(value) &&
        std::find(spec->choices.begin(), spec->choices.end(), value) == spec->choices.end())
      fail(line_of(v), pkey,
           "`" + value + "` is not accepted; use one of " + core::join(spec->choices));
    out.emplace(name, std::move(value));
  }
  return out;
}

}  // namespace director::detail
