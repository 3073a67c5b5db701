// Process: a child process for process-level tests (`pacecast` or a Python peer) with its
// stdout and stderr in files of a scratch directory. Owned by one test case on the test's
// thread; the destructor kills and reaps the child. Waits poll the files, never sleep blind.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace test_process {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline constexpr auto kPollInterval = 5ms;
inline constexpr auto kDefaultTimeout = 60s;
inline constexpr std::size_t kReportBytes = 12000;

// The end of `text`, at most kReportBytes, saying how much was left out.
inline std::string tail(const std::string& text) {
  if (text.size() <= kReportBytes) return text;
  return "[... " + std::to_string(text.size() - kReportBytes) + " bytes before ...]" +
         text.substr(text.size() - kReportBytes);
}

// The pacecast executable under test.
inline std::string pacecast_binary() {
  return std::string(PACECAST_BINARY_DIR) + "/pacecast";
}

// A fresh, empty directory for one test under the build tree.
inline fs::path scratch_dir(const std::string& name) {
  const fs::path dir = fs::path(PACECAST_BINARY_DIR) / "test-scratch" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The command line as a shell would show it, for messages.
inline std::string join(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

class Process {
 public:
  // Starts `argv` (argv[0] is the program path) with stdout to DIR/NAME.out, stderr to
  // DIR/NAME.err and stdin from /dev/null. FAILs the test when the program cannot start.
  Process(std::vector<std::string> argv, const fs::path& dir, const std::string& name)
      : argv_(std::move(argv)), out_path_(dir / (name + ".out")), err_path_(dir / (name + ".err")) {
    std::vector<char*> args;
    for (auto& a : argv_) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      FAIL("cannot start `" << join(argv_) << "`: " << std::strerror(rc));
    }
  }
  ~Process() {
    if (pid_ > 0 && !exit_status_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  std::string out() const { return read_file(out_path_); }
  std::string err() const { return read_file(err_path_); }
  const fs::path& out_path() const { return out_path_; }
  const fs::path& err_path() const { return err_path_; }
  std::string command() const { return join(argv_); }

  // What the process wrote so far (the last kReportBytes of each stream), for failure
  // messages.
  std::string report() const {
    return "command: " + command() + "\n--- stdout (" + out_path_.string() + ")\n" + tail(out()) +
           "--- stderr (" + err_path_.string() + ")\n" + tail(err());
  }

  // The groups of a regex match in one line: [0] the whole match, [1]... the groups.
  using Groups = std::vector<std::string>;

  // Waits until a line of stderr or stdout matches `pattern` (ECMAScript regex, searched in
  // each line) and `accept` returns true for its groups; returns those groups. FAILs with
  // the output when the process exits first or when `timeout` runs out.
  Groups wait_for_output(const std::string& pattern,
                         const std::function<bool(const Groups&)>& accept = nullptr,
                         std::chrono::milliseconds timeout = kDefaultTimeout) {
    const std::regex re(pattern);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const bool exited = !running();  // read the files after: nothing can come later
      for (const auto& path : {err_path_, out_path_}) {
        for (auto& g : matches(read_file(path), re))
          if (!accept || accept(g)) return g;
      }
      if (exited) FAIL("`" << pattern << "` never came; the process exited\n" << report());
      if (std::chrono::steady_clock::now() > deadline)
        FAIL("`" << pattern << "` did not come within " << timeout.count() << " ms\n" << report());
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  // Every line of stderr, then of stdout, that matches `pattern`, as groups.
  std::vector<Groups> all_matches(const std::string& pattern) const {
    const std::regex re(pattern);
    auto found = matches(err(), re);
    for (auto& g : matches(out(), re)) found.push_back(std::move(g));
    return found;
  }

  void signal(int sig) {
    if (pid_ > 0 && !exit_status_) ::kill(pid_, sig);
  }

  // Whether the child still runs (reaps it when it has exited).
  bool running() {
    if (pid_ <= 0 || exit_status_) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) exit_status_ = status;
    return r == 0;
  }

  // Waits for the exit and returns the exit code, or 128 + N when killed by signal N.
  // On timeout: kills the child and FAILs with its output.
  int wait(std::chrono::milliseconds timeout = kDefaultTimeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        exit_status_ = status;
        FAIL("did not exit within " << timeout.count() << " ms; killed\n" << report());
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    if (!exit_status_) return -1;
    const int s = *exit_status_;
    return WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
  }

  // SIGKILL and reap; returns once the process is gone (its sockets closed).
  void kill() {
    signal(SIGKILL);
    wait();
  }

  pid_t pid() const { return pid_; }

 private:
  static std::vector<Groups> matches(const std::string& text, const std::regex& re) {
    std::vector<Groups> found;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (!std::regex_search(line, m, re)) continue;
      found.emplace_back(m.begin(), m.end());
    }
    return found;
  }

  std::vector<std::string> argv_;
  fs::path out_path_, err_path_;
  pid_t pid_ = -1;
  std::optional<int> exit_status_;  // the waitpid status once reaped
};

// `pacecast ARGS...` as a Process named `name` in `dir`.
inline std::unique_ptr<Process> pacecast(const std::vector<std::string>& args, const fs::path& dir,
                                         const std::string& name) {
  std::vector<std::string> argv{pacecast_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<Process>(std::move(argv), dir, name);
}

}  // namespace test_process
