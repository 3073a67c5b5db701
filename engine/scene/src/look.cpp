#include "scene/look.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "core/error.h"
#include "core/log.h"
#include "toml_util.h"

namespace scene {
namespace detail {

toml::table parse_toml(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw core::ConfigError(name, static_cast<int>(e.source().begin.line), "",
                            "TOML syntax error: " + std::string(e.description()) +
                                "; fix the file (the previous look stays on air)");
  }
}

void merge_into(toml::table& base, const toml::table& over) {
  for (const auto& [key, node] : over) {
    auto* existing = base.get(key);
    if (existing && existing->is_table() && node.is_table()) {
      merge_into(*existing->as_table(), *node.as_table());
    } else {
      base.insert_or_assign(key, node);
    }
  }
}

}  // namespace detail

namespace {

constexpr int kMaxReferenceDepth = 8;

const toml::node* find_path(const toml::table& root, std::string_view path) {
  const toml::node* node = &root;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string_view part = path.substr(0, dot);
    const toml::table* t = node->as_table();
    if (!t) return nullptr;
    node = t->get(part);
    if (!node) return nullptr;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return node;
}

std::string describe(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date/time";
  }
}

}  // namespace

struct Look::Impl {
  toml::table look;
  toml::table theme;
  std::string look_name = "(no look)";
  std::string theme_name = "(no theme)";
  mutable std::mutex mutex;
  mutable std::vector<std::string> problems;  // guarded by mutex
  mutable std::set<std::string> reported;     // guarded by mutex

  void problem(std::string_view key, const std::string& what) const {
    std::lock_guard lock(mutex);
    const std::string k(key);
    if (!reported.insert(k).second) return;
    std::string msg = look_name + ": " + k + ": " + what;
    core::log::warn("look: " + msg);
    problems.push_back(std::move(msg));
  }

  // The path a table's members are read under: `key` itself, or the "$path" it names when
  // its value is a reference to a table in the theme.
  std::string table_path(std::string_view key) const {
    const toml::node* s =
        key.starts_with('$') ? find_path(theme, key.substr(1)) : find_path(look, key);
    if (s && s->is_string()) return std::string(s->as_string()->get());
    return std::string(key);
  }

  // Follows "$path" strings into the theme.
  const toml::node* deref(const toml::node* n, std::string_view key) const {
    if (!n) return nullptr;
    for (int depth = 0; depth <= kMaxReferenceDepth; ++depth) {
      const auto* s = n->as_string();
      if (!s || s->get().empty() || s->get()[0] != '$') return n;
      const std::string ref = s->get().substr(1);
      const toml::node* target = find_path(theme, ref);
      if (!target) {
        problem(key, "refers to $" + ref + ", which " + theme_name + " does not define");
        return nullptr;
      }
      n = target;
    }
    problem(key, "theme references nest deeper than 8 (a loop?)");
    return nullptr;
  }

  // The node for a key: "$x.y" reads the theme, anything else the look (then references).
  const toml::node* get(std::string_view key) const {
    const toml::node* n =
        key.starts_with('$') ? find_path(theme, key.substr(1)) : find_path(look, key);
    return deref(n, key);
  }
};

