// The overlay kinds Pacecast ships (overlays/<kind>/) and the embedded default theme.
// Thread-safety: the returned registry is built once and read-only afterwards.
#pragma once

#include <string_view>
#include <vector>

#include "scene/look_store.h"
#include "scene/overlay.h"

namespace overlays {

// Every kind, in the order --list shows them.
const std::vector<scene::OverlayKind>& kinds();
// The embedded assets/themes/default.toml.
std::string_view default_theme();
// {kind, default look} for every kind, for a LookStore.
std::vector<scene::LookSource> look_sources();

}  // namespace overlays
