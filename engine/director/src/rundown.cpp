#include "director/rundown.h"

#include "core/error.h"
#include "core/text.h"
#include "toml_reader.h"

namespace director {
namespace {

bool always_literal(std::string_view) {
  return true;
}

RundownItem read_item(const detail::TomlReader& in, const toml::table& t, std::size_t index,
                      const std::vector<scene::OverlayKind>& kinds) {
  const std::string path = "item[" + std::to_string(index) + "]";
  in.check_keys(t, path, {"title", "show", "params", "seconds", "note"});
  RundownItem item;
  item.line = detail::line_of(t);
  const scene::OverlayKind& kind = in.kind(t, path, kinds);
  item.show = kind.name;
  item.title = std::string(core::trim(in.string(t, path, "title").value_or("")));
  if (item.title.empty()) item.title = kind.name;
  item.params = in.params(t, path, kind, &always_literal);
  item.on_air = in.seconds(t, path, "seconds", 24 * 3600).value_or(core::Ms(0));
  item.note = in.string(t, path, "note").value_or("");
  return item;
}

}  // namespace

const RundownItem* Rundown::current() const {
  return cursor_ < items_.size() ? &items_[cursor_] : nullptr;
}

const RundownItem* Rundown::next() {
  const RundownItem* item = current();
  if (item) ++cursor_;
  return item;
}

const RundownItem* Rundown::back() {
  if (items_.empty()) return nullptr;
  if (cursor_ > 0) --cursor_;
  return current();
}

const RundownItem* Rundown::go(std::size_t index) {
  if (index > items_.size())
    throw core::Error("rundown: no item " + std::to_string(index) + "; the rundown has " +
                      std::to_string(items_.size()) + " items (0 to " +
                      std::to_string(items_.size()) + ", where " + std::to_string(items_.size()) +
                      " is the end)");
  cursor_ = index;
  return current();
}

Rundown parse_rundown(std::string_view text, std::string_view source_name,
                      const std::vector<scene::OverlayKind>& kinds) {
  detail::TomlReader in{std::string(source_name)};
  const toml::table root = in.parse(text);
  in.check_keys(root, "", {"item"});
  std::vector<RundownItem> items;
  if (const toml::array* a = in.tables(root, "item")) {
    for (std::size_t i = 0; i < a->size(); ++i)
      items.push_back(read_item(in, in.table_at(*a, i, "item"), i, kinds));
  }
  return Rundown(std::move(items));
}

}  // namespace director
