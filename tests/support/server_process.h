// Runs the real `dpc` binary as a child process for integration tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dpc::test {

// Path of the dpc binary under test (compiled in by CMake).
std::string dpc_binary();

class ServerProcess {
 public:
  // Starts `dpc <args>` in `cwd` with extra environment variables; output goes to `log_path`.
  ServerProcess(std::vector<std::string> args, std::map<std::string, std::string> env,
                std::string cwd, std::string log_path);
  ~ServerProcess();  // SIGKILLs the process if still running

  pid_t pid() const { return pid_; }
  // Polls GET /health until it answers `want_status` (200 by default) or the time is up.
  bool wait_for_health(int port, std::chrono::milliseconds timeout, int want_status = 200);
  void signal(int sig);
  // Waits for exit; returns the exit code (128+signal if killed), nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

// A `dpc serve` for a test suite: a fresh test database named after `name`, no samples, no
// access log, the log in /tmp/dpc-<name>-<pid>.log. Started and healthy within 30 s, else the
// test fails (the returned process is then not healthy). `database_url`, when given, receives
// the test database's connection string (for checks straight in the tables).
ServerProcess* start_test_server(const std::string& name, int port,
                                 std::string* database_url = nullptr);
// SIGTERM, expect a clean exit within 20 s, delete.
void stop_test_server(ServerProcess*& server);

// Runs `dpc <args>` to completion; returns exit code and combined output.
std::pair<int, std::string> run_dpc(const std::vector<std::string>& args,
                                    const std::map<std::string, std::string>& env = {});

// Creates a fresh, empty database in the test cluster (DPC_TEST_DATABASE_URL: a libpq
// connection string without dbname, e.g. "host=/tmp/x port=5432 user=dpc") and returns
// its connection string. Fails the test when the variable is missing.
std::string create_test_database(const std::string& prefix);
// The test cluster's connection string (to its maintenance database).
std::string test_cluster_url();

}  // namespace dpc::test
