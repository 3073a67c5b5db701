#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace control_test {
namespace {

using Clock = std::chrono::steady_clock;

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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

// Reads what is there (waiting until `deadline`); false on close, error or timeout.
bool read_some(int fd, std::string& into, Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
  char buf[16384];
  const auto n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return false;
  into.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Parses the status line and headers of `head` (up to the blank line).
void parse_head(const std::string& head, HttpReply& r) {
  std::size_t pos = head.find("\r\n");
  const std::string status_line = head.substr(0, pos);
  if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return;
  r.status = std::atoi(status_line.c_str() + 9);
  r.answered = true;
  while (pos != std::string::npos && pos + 2 < head.size()) {
    const std::size_t next = head.find("\r\n", pos + 2);
    const std::string line = head.substr(pos + 2, next - pos - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      r.headers[lower(line.substr(0, colon))] = v;
    }
    pos = next;
  }
}

}  // namespace

std::string request_text(const std::string& method, const std::string& path,
                         const std::string& token, const std::string& body,
                         const std::string& content_type) {
  std::string r = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty()) {
    r += "Content-Type: " + content_type + "\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

HttpReply send_raw(int port, const std::string& raw, bool half_close,
                   std::chrono::milliseconds timeout) {
  HttpReply r;
  const int fd = connect_loopback(port);
  const auto deadline = Clock::now() + timeout;
  std::string in;
  if (send_all(fd, raw)) {
    if (half_close) ::shutdown(fd, SHUT_WR);
    std::size_t end = std::string::npos;
    while ((end = in.find("\r\n\r\n")) == std::string::npos && read_some(fd, in, deadline)) {
    }
    if (end != std::string::npos) {
      parse_head(in.substr(0, end), r);
      std::size_t want = 0;
      if (auto it = r.headers.find("content-length"); it != r.headers.end())
        want = std::stoul(it->second);
      while (in.size() < end + 4 + want && read_some(fd, in, deadline)) {
      }
      r.body = in.substr(end + 4, want);
    }
  }
  ::close(fd);
  return r;
}

HttpReply call(int port, const std::string& method, const std::string& path,
               const std::string& token, const std::string& body) {
  return send_raw(port, request_text(method, path, token, body));
}

WsClient::WsClient(int port, const std::string& path_and_query, const std::string& bearer,
                   std::chrono::milliseconds timeout) {
  fd_ = connect_loopback(port);
  std::string req = "GET " + path_and_query +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  if (!bearer.empty()) req += "Authorization: Bearer " + bearer + "\r\n";
  req += "\r\n";
  if (!send_all(fd_, req)) return;
  const auto deadline = Clock::now() + timeout;
  std::size_t end = std::string::npos;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos &&
         read_some(fd_, buffer_, deadline)) {
  }
  if (end == std::string::npos) return;
  HttpReply head;
  parse_head(buffer_.substr(0, end), head);
  status_ = head.status;
  buffer_.erase(0, end + 4);
  if (status_ != 101) {
    std::size_t want = 0;
    if (auto it = head.headers.find("content-length"); it != head.headers.end())
      want = std::stoul(it->second);
    while (buffer_.size() < want && read_some(fd_, buffer_, deadline)) {
    }
    body_ = buffer_.substr(0, want);
  }
}

WsClient::~WsClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool WsClient::fill(std::size_t n, Clock::time_point deadline) {
  while (buffer_.size() < n)
    if (!read_some(fd_, buffer_, deadline)) return false;
  return true;
}

std::optional<std::string> WsClient::next(std::chrono::milliseconds timeout) {
  if (status_ != 101) return std::nullopt;
  const auto deadline = Clock::now() + timeout;
  std::string message;
  for (;;) {
    if (!fill(2, deadline)) return std::nullopt;
    const auto b0 = static_cast<unsigned char>(buffer_[0]);
    const auto b1 = static_cast<unsigned char>(buffer_[1]);
    std::size_t header = 2;
    std::uint64_t len = b1 & 0x7F;
    if (len == 126 || len == 127) {
      const std::size_t extra = len == 126 ? 2 : 8;
      if (!fill(2 + extra, deadline)) return std::nullopt;
      len = 0;
      for (std::size_t i = 0; i < extra; ++i)
        len = (len << 8) | static_cast<unsigned char>(buffer_[2 + i]);
      header += extra;
    }
    if (b1 & 0x80) return std::nullopt;  // a server never masks
    if (!fill(header + len, deadline)) return std::nullopt;
    const std::string payload = buffer_.substr(header, len);
    buffer_.erase(0, header + len);
    const int opcode = b0 & 0x0F;
    if (opcode == 0x8) return std::nullopt;  // close
    if (opcode == 0x1 || opcode == 0x0) message += payload;
    if ((b0 & 0x80) && (opcode == 0x1 || opcode == 0x0)) return message;
  }
}

bool WsClient::send_text(const std::string& text) {
  if (status_ != 101) return false;
  std::string frame(1, static_cast<char>(0x81));  // FIN, text
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
  return send_all(fd_, frame);
}

}  // namespace control_test
