#include "config_file.h"

#include <toml++/toml.h>

#include "core/error.h"
#include "core/text.h"

namespace app {
namespace {

std::string where(const std::string& file, const toml::source_region& at) {
  return file + ":" + std::to_string(at.begin.line);
}

// One value as the command line would spell it; false for a table or a date.
bool to_text(const toml::node& node, std::string& out) {
  if (const auto* s = node.as_string()) {
    out = s->get();
  } else if (const auto* i = node.as_integer()) {
    out = std::to_string(i->get());
  } else if (const auto* f = node.as_floating_point()) {
    out = std::to_string(f->get());
  } else if (const auto* b = node.as_boolean()) {
    out = b->get() ? "true" : "false";
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> settings(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* o : command.get_options()) {
    for (const auto& n : o->get_lnames()) {
      if (n != "help" && n != "config") names.push_back(n);
    }
  }
  return names;
}

}  // namespace

void apply_config_file(CLI::App& command, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    throw core::Error(where(file, e.source()) + ": not TOML: " + std::string(e.description()) +
                      "; write one `name = value` per line");
  }
  for (const auto& [key, node] : root) {
    std::string name(key.str());
    std::replace(name.begin(), name.end(), '_', '-');
    const std::string at = where(file, node.source());
    CLI::Option* option = command.get_option_no_throw("--" + name);
    if (!option || name == "help" || name == "config") {
      throw core::Error(at + ": unknown setting `" + std::string(key.str()) +
                        "`; the settings are the long options of `pacecast " + command.get_name() +
                        "`: " + core::join(settings(command)));
    }
    if (option->count() > 0) continue;  // the command line wins
    std::vector<std::string> values;
    std::string text;
    if (const auto* array = node.as_array()) {
      for (const auto& item : *array) {
        if (!to_text(item, text))
          throw core::Error(at + ": " + name + ": arrays hold plain values");
        values.push_back(text);
      }
    } else if (to_text(node, text)) {
      values.push_back(text);
    } else {
      throw core::Error(at + ": " + name + ": give a string, a number, true/false or an array");
    }
    try {
      for (const auto& v : values) option->add_result(v);
      option->run_callback();
    } catch (const CLI::Error& e) {
      throw core::Error(at + ": " + name + ": " + e.what());
    }
  }
}

}  // namespace app
