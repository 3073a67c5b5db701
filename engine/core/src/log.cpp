#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace core::log {
namespace {
spdlog::logger& logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l = spdlog::stderr_color_mt("pacecast");
    l->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    return l;
  }();
  return *instance;
}
}  // namespace

void set_level(Level level) {
  switch (level) {
    case Level::debug:
      logger().set_level(spdlog::level::debug);
      break;
    case Level::info:
      logger().set_level(spdlog::level::info);
      break;
    case Level::warn:
      logger().set_level(spdlog::level::warn);
      break;
    case Level::error:
      logger().set_level(spdlog::level::err);
      break;
    case Level::off:
      logger().set_level(spdlog::level::off);
      break;
    case Level::invalid:
      break;
  }
}

Level parse_level(std::string_view t) {
  if (t == "debug") return Level::debug;
  if (t == "info") return Level::info;
  if (t == "warn" || t == "warning") return Level::warn;
  if (t == "error") return Level::error;
  if (t == "off") return Level::off;
  return Level::invalid;
}

bool enabled(Level level) {
  switch (level) {
    case Level::debug:
      return logger().should_log(spdlog::level::debug);
    case Level::info:
      return logger().should_log(spdlog::level::info);
    case Level::warn:
      return logger().should_log(spdlog::level::warn);
    case Level::error:
      return logger().should_log(spdlog::level::err);
    case Level::invalid:
    case Level::off:
      break;
  }
  return false;
}

void debug(std::string_view m) {
  logger().debug("{}", m);
}
void info(std::string_view m) {
  logger().info("{}", m);
}
void warn(std::string_view m) {
  logger().warn("{}", m);
}
void error(std::string_view m) {
  logger().error("{}", m);
}

}  // namespace core::log
