// Test harness: a real nginx with its RTMP module (Debian libnginx-mod-rtmp), started by a
// test on a free loopback port in its own temporary directory, stopped and restarted on the
// same port to fake a server that goes away. Owned by one test; call from the test's thread.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <string>

namespace pacecast_test {

// Why nginx with RTMP cannot run here ("/usr/sbin/nginx is missing"), or empty when it can.
std::string rtmp_server_missing();

enum class PortKind { invalid, tcp, udp };

// A loopback port nobody listens on at the moment of the call (the kernel's choice).
int free_loopback_port(PortKind kind);

// True once a UDP socket is bound to `port` on any local address (a listener is ready).
bool udp_port_bound(int port);

class RtmpServer {
 public:
  // Picks a free port and writes nginx.conf into a new temporary directory; does not start.
  RtmpServer();
  // Stops nginx if it runs and removes the directory.
  ~RtmpServer();
  RtmpServer(const RtmpServer&) = delete;
  RtmpServer& operator=(const RtmpServer&) = delete;

  // Starts nginx and waits until the port accepts connections. False (with the reason in
  // error()) when nginx exits or the port stays closed for `wait`.
  bool start(std::chrono::milliseconds wait = std::chrono::milliseconds(5000));
  // SIGTERM, then SIGKILL after a second; reaps the process. Does nothing when stopped.
  void stop();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // "rtmp://127.0.0.1:PORT/<path>", e.g. url("live/t").
  std::string url(const std::string& path) const;
  // What went wrong at the last start(), with the tail of nginx's error log.
  const std::string& error() const { return error_; }

 private:
  std::string error_log_tail() const;

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = 0;
  std::string error_;
};

}  // namespace pacecast_test
