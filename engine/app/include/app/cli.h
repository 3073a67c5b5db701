// The `pacecast` command line: parses arguments and runs one subcommand.
// Called once from main() on the main thread.
#pragma once

namespace app {

// Returns the process exit code: 0 success, 1 failure (message already printed), 2 usage.
int run_cli(int argc, char** argv);

}  // namespace app
