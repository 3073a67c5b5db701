#include "race/event.h"

#include "core/text.h"

namespace race {

std::string_view to_string(RunnerStatus s) {
  switch (s) {
    case RunnerStatus::dns:
      return "DNS";
    case RunnerStatus::dnf:
      return "DNF";
    case RunnerStatus::dsq:
      return "DSQ";
    case RunnerStatus::ok:
    case RunnerStatus::invalid:
      break;
  }
  return "";
}

RunnerStatus parse_status(std::string_view s) {
  const std::string l = core::to_lower(s);
  if (l == "ok") return RunnerStatus::ok;
  if (l == "dns") return RunnerStatus::dns;
  if (l == "dnf") return RunnerStatus::dnf;
  if (l == "dsq") return RunnerStatus::dsq;
  return RunnerStatus::invalid;
}

}  // namespace race