namespace {
std::uint64_t next_look_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

Look::Look() : impl_(std::make_unique<Impl>()), id_(next_look_id()) {}

Look::Look(std::string_view look_toml, std::string look_name, std::string_view theme_toml,
           std::string theme_name)
    : impl_(std::make_unique<Impl>()), id_(next_look_id()) {
  impl_->look = detail::parse_toml(look_toml, look_name);
  impl_->theme = detail::parse_toml(theme_toml, theme_name);
  impl_->look_name = std::move(look_name);
  impl_->theme_name = std::move(theme_name);
}

Look::~Look() = default;

bool Look::has(std::string_view key) const {
  return (key.starts_with('$') ? find_path(impl_->theme, key.substr(1))
                               : find_path(impl_->look, key)) != nullptr;
}

double Look::number(std::string_view key, double fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  if (auto v = n->value<double>()) return *v;
  impl_->problem(key,
                 "expected a number, got " + describe(*n) + "; using " + std::to_string(fallback));
  return fallback;
}

int Look::integer(std::string_view key, int fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  if (auto v = n->value<std::int64_t>()) return static_cast<int>(*v);
  if (auto d = n->value<double>()) return static_cast<int>(*d);
  impl_->problem(
      key, "expected an integer, got " + describe(*n) + "; using " + std::to_string(fallback));
  return fallback;
}

bool Look::flag(std::string_view key, bool fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  if (auto v = n->value<bool>()) return *v;
  impl_->problem(key, "expected true or false, got " + describe(*n) + "; using " +
                          (fallback ? "true" : "false"));
  return fallback;
}

std::string Look::string(std::string_view key, std::string_view fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return std::string(fallback);
  if (auto v = n->value<std::string>()) return *v;
  impl_->problem(
      key, "expected a string, got " + describe(*n) + "; using \"" + std::string(fallback) + "\"");
  return std::string(fallback);
}

render::Color Look::color(std::string_view key, const render::Color& fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  if (auto v = n->value<std::string>()) {
    if (auto c = render::Color::parse(*v)) return *c;
    impl_->problem(key, "\"" + *v + "\" is not a colour (use #RRGGBB or #RRGGBBAA); using " +
                            fallback.to_hex());
    return fallback;
  }
  impl_->problem(key,
                 "expected a colour string, got " + describe(*n) + "; using " + fallback.to_hex());
  return fallback;
}

core::Ms Look::duration_ms(std::string_view key, core::Ms fallback) const {
  const int v = integer(key, static_cast<int>(fallback.count()));
  if (v < 0) {
    impl_->problem(key, "a duration cannot be negative; using " + std::to_string(fallback.count()));
    return fallback;
  }
  return core::Ms(v);
}

render::Rect Look::rect(std::string_view key, const render::Rect& fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  if (!n->is_table()) {
    impl_->problem(key,
                   "expected a table {x, y, w, h}, got " + describe(*n) + "; using the default");
    return fallback;
  }
  const std::string k(key);
  return {static_cast<float>(number(k + ".x", fallback.x)),
          static_cast<float>(number(k + ".y", fallback.y)),
          static_cast<float>(number(k + ".w", fallback.w)),
          static_cast<float>(number(k + ".h", fallback.h))};
}

render::TextStyle Look::text_style(std::string_view key, const render::TextStyle& fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  // Members of a table referred to ("$fonts.body") are read from there.
  const std::string base = impl_->table_path(key);
  if (!n->is_table()) {
    impl_->problem(key, "expected a font table {family, weight, size, color, ...}, got " +
                            describe(*n) + "; using the default");
    return fallback;
  }
  render::TextStyle t = fallback;
  // A look table may itself start from a theme font: font = { base = "$fonts.body", size = 40 }
  const std::string b = base + ".";
  if (const auto* inherit = find_path(*n->as_table(), "base"); inherit && inherit->is_string()) {
    t = text_style(inherit->as_string()->get(), fallback);
  }
  t.family = string(b + "family", t.family);
  t.weight = integer(b + "weight", t.weight);
  t.size = static_cast<float>(number(b + "size", t.size));
  t.color = color(b + "color", t.color);
  t.tabular = flag(b + "tabular", t.tabular);
  t.uppercase = flag(b + "uppercase", t.uppercase);
  t.italic = flag(b + "italic", t.italic);
  t.tracking = static_cast<float>(number(b + "tracking", t.tracking));
  if (t.size <= 0 || t.size > 1000) {
    impl_->problem(b + "size",
                   "must be between 1 and 1000; using " + std::to_string(fallback.size));
    t.size = fallback.size;
  }
  return t;
}

render::BoxStyle Look::box_style(std::string_view key, const render::BoxStyle& fallback) const {
  const toml::node* n = impl_->get(key);
  if (!n) return fallback;
  const std::string base = impl_->table_path(key);
  if (!n->is_table()) {
    impl_->problem(key, "expected a box table {fill, radius, border_width, ...}, got " +
                            describe(*n) + "; using the default");
    return fallback;
  }
  render::BoxStyle s = fallback;
  if (const auto* inherit = find_path(*n->as_table(), "base"); inherit && inherit->is_string()) {
    s = box_style(inherit->as_string()->get(), fallback);
  }
  const std::string b = base + ".";
  s.fill.color = color(b + "fill", s.fill.color);
  if (impl_->get(b + "fill_to")) {
    s.fill.color_to = color(b + "fill_to", s.fill.color);
  }
  s.fill.angle_deg = static_cast<float>(number(b + "angle", s.fill.angle_deg));
  if (const toml::node* r = impl_->get(b + "radius"); r && r->is_array()) {
    const auto& arr = *r->as_array();
    for (std::size_t i = 0; i < 4 && i < arr.size(); ++i) {
      s.radius[i] = static_cast<float>(arr[i].value<double>().value_or(s.radius[i]));
    }
  } else if (r) {
    s.rounded(static_cast<float>(number(b + "radius", s.radius[0])));
  }
  s.border_width = static_cast<float>(number(b + "border_width", s.border_width));
  s.border_color = color(b + "border_color", s.border_color);
  const std::string sh = b + "shadow.";
  s.shadow.offset.x = static_cast<float>(number(sh + "x", s.shadow.offset.x));
  s.shadow.offset.y = static_cast<float>(number(sh + "y", s.shadow.offset.y));
  s.shadow.blur = static_cast<float>(number(sh + "blur", s.shadow.blur));
  s.shadow.spread = static_cast<float>(number(sh + "spread", s.shadow.spread));
  s.shadow.color = color(sh + "color", s.shadow.color);
  return s;
}

std::vector<std::string> Look::problems() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->problems;
}

}  // namespace scene
