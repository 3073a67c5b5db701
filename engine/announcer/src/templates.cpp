// Parsing and checking callouts.toml: every error names the file, the line and the key, and
// says what is accepted there.
#include <toml++/toml.h>
#include <algorithm>

#include "announcer/templates.h"
#include "core/text.h"

namespace announcer {
namespace {

struct KindName {
  CalloutKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {CalloutKind::welcome, "welcome"},
    {CalloutKind::leads, "leads"},
    {CalloutKind::new_leader, "new_leader"},
    {CalloutKind::gap_growing, "gap_growing"},
    {CalloutKind::gap_shrinking, "gap_shrinking"},
    {CalloutKind::record_pace_gained, "record_pace_gained"},
    {CalloutKind::record_pace_lost, "record_pace_lost"},
    {CalloutKind::first_man, "first_man"},
    {CalloutKind::first_woman, "first_woman"},
    {CalloutKind::category_winner, "category_winner"},
    {CalloutKind::milestone, "milestone"},
    {CalloutKind::contest_milestone, "contest_milestone"},
    {CalloutKind::exchange, "exchange"},
    {CalloutKind::vip_approaching, "vip_approaching"},
    {CalloutKind::correction, "correction"},
};

using Names = std::vector<std::string_view>;

// The placeholders each kind can fill. A runner's: name, first_name, last_name, bib,
// country, city.
const Names& placeholder_table(CalloutKind k) {
  static const Names none;
  static const Names welcome{"contest", "race"};
  static const Names leader{"name",    "first_name", "last_name", "bib",  "country", "city",
                            "contest", "group",      "mat",       "time", "previous"};
  static const Names gap{"name",  "first_name", "last_name", "bib", "country", "city",  "contest",
                         "group", "mat",        "time",      "gap", "change",  "second"};
  static const Names record{"name",    "first_name", "last_name", "bib",  "country", "city",
                            "contest", "group",      "mat",       "time", "delta",   "record"};
  static const Names first{"name", "first_name", "last_name", "bib", "country",
                           "city", "contest",    "group",     "time"};
  static const Names category{"name", "first_name", "last_name", "bib", "country",
                              "city", "contest",    "category",  "time"};
  static const Names milestone{"name", "first_name", "last_name", "bib", "country",
                               "city", "contest",    "count",     "time"};
  static const Names exchange{"name", "first_name", "last_name", "bib", "country",
                              "city", "contest",    "team",      "leg", "from",
                              "mat",  "place",      "time"};
  static const Names vip{"name", "first_name", "last_name", "bib",  "country",
                         "city", "contest",    "eta",       "note", "time"};
  static const Names correction{"name",    "first_name", "last_name", "bib",
                                "country", "city",       "contest",   "group"};
  switch (k) {
    case CalloutKind::welcome:
      return welcome;
    case CalloutKind::leads:
    case CalloutKind::new_leader:
      return leader;
    case CalloutKind::gap_growing:
    case CalloutKind::gap_shrinking:
      return gap;
    case CalloutKind::record_pace_gained:
    case CalloutKind::record_pace_lost:
      return record;
    case CalloutKind::first_man:
    case CalloutKind::first_woman:
      return first;
    case CalloutKind::category_winner:
      return category;
    case CalloutKind::milestone:
    case CalloutKind::contest_milestone:
      return milestone;
    case CalloutKind::exchange:
      return exchange;
    case CalloutKind::vip_approaching:
      return vip;
    case CalloutKind::correction:
      return correction;
    case CalloutKind::invalid:
      break;
  }
  return none;
}

std::string braced(const Names& names) {
  std::vector<std::string> out;
  for (std::string_view n : names) out.push_back("{" + std::string(n) + "}");
  return core::join(out);
}

std::string plain(const Names& names) {
  return core::join(std::vector<std::string>(names.begin(), names.end()));
}

std::string did_you_mean(std::string_view name, const Names& candidates) {
  const std::string_view best = core::closest(name, candidates);
  return best.empty() ? std::string() : "; did you mean `" + std::string(best) + "`?";
}

// Reads one file, failing with core::ConfigError at the line of the offending node.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const toml::node& at, const std::string& key,
                         const std::string& message) const {
    throw core::ConfigError(source_, static_cast<int>(at.source().begin.line), key, message);
  }

