// A real headless Chromium for the page tests, driven over the DevTools protocol: started
// with a temporary profile and --remote-debugging-port=0, its page evaluated with
// Runtime.evaluate through the tests' WebSocket client (control/http_client.h). Owned by one
// test, one thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "control/http_client.h"

namespace announcer_test {

// The chromium binary on PATH, or "" when it is not installed.
std::string find_chromium();

class Browser {
 public:
  // Starts `chromium --headless=new` on `url`. Throws std::runtime_error (with its log's tail)
  // when it does not come up within `timeout`.
  Browser(const std::string& chromium, const std::string& url,
          std::chrono::seconds timeout = std::chrono::seconds(20));
  ~Browser();  // closes the connection, ends the browser's processes, removes the profile
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Evaluates a JavaScript expression in the page and returns its value as a string (the
  // expression should give a string, e.g. JSON.stringify(...)); nullopt on a JS exception.
  std::optional<std::string> eval(const std::string& expression);

  // The browser's own output, for failure messages.
  std::string log_tail() const;
  // DevTools' answer to the last eval that failed.
  const std::string& last_error() const { return last_error_; }

 private:
  void connect_page(std::chrono::steady_clock::time_point deadline);

  std::filesystem::path profile_;
  pid_t pid_ = -1;
  int devtools_port_ = 0;
  std::unique_ptr<control_test::WsClient> devtools_;
  int next_id_ = 1;
  std::string last_error_;
};

}  // namespace announcer_test
