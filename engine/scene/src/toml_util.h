// TOML helpers private to the scene module: parsing with located errors and deep merging.
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace scene::detail {

// Parses `text`; throws core::ConfigError(name, line, "", "TOML syntax error: ...").
toml::table parse_toml(std::string_view text, const std::string& name);
// Layers `over` onto `base`: tables merge key by key, anything else replaces.
void merge_into(toml::table& base, const toml::table& over);

}  // namespace scene::detail
