#include "rtmp_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace pacecast_test {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr const char* kRtmpModule = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(std::uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const sockaddr_in a = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string rtmp_server_missing() {
  if (::access(kNginx, X_OK) != 0) return std::string(kNginx) + " is missing (apt nginx-light)";
  if (::access(kRtmpModule, R_OK) != 0) {
    return std::string(kRtmpModule) + " is missing (apt libnginx-mod-rtmp)";
  }
  return {};
}

int free_loopback_port(PortKind kind) {
  const int fd =
      ::socket(AF_INET, (kind == PortKind::udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

bool udp_port_bound(int port) {
  // Lines read "  sl  local_address rem_address st …" with addresses as HEXIP:HEXPORT.
  char want[8];
  std::snprintf(want, sizeof want, ":%04X", unsigned(port));
  for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local;
      fields >> slot >> local;
      if (local.size() > 5 && local.compare(local.size() - 5, 5, want) == 0) return true;
    }
  }
  return false;
}

RtmpServer::RtmpServer() : port_(free_loopback_port(PortKind::tcp)) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "pacecast-nginx-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    error_ = "cannot create a temporary directory: " + std::string(std::strerror(errno));
    return;
  }
  dir_ = tmpl;
  std::ofstream conf(dir_ / "nginx.conf");
  conf << "load_module " << kRtmpModule << ";\n"
       << "daemon off;\n"
       << "master_process off;\n"
       << "pid " << (dir_ / "nginx.pid").string() << ";\n"
       << "error_log " << (dir_ / "error.log").string() << " info;\n"
       << "events { worker_connections 64; }\n"
       << "rtmp {\n"
       << "  server {\n"
       << "    listen 127.0.0.1:" << port_ << ";\n"
       << "    application live { live on; }\n"
       << "  }\n"
       << "}\n";
}

RtmpServer::~RtmpServer() {
  stop();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

std::string RtmpServer::url(const std::string& path) const {
  return "rtmp://127.0.0.1:" + std::to_string(port_) + "/" + path;
}

std::string RtmpServer::error_log_tail() const {
  const std::string log = read_file(dir_ / "error.log");
  return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
}

bool RtmpServer::start(std::chrono::milliseconds wait) {
  using Clock = std::chrono::steady_clock;
  error_.clear();
  if (dir_.empty() || port_ == 0) {
    error_ = "nginx: no directory or port to run in";
    return false;
  }
  if (running()) return true;
  // Everything the child needs is prepared before fork(): after it, only exec-safe calls.
  const std::string prefix = dir_.string() + "/";
  const std::string conf = (dir_ / "nginx.conf").string();
  const std::string log = (dir_ / "error.log").string();
  const std::string out = (dir_ / "stdout.log").string();
  std::vector<std::string> args = {kNginx, "-p", prefix, "-e", log, "-c", conf};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const int max_fd =
      files.rlim_cur == RLIM_INFINITY ? 65536 : int(std::min<rlim_t>(files.rlim_cur, 65536));
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  const pid_t pid = ::fork();
  if (pid < 0) {
    if (out_fd >= 0) ::close(out_fd);
    error_ = "nginx: fork failed: " + std::string(std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    if (out_fd >= 0) {
      ::dup2(out_fd, STDOUT_FILENO);
      ::dup2(out_fd, STDERR_FILENO);
    }
    // Sockets of the test process (a sink's connection) must not live on in nginx.
    for (int fd = 3; fd < max_fd; ++fd) ::close(fd);
    ::execv(kNginx, argv.data());
    ::_exit(127);
  }
  if (out_fd >= 0) ::close(out_fd);
  pid_ = pid;
  const auto until = Clock::now() + wait;
  while (Clock::now() < until) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      error_ = "nginx exited at start (status " + std::to_string(status) +
               "): " + read_file(dir_ / "stdout.log") + error_log_tail();
      return false;
    }
    if (port_accepts(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error_ = "nginx: port " + std::to_string(port_) + " still closed after " +
           std::to_string(wait.count()) + " ms: " + error_log_tail();
  stop();
  return false;
}

void RtmpServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

}  // namespace pacecast_test
