#include "browser.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "control/http_client.h"

namespace announcer_test {

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

bool alive(pid_t pid) {
  return pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == 0;
}

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to the browser's DevTools port " +
                             std::to_string(port));
  }
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_some(int fd, std::string& into, Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
  char buf[65536];
  const auto n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return false;
  into.append(buf, static_cast<std::size_t>(n));
  return true;
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
  if (fd_ >= 0) ::close(fd_);
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
  fd_ = connect_loopback(devtools_port_);
  // No Origin header: DevTools accepts such clients without --remote-allow-origins.
  const std::string req = "GET " + ws_path +
                          " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(devtools_port_) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n";
  if (!send_all(fd_, req)) throw std::runtime_error("DevTools: cannot send the upgrade");
  std::size_t end = std::string::npos;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!read_some(fd_, buffer_, deadline))
      throw std::runtime_error("DevTools: no answer to the WebSocket upgrade");
  if (buffer_.rfind("HTTP/1.1 101", 0) != 0)
    throw std::runtime_error("DevTools refused the WebSocket: " + buffer_.substr(0, end));
  buffer_.erase(0, end + 4);
}

// One masked text frame, as a client must send.
void Browser::send_text(const std::string& text) {
  std::string frame;
  frame += static_cast<char>(0x81);
  const std::size_t n = text.size();
  if (n < 126) {
    frame += static_cast<char>(0x80 | n);
  } else if (n < 65536) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((n >> 8) & 0xFF);
    frame += static_cast<char>(n & 0xFF);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((n >> shift) & 0xFF);
  }
  const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
  for (unsigned char m : mask) frame += static_cast<char>(m);
  for (std::size_t i = 0; i < n; ++i) frame += static_cast<char>(text[i] ^ mask[i % 4]);
  if (!send_all(fd_, frame)) throw std::runtime_error("DevTools: the connection closed");
}

std::optional<std::string> Browser::read_message(Clock::time_point deadline) {
  auto fill = [&](std::size_t n) {
    while (buffer_.size() < n)
      if (!read_some(fd_, buffer_, deadline)) return false;
    return true;
  };
  std::string message;
  for (;;) {
    if (!fill(2)) return std::nullopt;
    const auto b0 = static_cast<unsigned char>(buffer_[0]);
    const auto b1 = static_cast<unsigned char>(buffer_[1]);
    std::size_t header = 2;
    std::uint64_t len = b1 & 0x7F;
    if (len == 126 || len == 127) {
      const std::size_t extra = len == 126 ? 2 : 8;
      if (!fill(2 + extra)) return std::nullopt;
      len = 0;
      for (std::size_t i = 0; i < extra; ++i)
        len = (len << 8) | static_cast<unsigned char>(buffer_[2 + i]);
      header += extra;
    }
    if (!fill(header + len)) return std::nullopt;
    const int opcode = b0 & 0x0F;
    if (opcode == 0x8) return std::nullopt;
    if (opcode == 0x1 || opcode == 0x0) message += buffer_.substr(header, len);
    buffer_.erase(0, header + len);
    if ((b0 & 0x80) && (opcode == 0x1 || opcode == 0x0)) return message;
  }
}

std::optional<std::string> Browser::eval(const std::string& expression) {
  const int id = next_id_++;
  Json call;
  call["id"] = id;
  call["method"] = "Runtime.evaluate";
  call["params"] = {{"expression", expression}, {"returnByValue", true}};
  send_text(call.dump());
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto m = read_message(deadline);
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