  toml::table parse(std::string_view text) const {
    try {
      return toml::parse(text, source_);
    } catch (const toml::parse_error& e) {
      throw core::ConfigError(source_, static_cast<int>(e.source().begin.line), "",
                              "TOML syntax error: " + std::string(e.description()) +
                                  "; fix the file (docs/announcer.md shows the format)");
    }
  }

  const toml::table& table(const toml::node& n, const std::string& key,
                           std::string_view example) const {
    if (!n.is_table()) fail(n, key, "expected a table such as " + std::string(example));
    return *n.as_table();
  }

  int count(const toml::node& n, const std::string& key, int lo, int hi) const {
    if (!n.is_integer()) fail(n, key, "expected a whole number of callouts per minute");
    const auto v = n.as_integer()->get();
    if (v < lo || v > hi)
      fail(n, key,
           std::to_string(v) + " is out of range; use " + std::to_string(lo) + " to " +
               std::to_string(hi) + " callouts per minute");
    return static_cast<int>(v);
  }

  std::string text(const toml::node& n, const std::string& key) const {
    if (!n.is_string()) fail(n, key, "expected a sentence in quotes");
    const std::string& s = n.as_string()->get();
    if (!core::valid_utf8(s)) fail(n, key, "not valid UTF-8 text; save the file as UTF-8");
    return s;
  }

  void unknown_key(const toml::node& at, const std::string& key, std::string_view name,
                   const Names& allowed) const {
    fail(at, key,
         "unknown key `" + std::string(name) + "`" + did_you_mean(name, allowed) +
             " (allowed here: " + plain(allowed) + ")");
  }

 private:
  std::string source_;
};

// Checks a sentence's braces and placeholders against what its kind can fill.
void check_sentence(const Reader& in, const toml::node& at, const std::string& key,
                    CalloutKind kind, const std::string& s) {
  const Names& allowed = placeholder_table(kind);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '}')
      in.fail(at, key, "a `}` without its `{` in \"" + s + "\"; placeholders are written {name}");
    if (s[i] != '{') continue;
    const std::size_t close = s.find_first_of("{}", i + 1);
    if (close == std::string::npos || s[close] != '}')
      in.fail(at, key, "a `{` without its `}` in \"" + s + "\"; placeholders are written {name}");
    const std::string name = s.substr(i + 1, close - i - 1);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      in.fail(at, key,
              "unknown placeholder {" + name + "}" + did_you_mean(name, allowed) + "; `" +
                  std::string(to_string(kind)) + "` fills " + braced(allowed));
    i = close;
  }
}

KindTemplates read_kind(const Reader& in, const toml::node& node, CalloutKind kind) {
  const std::string path(to_string(kind));
  const toml::table& t =
      in.table(node, path, "[" + path + "] with priority = \"high\" and en = [\"...\"]");
  KindTemplates out;
  out.kind = kind;
  out.line = static_cast<int>(node.source().begin.line);
  static const Names keys{"priority", "enabled", "en", "ru", "kk"};
  for (auto&& [k, v] : t) {
    const std::string name(k.str());
    const std::string key = path + "." + name;
    if (name == "priority") {
      const std::string p = in.text(v, key);
      out.priority = parse_priority(p);
      if (out.priority == Priority::invalid)
        in.fail(v, key, "unknown priority `" + p + "`; use high, normal or low");
    } else if (name == "enabled") {
      if (!v.is_boolean()) in.fail(v, key, "expected true or false");
      out.enabled = v.as_boolean()->get();
    } else if (std::find(std::begin(kLanguages), std::end(kLanguages), name) !=
               std::end(kLanguages)) {
      auto& list = out.text[name];
      if (v.is_array()) {
        const toml::array& a = *v.as_array();
        if (a.empty()) in.fail(v, key, "an empty list; give at least one sentence");
        for (std::size_t i = 0; i < a.size(); ++i)
          list.push_back(in.text(a[i], key + "[" + std::to_string(i) + "]"));
      } else {
        list.push_back(in.text(v, key));
      }
      for (std::size_t i = 0; i < list.size(); ++i) check_sentence(in, v, key, kind, list[i]);
    } else if (name.size() == 2) {
      in.fail(v, key, "unknown language `" + name + "`; sentences are written in en, ru or kk");
    } else {
      in.unknown_key(v, key, name, keys);
    }
  }
  for (std::string_view lang : {"en", "ru"})
    if (!out.text.count(std::string(lang)))
      in.fail(node, path + "." + std::string(lang),
              "missing; every callout needs an English and a Russian sentence (add `" +
                  std::string(lang) + " = [\"...\"]`)");
  return out;
}

