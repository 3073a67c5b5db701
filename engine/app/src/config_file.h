// Options from a TOML file: `pacecast run --config FILE` (and any subcommand that wants it).
// Each top-level key is a long option of the subcommand (`data-delay` or `data_delay`), each
// value what the command line would take (a string, number, boolean, or an array for a
// repeatable option). An option given on the command line wins over the file.
// Main thread only.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace app {

// Applies `file` to the options of `command` that the command line did not set. Throws
// core::Error naming the file, the line and the key for a syntax error, an unknown key or a
// value the option refuses.
void apply_config_file(CLI::App& command, const std::string& file);

}  // namespace app
