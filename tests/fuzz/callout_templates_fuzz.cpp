// Fuzzes parse_templates() (callouts.toml, edited by the race's own staff): any bytes either
// parse or throw core::ConfigError. Templates that parse render every kind in every language
// with each placeholder filled, and every sentence given must render non-empty.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "announcer/templates.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  announcer::Templates t;
  try {
    t = announcer::parse_templates(text, "fuzz.toml");
  } catch (const core::ConfigError&) {
    return 0;
  }
  for (const auto& k : t.kinds) {
    std::map<std::string, std::string> values;
    for (const auto name : announcer::placeholders_for(k.kind)) values[std::string(name)] = "x";
    for (const auto& [lang, sentences] : k.text)
      for (std::size_t v = 0; v < sentences.size(); ++v)
        if (!sentences[v].empty() && t.render(k.kind, lang, v, values).empty()) std::abort();
  }
  for (const auto lang : announcer::kLanguages)
    for (const auto g : {race::Gender::male, race::Gender::female}) (void)t.group(lang, g);
  return 0;
}
