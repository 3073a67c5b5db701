#include "browser.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace announcer_test {

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

bool alive(pid_t pid) {
  return pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == 0;
}

}  // namespace

std::string find_chromium() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const std::string candidate = dir + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "";
}

Browser::Browser(const std::string& chromium, const std::string& url,
                 std::chrono::seconds timeout) {
  std::string dir = (std::filesystem::temp_directory_path() / "pacecast-chromium-XXXXXX").string();
  if (!::mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed for " + dir);
  profile_ = dir;
  std::vector<std::string> args = {chromium,
                                   "--headless=new",
                                   "--user-data-dir=" + profile_.string(),
                                   "--remote-debugging-port=0",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-gpu",
                                   "--disable-extensions",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--mute-audio",
                                   "--disable-crash-reporter",
                                   "--disable-breakpad",
                                   "--window-size=1280,900",
                                   url};
  if (::geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  const std::string log = (profile_ / "browser.log").string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::setpgid(0, 0);  // its own group: the test ends the browser and all its helpers at once
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);
  const auto deadline = Clock::now() + timeout;
  // Chromium writes the port it picked into the profile once DevTools listens.
  while (devtools_port_ == 0) {
    std::ifstream active(profile_ / "DevToolsActivePort");
    int port = 0;
    if (active >> port && port > 0) devtools_port_ = port;
    if (devtools_port_) break;
    if (!alive(pid_) || Clock::now() > deadline) {
      pid_ = alive(pid_) ? pid_ : -1;
      throw std::runtime_error("chromium did not start its DevTools server; its output:\n" +
                               log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  connect_page(deadline);
}

Browser::~Browser() {
  devtools_.reset();
  if (pid_ > 0) {
    ::kill(-pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (alive(pid_) && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(-pid_, SIGKILL);  // helpers that outlived the browser
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(profile_, ignored);
}

std::string Browser::log_tail() const {
  std::ifstream in(profile_ / "browser.log");
  std::string all, line;
  while (std::getline(in, line)) {
    // A container has no D-Bus; chromium says so many times, which hides what matters.
    if (line.find("dbus") == std::string::npos && line.find("the bus") == std::string::npos)
      all += line + "\n";
  }
  return all.size() > 3000 ? all.substr(all.size() - 3000) : all;
}

// Finds the page's target in /json/list and opens its DevTools WebSocket.
void Browser::connect_page(Clock::time_point deadline) {
  std::string ws_path;
  while (ws_path.empty()) {
    const auto reply = control_test::call(devtools_port_, "GET", "/json/list");
    const Json list = Json::parse(reply.body, nullptr, false);
    if (list.is_array()) {
      for (const Json& t : list)
        if (t.value("type", "") == "page" && t.contains("webSocketDebuggerUrl")) {
          const std::string url = t["webSocketDebuggerUrl"];
          const auto at = url.find("/devtools/");
          if (at != std::string::npos) ws_path = url.substr(at);
        }
    }
    if (!ws_path.empty()) break;
    if (Clock::now() > deadline)
      throw std::runtime_error("chromium shows no page target; its output:\n" + log_tail());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // No Origin header: DevTools accepts such clients without --remote-allow-origins.
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  devtools_ = std::make_unique<control_test::WsClient>(
      devtools_port_, ws_path, "", std::max(left, std::chrono::milliseconds(1000)));
  if (devtools_->status() != 101)
    throw std::runtime_error("DevTools refused the WebSocket to " + ws_path + " (HTTP " +
                             std::to_string(devtools_->status()) + "): " + devtools_->body());
}

std::optional<std::string> Browser::eval(const std::string& expression) {
  const int id = next_id_++;
  Json call;
  call["id"] = id;
  call["method"] = "Runtime.evaluate";
  call["params"] = {{"expression", expression}, {"returnByValue", true}};
  if (!devtools_->send_text(call.dump()))
    throw std::runtime_error("DevTools: the connection to chromium closed");
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const auto m = devtools_->next(std::max(left, std::chrono::milliseconds(1)));
    if (!m) throw std::runtime_error("DevTools: no answer to Runtime.evaluate within 10 s");
    const Json j = Json::parse(*m, nullptr, false);
    if (!j.is_object() || j.value("id", 0) != id) continue;  // an event, or another answer
    if (j.contains("error") || !j.contains("result") || j["result"].contains("exceptionDetails")) {
      last_error_ = m->substr(0, 2000);
      return std::nullopt;
    }
    const Json& value = j["result"]["result"];
    if (!value.contains("value")) return std::nullopt;
    return value["value"].is_string() ? value["value"].get<std::string>() : value["value"].dump();
  }
}

}  // namespace announcer_test
