// The callout templates Pacecast ships (assets/announcer/callouts.toml, embedded at build
// time), used when no --callouts file is given. Immutable; any thread.
#pragma once

#include <string_view>

#include "announcer/templates.h"

namespace announcer {

// The shipped callouts.toml, as text (the same bytes as the file in assets/).
std::string_view default_templates_text();
// That text parsed; its source reads "callouts.toml (built in)".
Templates default_templates();

}  // namespace announcer