void read_groups(const Reader& in, const toml::node& node, Templates& out) {
  const toml::table& t = in.table(node, "groups", "[groups] en = { M = \"men\", F = \"women\" }");
  for (auto&& [lang, v] : t) {
    const std::string key = "groups." + std::string(lang.str());
    if (std::find(std::begin(kLanguages), std::end(kLanguages), lang.str()) == std::end(kLanguages))
      in.fail(v, key, "unknown language `" + std::string(lang.str()) + "`; use en, ru or kk");
    for (auto&& [g, words] : in.table(v, key, "{ M = \"men\", F = \"women\" }")) {
      const std::string gkey = key + "." + std::string(g.str());
      if (g.str() != "M" && g.str() != "F" && g.str() != "X")
        in.fail(words, gkey, "unknown field `" + std::string(g.str()) + "`; use M, F or X");
      out.groups[std::string(lang.str())][std::string(g.str())] = in.text(words, gkey);
    }
  }
}

}  // namespace

std::string_view to_string(CalloutKind k) {
  for (const auto& n : kKindNames)
    if (n.kind == k) return n.name;
  return "";
}

CalloutKind parse_callout_kind(std::string_view s) {
  for (const auto& n : kKindNames)
    if (n.name == s) return n.kind;
  return CalloutKind::invalid;
}

const std::vector<CalloutKind>& all_callout_kinds() {
  static const std::vector<CalloutKind> all = [] {
    std::vector<CalloutKind> v;
    for (const auto& n : kKindNames) v.push_back(n.kind);
    return v;
  }();
  return all;
}

std::string_view to_string(Priority p) {
  switch (p) {
    case Priority::low:
      return "low";
    case Priority::normal:
      return "normal";
    case Priority::high:
      return "high";
    case Priority::invalid:
      break;
  }
  return "";
}

Priority parse_priority(std::string_view s) {
  if (s == "low") return Priority::low;
  if (s == "normal") return Priority::normal;
  if (s == "high") return Priority::high;
  return Priority::invalid;
}

const std::vector<std::string_view>& placeholders_for(CalloutKind kind) {
  return placeholder_table(kind);
}

Templates parse_templates(std::string_view text, std::string_view source_name) {
  const Reader in{std::string(source_name)};
  const toml::table root = in.parse(text);
  Templates out;
  out.source = std::string(source_name);
  Names top{"rate", "groups"};
  for (const auto& n : kKindNames) top.push_back(n.name);
  for (auto&& [k, v] : root) {
    const std::string name(k.str());
    if (name == "rate") {
      static const Names keys{"normal", "low"};
      for (auto&& [rk, rv] : in.table(v, "rate", "[rate] normal = 8, low = 4")) {
        const std::string key = "rate." + std::string(rk.str());
        if (rk.str() == "normal")
          out.rate.normal_per_minute = in.count(rv, key, 0, 600);
        else if (rk.str() == "low")
          out.rate.low_per_minute = in.count(rv, key, 0, 600);
        else
          in.unknown_key(rv, key, rk.str(), keys);
      }
    } else if (name == "groups") {
      read_groups(in, v, out);
    } else if (const CalloutKind kind = parse_callout_kind(name); kind != CalloutKind::invalid) {
      out.kinds.push_back(read_kind(in, v, kind));
    } else {
      in.fail(v, name,
              "unknown callout kind `" + name + "`" + did_you_mean(name, top) +
                  " (accepted: " + plain(top) + ")");
    }
  }
  return out;
}

}  // namespace announcer
