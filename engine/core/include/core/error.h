// Typed errors for set-up failures. A message says what happened, to what, and what to do.
// Value types; safe to copy and throw across threads.
#pragma once

#include <stdexcept>
#include <string>

namespace core {

// A failure that stops an operation: a file that cannot be read, a config that is invalid.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A configuration error at a location in a file: "race.toml:12: contests[0].distance_m: ...".
class ConfigError : public Error {
 public:
  ConfigError(std::string file, int line, std::string key, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
  std::string message_;
};

}  // namespace core
