#include "scene/look_store.h"

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/log.h"
#include "toml_util.h"

namespace scene {
namespace {

constexpr const char* kThemeFile = "theme.toml";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::Error("looks: cannot read " + path.string() + "; check its permissions");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The TOML text of `over` layered on `base` (both parsed; errors name their files).
std::string layered(std::string_view base, const std::string& base_name,
                    const std::optional<std::string>& over, const std::string& over_name) {
  if (!over) return std::string(base);
  toml::table t = detail::parse_toml(base, base_name);
  detail::merge_into(t, detail::parse_toml(*over, over_name));
  std::ostringstream out;
  out << t;
  return out.str();
}

}  // namespace

LookStore::LookStore(std::string_view default_theme, std::vector<LookSource> kinds,
                     std::optional<std::filesystem::path> dir)
    : default_theme_(default_theme), dir_(std::move(dir)) {
  if (dir_ && !std::filesystem::is_directory(*dir_)) {
    throw core::Error("looks: " + dir_->string() +
                      " is not a directory; create it (pacecast looks export DIR writes the "
                      "defaults there) or leave the option out");
  }
  for (auto& k : kinds) entries_.push_back({k.kind, k.default_toml, nullptr});
  for (const auto& f : watched_files()) watched_[f.filename().string()] = stat_file(f);
  const auto theme_over = read_override(kThemeFile);
  const std::string theme_name = dir_ ? (*dir_ / kThemeFile).string() : "theme (embedded)";
  const std::string theme =
      layered(default_theme_, "assets/themes/default.toml (embedded)", theme_over, theme_name);
  for (auto& e : entries_) rebuild(e, theme, theme_name);
}

LookStore::Watched LookStore::stat_file(const std::filesystem::path& path) {
  Watched w;
  std::error_code ec;
  if (auto t = std::filesystem::last_write_time(path, ec); !ec) w.mtime = t;
  if (w.mtime) w.size = std::filesystem::file_size(path, ec);
  return w;
}

std::optional<std::string> LookStore::read_override(const std::string& file) const {
  if (!dir_) return std::nullopt;
  const auto path = *dir_ / file;
  if (!std::filesystem::exists(path)) return std::nullopt;
  return read_file(path);
}

void LookStore::rebuild(Entry& e, const std::string& theme_text, const std::string& theme_name) {
  const std::string file = e.kind + ".toml";
  const std::string default_name = "overlays/" + e.kind + "/look.toml (embedded)";
  const auto over = read_override(file);
  const std::string over_name = dir_ ? (*dir_ / file).string() : default_name;
  const std::string text = layered(e.default_toml, default_name, over, over_name);
  e.look =
      std::make_shared<const Look>(text, over ? over_name : default_name, theme_text, theme_name);
}

LookPtr LookStore::look(std::string_view kind) const {
  for (const auto& e : entries_) {
    if (e.kind == kind) return e.look;
  }
  static const LookPtr empty = std::make_shared<const Look>();
  return empty;
}

std::vector<std::filesystem::path> LookStore::watched_files() const {
  std::vector<std::filesystem::path> v;
  if (!dir_) return v;
  v.push_back(*dir_ / kThemeFile);
  for (const auto& e : entries_) v.push_back(*dir_ / (e.kind + ".toml"));
  return v;
}

std::vector<std::string> LookStore::poll(std::chrono::steady_clock::time_point now,
                                         std::chrono::milliseconds min_interval) {
  std::vector<std::string> reloaded;
  if (!dir_ || now - last_poll_ < min_interval) return reloaded;
  last_poll_ = now;
  std::vector<std::string> changed;
  for (const auto& f : watched_files()) {
    const Watched w = stat_file(f);
    auto& seen = watched_[f.filename().string()];
    if (seen.mtime != w.mtime || seen.size != w.size) {
      seen = w;
      changed.push_back(f.filename().string());
    }
  }
  if (changed.empty()) return reloaded;
  const bool theme_changed = std::find(changed.begin(), changed.end(), kThemeFile) != changed.end();
  errors_.clear();
  const std::string theme_name = (*dir_ / kThemeFile).string();
  std::string theme;
  try {
    theme = layered(default_theme_, "assets/themes/default.toml (embedded)",
                    read_override(kThemeFile), theme_name);
  } catch (const core::Error& e) {
    errors_.push_back(e.what());
    core::log::error(std::string("looks: ") + e.what());
    return reloaded;
  }
  for (auto& e : entries_) {
    const bool mine = theme_changed ||
                      std::find(changed.begin(), changed.end(), e.kind + ".toml") != changed.end();
    if (!mine) continue;
    try {
      rebuild(e, theme, theme_name);
      reloaded.push_back(e.kind);
      core::log::info("looks: reloaded " + e.kind + (theme_changed ? " (theme changed)" : ""));
    } catch (const core::Error& err) {
      errors_.push_back(err.what());
      core::log::error(std::string("looks: ") + err.what());
    }
  }
  return reloaded;
}

void LookStore::export_defaults(const std::filesystem::path& dir, bool overwrite) const {
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, std::string_view text) {
    const auto path = dir / name;
    if (!overwrite && std::filesystem::exists(path)) return;
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw core::Error("looks: cannot write " + path.string());
  };
  write(kThemeFile, default_theme_);
  for (const auto& e : entries_) write(e.kind + ".toml", e.default_toml);
}

}  // namespace scene
