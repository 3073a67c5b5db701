// Look: an overlay's settings (position, size, colours, fonts, durations), read from the
// overlay's TOML layered over a shared theme. Reads never throw: a missing or mistyped key
// gives the fallback and records a problem that names the file and key.
// Thread-safety: a Look is immutable once built; share it read-only (LookPtr).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "render/canvas.h"

namespace scene {

class Look {
 public:
  // `look_toml` and `theme_toml` are TOML texts; `look_name` and `theme_name` name their
  // sources in messages ("overlays/leaderboard/look.toml"). Throws core::ConfigError with
  // file and line when either is not valid TOML.
  Look(std::string_view look_toml, std::string look_name, std::string_view theme_toml,
       std::string theme_name);
  // An empty look over an empty theme (every read gives its fallback).
  Look();
  ~Look();
  Look(const Look&) = delete;
  Look& operator=(const Look&) = delete;

  // Keys are dotted paths into the look ("rows.height"). A string value "$path" refers to
  // the theme ("$colors.accent", "$fonts.body"); references may chain up to 8 deep.
  bool has(std::string_view key) const;
  double number(std::string_view key, double fallback) const;
  int integer(std::string_view key, int fallback) const;
  bool flag(std::string_view key, bool fallback) const;
  std::string string(std::string_view key, std::string_view fallback) const;
  render::Color color(std::string_view key, const render::Color& fallback) const;
  core::Ms duration_ms(std::string_view key, core::Ms fallback) const;  // integer ms
  // A table {x, y, w, h}; missing members come from the fallback.
  render::Rect rect(std::string_view key, const render::Rect& fallback) const;
  // A table {family, weight, size, color, tabular, uppercase, tracking, italic}, or a
  // "$fonts.x" reference to such a table in the theme; missing members from the fallback.
  render::TextStyle text_style(std::string_view key, const render::TextStyle& fallback) const;
  // A table {fill, fill_to, angle, radius, border_width, border_color,
  // shadow = {x, y, blur, spread, color}}, or a reference to one.
  render::BoxStyle box_style(std::string_view key, const render::BoxStyle& fallback) const;

  // Unique among every Look made by this process (a reloaded look gets a new id), so an
  // overlay can keep values read from a look until the id changes.
  std::uint64_t id() const { return id_; }

  // Problems met while reading (wrong types, bad colours, dangling references): each
  // "FILE: KEY: what is wrong; using FALLBACK", once per key.
  std::vector<std::string> problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t id_;
};
using LookPtr = std::shared_ptr<const Look>;

}  // namespace scene
