// web::HttpServer over real loopback sockets: requests to a handler, the built-in refusals,
// and WebSocket streams with many clients, a slow one, numbered broadcasts and stop().
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "control/http_client.h"
#include "core/log.h"
#include "web/http_server.h"

namespace http_server_test {

using control_test::call;
using control_test::request_text;
using control_test::send_raw;
using control_test::WsClient;

namespace {

// A small site: GET /hello, POST /echo (the body back, upper-cased), 405 elsewhere on
// /echo, 404 for the rest; one stream /feed whose clients get "hello" first.
web::HttpServerOptions site(std::atomic<std::int64_t>* after_seq = nullptr) {
  web::HttpServerOptions o;
  o.name = "test web";
  o.max_body_bytes = 1024;
  o.handler = [](const web::Request& r) {
    web::Response out;
    if (r.path == "/hello" && r.method == "GET") {
      out.content_type = "text/plain; charset=utf-8";
      out.body = "hello " + (r.query.count("who") ? r.query.at("who") : std::string("you"));
      out.headers.emplace_back("cache-control", "max-age=60");
    } else if (r.path == "/echo" && r.method == "POST") {
      out.content_type = "text/plain";
      for (char c : r.body) out.body += static_cast<char>(std::toupper(c));
    } else if (r.path == "/echo") {
      out = web::error_response(405, "method_not_allowed", r.method + " /echo: use POST");
      out.headers.emplace_back("allow", "POST");
    } else {
      out = web::error_response(404, "not_found", "nothing at " + r.path);
    }
    return out;
  };
  web::StreamPath feed;
  feed.path = "/feed";
  feed.max_backlog = 20;
  feed.on_open = [after_seq](const web::Request& r) {
    web::StreamStart s;
    s.messages = {"hello", "who=" + (r.query.count("who") ? r.query.at("who") : "")};
    if (after_seq) s.after_seq = after_seq->load();
    return s;
  };
  feed.accept = [](const web::Request& r) -> std::optional<web::Response> {
    if (r.query.count("deny")) return web::error_response(401, "unauthorized", "denied");
    return std::nullopt;
  };
  o.streams.push_back(std::move(feed));
  return o;
}

// A WebSocket client that upgrades and then never reads, with a tiny receive buffer: the
// server's sends to it back up at once.
int stalled_client(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  const int small = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  const std::string req = "GET " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: "
                          "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n";
  REQUIRE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
  return fd;
}

// Waits (up to 10 s: a loaded machine) until `done` holds.
template <class F>
bool eventually(F done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

TEST_CASE("web: GET with a query, POST with a body, 404, 405 with Allow, 413 over the limit",
          "[web]") {
  web::HttpServer server(site());
  server.start();
  const int port = server.port();
  REQUIRE(port > 0);

  auto r = call(port, "GET", "/hello?who=Almaty");
  CHECK(r.status == 200);
  CHECK(r.body == "hello Almaty");
  CHECK(r.header("content-type") == "text/plain; charset=utf-8");
  CHECK(r.header("cache-control") == "max-age=60");

  r = send_raw(port, request_text("POST", "/echo", "", "finish line", "text/plain"));
  CHECK(r.status == 200);
  CHECK(r.body == "FINISH LINE");
  CHECK(r.header("cache-control") == "no-store");  // the default

  r = call(port, "GET", "/nowhere");
  CHECK(r.status == 404);
  CHECK_THAT(r.body, Catch::Contains("nothing at /nowhere"));
  r = call(port, "DELETE", "/echo");
  CHECK(r.status == 405);
  CHECK(r.header("allow") == "POST");
  r = send_raw(port, request_text("POST", "/echo", "", std::string(5000, 'x'), "text/plain"));
  CHECK(r.status == 413);
  CHECK_THAT(r.body, Catch::Contains("over the limit of 1024 bytes"));
  r = call(port, "GET", "/hello");  // still answering after the refused body
  CHECK(r.body == "hello you");

  const web::HttpServerStats s = server.stats();
  CHECK(s.requests == 6);
  CHECK(s.client_errors == 3);
  CHECK(s.server_errors == 0);
}

TEST_CASE("web: a handler that throws is a 500, and the server keeps answering", "[web]") {
  web::HttpServerOptions o = site();
  o.handler = [](const web::Request& r) -> web::Response {
    if (r.path == "/boom") throw std::runtime_error("kaboom");
    return web::Response{200, "text/plain", "ok", {}};
  };
  web::HttpServer server(o);
  server.start();
  const auto r = call(server.port(), "GET", "/boom");
  CHECK(r.status == 500);
  CHECK_THAT(r.body, Catch::Contains("kaboom"));
  CHECK(call(server.port(), "GET", "/fine").body == "ok");
  CHECK(server.stats().server_errors == 1);
}

TEST_CASE("web: 20 stream clients at once each get the first messages, then every broadcast",
          "[web]") {
  web::HttpServer server(site());
  server.start();
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<WsClient>(server.port(), "/feed?who=" + std::to_string(i)));
    REQUIRE(clients.back()->status() == 101);
  }
  for (int i = 0; i < 20; ++i) {
    CHECK(clients[i]->next() == std::optional<std::string>("hello"));
    CHECK(clients[i]->next() == std::optional<std::string>("who=" + std::to_string(i)));
  }
  REQUIRE(server.stats().stream_clients == 20);
  constexpr int kMessages = 15;  // under the backlog limit of 20, even if no client read yet
  std::thread publisher([&] {
    for (int m = 0; m < kMessages; ++m)
      server.broadcast("/feed", "{\"n\":" + std::to_string(m) + "}");
    server.broadcast("/elsewhere", "not for /feed");
  });
  for (int i = 0; i < 20; ++i) {
    for (int m = 0; m < kMessages; ++m) {
      const auto got = clients[i]->next();
      REQUIRE(got);
      CHECK(*got == "{\"n\":" + std::to_string(m) + "}");
    }
  }
  publisher.join();
  for (int i = 0; i < 20; ++i)
    CHECK_FALSE(clients[i]->next(std::chrono::milliseconds(200)));  // nothing more
  CHECK(server.stats().stream_messages == 20 * (2 + kMessages));
  CHECK(server.stats().stream_dropped == 0);
}

TEST_CASE("web: a stream client that stops reading is closed; the others keep up", "[web]") {
  core::log::set_level(core::log::Level::error);
  web::HttpServer server(site());
  server.start();
  WsClient fast(server.port(), "/feed");
  REQUIRE(fast.status() == 101);
  REQUIRE(fast.next() == std::optional<std::string>("hello"));
  REQUIRE(fast.next());
  const int slow = stalled_client(server.port(), "/feed");
  REQUIRE(eventually([&] { return server.stats().stream_clients == 2; }));

  // Paced by the fast client: each message is sent only once it got the last, so the fast
  // one is never behind, while the stalled one falls behind by every message.
  const std::string pad(16 * 1024, 'x');
  int received = 0;
  for (int m = 0; m < 800 && server.stats().stream_dropped == 0; ++m) {
    server.broadcast("/feed", std::to_string(m) + pad);
    const auto got = fast.next();
    REQUIRE(got);
    CHECK(got->substr(0, got->size() - pad.size()) == std::to_string(m));
    ++received;
  }
  CHECK(server.stats().stream_dropped == 1);
  CHECK(eventually([&] { return server.stats().stream_clients == 1; }));
  // The fast client is still served.
  server.broadcast("/feed", "after");
  CHECK(fast.next() == std::optional<std::string>("after"));
  INFO("the stalled client was dropped after " << received << " messages");
  CHECK(received > 20);
  ::close(slow);
  core::log::set_level(core::log::Level::info);
}

TEST_CASE("web: numbered broadcasts already in a client's first messages are not sent again",
          "[web]") {
  std::atomic<std::int64_t> after_seq{10};
  web::HttpServer server(site(&after_seq));
  server.start();
  WsClient ws(server.port(), "/feed");
  REQUIRE(ws.next() == std::optional<std::string>("hello"));
  REQUIRE(ws.next());
  server.broadcast("/feed", "nine", 9);
  server.broadcast("/feed", "ten", 10);
  server.broadcast("/feed", "eleven", 11);
  server.broadcast("/feed", "unnumbered");
  CHECK(ws.next() == std::optional<std::string>("eleven"));
  CHECK(ws.next() == std::optional<std::string>("unnumbered"));
}

TEST_CASE("web: upgrades elsewhere or refused by accept get their HTTP answer", "[web]") {
  web::HttpServer server(site());
  server.start();
  WsClient nowhere(server.port(), "/hello");
  CHECK(nowhere.status() == 404);
  CHECK_THAT(nowhere.body(), Catch::Contains("the streams are: /feed"));
  WsClient denied(server.port(), "/feed?deny=1");
  CHECK(denied.status() == 401);
  CHECK(server.stats().stream_clients == 0);
}

TEST_CASE("web: stop() with clients connected closes them; the port is then free", "[web]") {
  web::HttpServer server(site());
  server.start();
  const int port = server.port();
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(std::make_unique<WsClient>(port, "/feed"));
    REQUIRE(clients.back()->next());
  }
  server.broadcast("/feed", "last");
  server.stop();
  server.broadcast("/feed", "dropped after stop");  // no effect, no crash
  CHECK(server.stats().stream_clients == 0);
  for (auto& c : clients) {
    // Whatever was queued may still arrive, then the connection ends.
    int extra = 0;
    while (c->next(std::chrono::milliseconds(3000))) ++extra;
    CHECK(extra <= 2);
  }
  server.stop();  // twice is fine
  // The port is free: a second server can take it.
  web::HttpServerOptions again = site();
  again.port = port;
  web::HttpServer second(again);
  second.start();
  CHECK(call(port, "GET", "/hello").body == "hello you");
  // And taking a port in use is refused, naming it.
  web::HttpServerOptions clash = site();
  clash.port = port;
  clash.listen_hint = "; pick another port";
  web::HttpServer third(clash);
  CHECK_THROWS_WITH(third.start(),
                    Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(port)) &&
                        Catch::Contains("pick another port"));
}

}  // namespace http_server_test
