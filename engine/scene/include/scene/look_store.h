// LookStore: the looks of every overlay kind and the shared theme. Defaults are embedded
// at build time (overlays/<kind>/look.toml, assets/themes/default.toml); an optional looks
// directory overrides them file by file (DIR/theme.toml, DIR/<kind>.toml: each layered over
// its default). poll() reloads files that changed, so editing a look while running updates
// the graphics; a file that fails to parse keeps the previous look and logs FILE:LINE.
// Thread-safety: not thread-safe; the engine thread calls poll() and look(). The LookPtr
// values it hands out are immutable and may be shared.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scene/look.h"

namespace scene {

struct LookSource {
  std::string kind;               // "leaderboard"
  std::string_view default_toml;  // embedded default look
};

class LookStore {
 public:
  // `dir` may be empty (embedded defaults only). Throws core::ConfigError when a file in
  // `dir` (or an embedded default) is not valid TOML: at start-up a broken look is an error.
  LookStore(std::string_view default_theme, std::vector<LookSource> kinds,
            std::optional<std::filesystem::path> dir);

  // The current look of a kind (embedded default if the kind is unknown: empty look).
  LookPtr look(std::string_view kind) const;
  // Checks the files' modification times (at most once per `min_interval` of wall clock
  // between calls that pass `now`) and reloads those that changed. Returns the kinds
  // reloaded ("theme" reloads every kind). Parse errors are logged and kept in errors().
  std::vector<std::string> poll(
      std::chrono::steady_clock::time_point now,
      std::chrono::milliseconds min_interval = std::chrono::milliseconds(500));
  // The latest reload errors ("DIR/leaderboard.toml:12: ..."), empty once fixed.
  const std::vector<std::string>& errors() const { return errors_; }
  // Every file the store reads from `dir`, present or not.
  std::vector<std::filesystem::path> watched_files() const;
  // Writes the embedded defaults into `dir` (theme.toml, <kind>.toml) for editing;
  // existing files are kept unless `overwrite`.
  void export_defaults(const std::filesystem::path& dir, bool overwrite) const;

 private:
  struct Entry {
    std::string kind;
    std::string_view default_toml;
    LookPtr look;
  };
  struct Watched {
    std::optional<std::filesystem::file_time_type> mtime;
    std::uintmax_t size = 0;
  };
  static Watched stat_file(const std::filesystem::path& path);
  void rebuild(Entry& e, const std::string& theme_text, const std::string& theme_name);
  std::optional<std::string> read_override(const std::string& file) const;

  std::string default_theme_;
  std::optional<std::filesystem::path> dir_;
  std::vector<Entry> entries_;
  std::map<std::string, Watched> watched_;  // file name in dir_ -> last seen state
  std::vector<std::string> errors_;
  std::chrono::steady_clock::time_point last_poll_{};
};

}  // namespace scene
