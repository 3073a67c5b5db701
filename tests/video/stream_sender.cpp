#include "stream_sender.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace pacecast_test {

std::string ffmpeg_missing() {
  return std::system("ffmpeg -hide_banner -version >/dev/null 2>&1") == 0
             ? std::string()
             : std::string("ffmpeg is not on PATH (apt ffmpeg)");
}

StreamSender::StreamSender(std::string url)
    : url_(std::move(url)),
      log_(std::filesystem::temp_directory_path() /
           ("pacecast-sender-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".log")) {}

StreamSender::~StreamSender() {
  kill();
  std::error_code ignored;
  std::filesystem::remove(log_, ignored);
}

bool StreamSender::start(double ts_offset_s) {
  kill();
  // Small and cheap to encode: a 2-core machine also runs the input under test. A keyframe
  // every half second and no B-frames, so a receiver that joins late has a picture soon.
  std::vector<std::string> args = {"ffmpeg",   "-hide_banner",
                                   "-nostdin", "-loglevel",
                                   "error",    "-re",
                                   "-f",       "lavfi",
                                   "-i",       "testsrc2=size=320x180:rate=25",
                                   "-f",       "lavfi",
                                   "-i",       "sine=frequency=440:sample_rate=48000",
                                   "-vf",      "drawbox=x=0:y=0:w=80:h=180:color=red:t=fill",
                                   "-c:v",     "libx264",
                                   "-preset",  "ultrafast",
                                   "-tune",    "zerolatency",
                                   "-g",       "12",
                                   "-bf",      "0",
                                   "-pix_fmt", "yuv420p",
                                   "-c:a",     "mp2",
                                   "-b:a",     "128k"};
  if (ts_offset_s != 0) {
    args.insert(args.end(), {"-output_ts_offset", std::to_string(ts_offset_s)});
  }
  args.insert(args.end(), {"-f", "mpegts", url_});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    error_ = "fork failed: " + std::string(std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    const int log_fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null_fd >= 0) {
      ::dup2(null_fd, 0);
      ::dup2(null_fd, 1);
    }
    if (log_fd >= 0) ::dup2(log_fd, 2);
    ::execvp("ffmpeg", argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  return true;
}

void StreamSender::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

bool StreamSender::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = 0;
    error_ = "ffmpeg exited with status " + std::to_string(WEXITSTATUS(status));
    return false;
  }
  return true;
}

std::string StreamSender::error() const {
  std::ifstream in(log_);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.size() > 2000) text = "…" + text.substr(text.size() - 2000);
  return error_ + (text.empty() ? "" : "; ffmpeg said: " + text);
}

}  // namespace pacecast_test
