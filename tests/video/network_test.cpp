// Network outputs with faults injected: RTMP into a real nginx that is stopped and restarted
// mid-stream, RTMP to a server that never comes, SRT to a local listener and UDP to a local
// receiver. Each stream is read back with libavformat on a thread of its own, and a file
// output next to it must come out whole: a network fault never costs the recording a frame.
#include <catch2/catch.hpp>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "rtmp_server.h"
#include "video/pipeline.h"

namespace network_test {

using namespace video;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::filesystem::path temp_dir(const std::string& name) {
  // The process id keeps parallel runs from other build directories apart.
  auto dir = std::filesystem::temp_directory_path() /
             ("pacecast-network-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The test background at 720p50 (light on 2 cores), encoded for a live stream.
PipelineOptions live_options(std::vector<std::string> outputs, double duration_s) {
  PipelineOptions o;
  o.input = "test";
  o.format = *find_format("720p50");
  o.outputs = std::move(outputs);
  o.encoder.preset = "ultrafast";
  o.encoder.tune = "zerolatency";
  o.encoder.bitrate_kbps = 1500;
  o.duration_s = duration_s;
  // Half a second between the render loop and the encoder: a 2-core machine shared with a
  // build must not turn a scheduling hiccup into a dropped frame. The sinks, which are what
  // these tests fault, never hold up either of them whatever the queue size.
  o.encode_queue = 25;
  return o;
}

// What a reader received.
struct Received {
  std::vector<double> video_s;  // arrival of each video packet, seconds after the epoch
  int video_packets = 0, audio_packets = 0;
  std::string video_codec, audio_codec;
  int opens = 0;  // successful opens (one per connection)
  std::string last_error;
};

// Reads a stream (rtmp://, srt://, udp://) with libavformat on its own thread and records
// what arrives and when. With `reopen`, it opens again after every error until stopped.
class StreamReader {
 public:
  using Options = std::vector<std::pair<std::string, std::string>>;

  StreamReader(std::string url, std::string format, Options options, bool reopen,
               Clock::time_point epoch)
      : url_(std::move(url)),
        format_(std::move(format)),
        options_(std::move(options)),
        reopen_(reopen),
        epoch_(epoch) {
    avformat_network_init();
    thread_ = std::thread([this] { run(); });
  }
  ~StreamReader() {
    stop();
    avformat_network_deinit();
  }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Waits until the reader ends by itself (end of stream) or `timeout` passes.
  bool wait_done(std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (!done_ && Clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return done_;
  }
  Received received() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  static int interrupted(void* self) { return static_cast<StreamReader*>(self)->stop_ ? 1 : 0; }

  void run() {
    while (!stop_) {
      read_once();
      if (!reopen_) break;
      for (int i = 0; i < 10 && !stop_; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    done_ = true;
  }

  void read_once() {
    AVFormatContext* ctx = avformat_alloc_context();
    ctx->interrupt_callback = AVIOInterruptCB{&StreamReader::interrupted, this};
    AVDictionary* opts = nullptr;
    for (const auto& [key, value] : options_) av_dict_set(&opts, key.c_str(), value.c_str(), 0);
    const AVInputFormat* fmt = format_.empty() ? nullptr : av_find_input_format(format_.c_str());
    int r = avformat_open_input(&ctx, url_.c_str(), fmt, &opts);  // frees ctx on failure
    av_dict_free(&opts);
    if (r < 0) {
      note_error("open: ", r);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++received_.opens;
    }
    AVPacket* pkt = av_packet_alloc();
    while (!stop_ && (r = av_read_frame(ctx, pkt)) >= 0) {
      const double at = seconds_between(epoch_, Clock::now());
      const AVCodecParameters* par = ctx->streams[pkt->stream_index]->codecpar;
      std::lock_guard<std::mutex> lock(mutex_);
      if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
        received_.video_s.push_back(at);
        ++received_.video_packets;
        received_.video_codec = avcodec_get_name(par->codec_id);
      } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
        ++received_.audio_packets;
        received_.audio_codec = avcodec_get_name(par->codec_id);
      }
      av_packet_unref(pkt);
    }
    if (r < 0) note_error("read: ", r);
    av_packet_free(&pkt);
    avformat_close_input(&ctx);
  }

  void note_error(const char* what, int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    std::lock_guard<std::mutex> lock(mutex_);
    received_.last_error = what + std::string(text);
  }

  const std::string url_, format_;
  const Options options_;
  const bool reopen_;
  const Clock::time_point epoch_;
  std::atomic<bool> stop_{false}, done_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  // --- the following field is protected by mutex_
  Received received_;
};

// Runs a pipeline's render loop on a thread; stops and joins it when the test leaves early.
class PipelineThread {
 public:
  explicit PipelineThread(Pipeline& pipeline) : pipeline_(pipeline) {
    thread_ = std::thread([this] {
      pipeline_.run();
      done_ = true;
    });
  }
  ~PipelineThread() {
    if (thread_.joinable()) {
      pipeline_.request_stop();
      thread_.join();
    }
  }
  PipelineThread(const PipelineThread&) = delete;
  PipelineThread& operator=(const PipelineThread&) = delete;

  void join() { thread_.join(); }
  bool done() const { return done_; }

 private:
  Pipeline& pipeline_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// The video track of a finished file, packet by packet.
struct FileVideo {
  int frames = 0;
  int keyframes = 0;
  bool monotonic = true;
  int gaps = 0;  // consecutive PTS more than one frame apart
  int audio_packets = 0;
};

FileVideo probe_file(const std::string& file, const Format& format) {
  FileVideo v;
  AVFormatContext* ctx = nullptr;
  REQUIRE(avformat_open_input(&ctx, file.c_str(), nullptr, nullptr) == 0);
  REQUIRE(avformat_find_stream_info(ctx, nullptr) >= 0);
  const int vs = av_find_best_stream(ctx, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const int as = av_find_best_stream(ctx, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  REQUIRE(vs >= 0);
  const std::int64_t step =
      av_rescale_q(1, AVRational{format.fps_den, format.fps_num}, ctx->streams[vs]->time_base);
  std::int64_t last = AV_NOPTS_VALUE;
  AVPacket* pkt = av_packet_alloc();
  while (av_read_frame(ctx, pkt) >= 0) {
    if (pkt->stream_index == vs) {
      ++v.frames;
      if (pkt->flags & AV_PKT_FLAG_KEY) ++v.keyframes;
      if (last != AV_NOPTS_VALUE && pkt->pts != AV_NOPTS_VALUE) {
        if (pkt->pts <= last) v.monotonic = false;
        if (pkt->pts - last > step) ++v.gaps;
      }
      if (pkt->pts != AV_NOPTS_VALUE) last = pkt->pts;
    } else if (pkt->stream_index == as) {
      ++v.audio_packets;
    }
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  avformat_close_input(&ctx);
  return v;
}

const SinkStats* find_sink(const PipelineStats& s, const std::string& prefix) {
  for (const auto& sink : s.sinks)
    if (sink.target.starts_with(prefix)) return &sink;
  return nullptr;
}

// Puts the figures a reader of the log wants on record: the render loop, then each output.
void warn_stats(const std::string& name, const PipelineStats& s) {
  WARN(name << ": render loop: " << s.ticks << " ticks, " << s.encoded << " encoded, " << s.dropped
            << " dropped, " << s.late << " late");
  for (const auto& sink : s.sinks) {
    const std::string target = sink.target.find("://") != std::string::npos
                                   ? sink.target
                                   : std::filesystem::path(sink.target).filename().string();
    WARN(name << ": output " << target << ": " << sink.state << ", " << sink.packets << " packets, "
              << sink.dropped << " dropped, " << sink.reconnects << " reconnects, " << sink.retries
              << " failed attempts");
    if (!sink.last_error.empty()) WARN(name << ": output " << target << ": " << sink.last_error);
  }
}

// Waits until a listener has bound its UDP port (SRT and UDP receivers), up to 5 s.
bool wait_udp_listener(int port) {
  const auto until = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < until) {
    if (pacecast_test::udp_port_bound(port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("rtmp: nginx restarted mid-stream, the stream resumes, file and render loop miss nothing",
          "[video][network]") {
  if (const std::string missing = pacecast_test::rtmp_server_missing(); !missing.empty()) {
    FAIL(missing << " (scripts/install-deps installs it)");
  }
  pacecast_test::RtmpServer server;
  if (!server.start()) FAIL(server.error());
  const std::string url = server.url("live/t");
  const auto dir = temp_dir("rtmp-restart");
  const std::string file = (dir / "program.ts").string();
  const PipelineOptions o = live_options({url, file}, 14);
  Pipeline pipeline(o, nullptr);

  const auto epoch = Clock::now();
  StreamReader reader(url, "flv", {{"rtmp_live", "live"}, {"rw_timeout", "3000000"}}, true, epoch);
  std::string state_during_outage;
  {
    PipelineThread running(pipeline);
    std::this_thread::sleep_until(epoch + std::chrono::seconds(4));
    server.stop();
    const double stopped_s = seconds_between(epoch, Clock::now());
    std::this_thread::sleep_until(epoch + std::chrono::milliseconds(5500));
    state_during_outage = find_sink(pipeline.stats(), "rtmp://")->state;
    std::this_thread::sleep_until(epoch + std::chrono::seconds(6));
    const double restarted_s = seconds_between(epoch, Clock::now());  // nginx start included
    if (!server.start()) FAIL(server.error());
    running.join();
    reader.stop();

    const Received got = reader.received();
    const auto before = std::count_if(got.video_s.begin(), got.video_s.end(),
                                      [&](double t) { return t < stopped_s; });
    const auto resumed = std::find_if(got.video_s.begin(), got.video_s.end(),
                                      [&](double t) { return t >= restarted_s; });
    const double resumed_s = resumed == got.video_s.end() ? -1 : *resumed;
    WARN("rtmp restart: nginx stopped at "
         << stopped_s << " s, started again at " << restarted_s << " s; video again at "
         << resumed_s << " s (" << (resumed_s - restarted_s) << " s after the restart); "
         << got.video_packets << " video packets over " << got.opens
         << " connections; while down: " << state_during_outage);
    CHECK(before > 100);  // the stream was flowing before the fault
    REQUIRE(resumed != got.video_s.end());
    CHECK(resumed_s - restarted_s <= 5.0);
    CHECK(got.video_codec == "h264");
    CHECK(state_during_outage.starts_with("retrying"));
  }
  const PipelineStats s = pipeline.stats();
  warn_stats("rtmp restart", s);
  const std::int64_t frames = 14 * 50;
  CHECK(s.ticks == frames);
  CHECK(s.dropped == 0);
  // A loop held up by the dead server (3 s timeouts) would be 150 ticks late; a machine
  // shared with a build may deschedule it for a moment, which makes a few late ticks.
  CHECK(s.late <= frames / 20);
  const SinkStats* rtmp = find_sink(s, "rtmp://");
  REQUIRE(rtmp != nullptr);
  CHECK(rtmp->reconnects == 1);  // the one loss, recovered
  CHECK(rtmp->retries >= 1);     // while nginx was down
  CHECK((rtmp->state == "sending" || rtmp->state == "finished"));
  const SinkStats* recording = find_sink(s, file);
  REQUIRE(recording != nullptr);
  CHECK(recording->dropped == 0);
  CHECK(recording->state == "finished");

  const FileVideo v = probe_file(file, o.format);
  WARN("rtmp restart: file " << v.frames << " frames, " << v.keyframes << " keyframes, " << v.gaps
                             << " gaps, " << v.audio_packets << " audio packets");
  CHECK(v.frames == frames);
  CHECK(v.monotonic);
  CHECK(v.gaps == 0);
  // Every 2 s, and one more when the RTMP sink reconnected and asked the encoder for one
  // (the encode is shared, so the file has it too).
  CHECK(v.keyframes >= 7);
  CHECK(v.keyframes <= 8);
  std::filesystem::remove_all(dir);  // kept when a REQUIRE stops the test, for a look
}

TEST_CASE("rtmp: with no server the loop runs its time, the sink retries, the file is whole",
          "[video][network]") {
  const int port = pacecast_test::free_loopback_port(pacecast_test::PortKind::tcp);
  REQUIRE(port > 0);
  const std::string url = "rtmp://127.0.0.1:" + std::to_string(port) + "/live/t";
  const auto dir = temp_dir("rtmp-absent");
  const std::string file = (dir / "program.mkv").string();
  const PipelineOptions o = live_options({url, file}, 6);
  Pipeline pipeline(o, nullptr);
  const auto t0 = Clock::now();
  pipeline.run();
  const double wall_s = seconds_between(t0, Clock::now());
  const PipelineStats s = pipeline.stats();
  WARN("rtmp absent: " << wall_s << " s for a 6 s run");
  warn_stats("rtmp absent", s);
  CHECK(wall_s < 6 + 2.0);  // finishing does not wait for the missing server
  CHECK(s.ticks == 300);
  CHECK(s.dropped == 0);
  CHECK(s.late <= 300 / 20);  // see above: a blocked loop would be far later
  const SinkStats* rtmp = find_sink(s, "rtmp://");
  REQUIRE(rtmp != nullptr);
  CHECK(rtmp->state.starts_with("retrying"));
  CHECK(rtmp->retries >= 3);     // 0.5 + 1 + 2 s of backoff fit in 6 s
  CHECK(rtmp->reconnects == 0);  // never connected, so nothing re-established
  CHECK(rtmp->packets == 0);
  CHECK(rtmp->last_error.find("refused") != std::string::npos);
  const FileVideo v = probe_file(file, o.format);
  CHECK(v.frames == 300);
  CHECK(v.monotonic);
  CHECK(v.gaps == 0);
  std::filesystem::remove_all(dir);
}

namespace {

// Sends 5 s to `url` while `reader` receives; checks H.264 + AAC and ≥ 90 % of the frames.
// `drain`: how long the reader may take to finish after the sender is done.
void check_received(const std::string& name, const std::string& url, StreamReader& reader,
                    std::chrono::milliseconds drain) {
  const PipelineOptions o = live_options({url}, 5);
  PipelineStats s;
  {
    Pipeline pipeline(o, nullptr);
    pipeline.run();
    s = pipeline.stats();
  }
  reader.wait_done(drain);
  reader.stop();
  const Received got = reader.received();
  WARN(name << ": received " << got.video_packets << " video (" << got.video_codec << ") and "
            << got.audio_packets << " audio (" << got.audio_codec << ") packets of 250 frames"
            << (got.last_error.empty() ? "" : "; the reader ended with " + got.last_error));
  warn_stats(name, s);
  CHECK(s.ticks == 250);
  CHECK(s.dropped == 0);
  CHECK(got.video_codec == "h264");
  CHECK(got.audio_codec == "aac");
  CHECK(got.video_packets >= 225);
  CHECK(got.video_packets <= 250);
  CHECK(got.audio_packets >= 200);  // 5 s of 1024-sample frames at 48 kHz: about 234
  REQUIRE(s.sinks.size() == 1);
  CHECK(s.sinks[0].reconnects == 0);
}

}  // namespace

TEST_CASE("srt: a 5 s stream reaches a local listener with its video and audio",
          "[video][network]") {
  const int port = pacecast_test::free_loopback_port(pacecast_test::PortKind::udp);
  REQUIRE(port > 0);
  const std::string base = "srt://127.0.0.1:" + std::to_string(port);
  StreamReader reader(base + "?mode=listener", "mpegts", {{"rw_timeout", "3000000"}}, false,
                      Clock::now());
  REQUIRE(wait_udp_listener(port));
  // The listener sees the end of the stream and finishes by itself.
  check_received("srt", base + "?mode=caller", reader, std::chrono::seconds(3));
}

TEST_CASE("udp: a 5 s mpegts stream reaches a local receiver with its video and audio",
          "[video][network]") {
  const int port = pacecast_test::free_loopback_port(pacecast_test::PortKind::udp);
  REQUIRE(port > 0);
  const std::string url = "udp://127.0.0.1:" + std::to_string(port);
  StreamReader reader(
      url, "mpegts",
      {{"rw_timeout", "2000000"}, {"buffer_size", "4194304"}, {"overrun_nonfatal", "1"}}, false,
      Clock::now());
  REQUIRE(wait_udp_listener(port));
  // UDP has no end of stream: the receiver never sees the last frame complete (the
  // demuxer emits a frame when the next one starts), so 249 of 250 is all there is.
  check_received("udp", url, reader, std::chrono::milliseconds(500));
}

TEST_CASE("udp: every datagram carries whole 188-byte TS packets", "[video][network]") {
  // Receivers and hardware decoders take mpegts over UDP only in whole TS packets per
  // datagram (7 × 188 = 1316 bytes); a datagram that splits one loses two when dropped.
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const timeval wait{0, 200'000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  const int buffer = 4 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  std::atomic<bool> stop{false};
  std::map<long, int> sizes;  // datagram size → count
  std::thread receiver([&] {
    std::vector<char> data(65536);
    while (!stop) {
      const long n = ::recv(fd, data.data(), data.size(), 0);
      if (n > 0) ++sizes[n];
    }
  });
  {
    Pipeline pipeline(live_options({"udp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port))}, 2),
                      nullptr);
    pipeline.run();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  receiver.join();
  ::close(fd);
  int total = 0, split = 0;
  std::string seen;
  for (const auto& [size, count] : sizes) {
    total += count;
    if (size % 188 != 0) split += count;
    seen += " " + std::to_string(size) + "×" + std::to_string(count);
  }
  WARN("udp datagrams (bytes×count):" << seen);
  CHECK(total > 100);
  CHECK(split == 0);
  CHECK(sizes.rbegin()->first <= 1316);
}

}  // namespace network_test
