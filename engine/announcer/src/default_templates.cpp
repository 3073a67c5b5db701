// The shipped callout templates, embedded from assets/announcer/callouts.toml.
#include "announcer/default_templates.h"

extern const std::string_view kAnnouncerCalloutsToml;

namespace announcer {

std::string_view default_templates_text() {
  return kAnnouncerCalloutsToml;
}

Templates default_templates() {
  return parse_templates(kAnnouncerCalloutsToml, "callouts.toml (built in)");
}

}  // namespace announcer
