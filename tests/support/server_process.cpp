#include "server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <pqxx/pqxx>

#include "http_client.h"

namespace dpc::test {

std::string dpc_binary() { return DPC_BINARY_PATH; }

ServerProcess::ServerProcess(std::vector<std::string> args,
                             std::map<std::string, std::string> env, std::string cwd,
                             std::string log_path)
    : log_path_(std::move(log_path)) {
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ != 0) return;
  // A test that crashes must not leave its server behind: it gets SIGTERM with its parent.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(121);
  if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(120);
  int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  // Every test server has the test administrator (created on first start; a test may
  // override or empty these).
  setenv("DPC_ADMIN_USER", kTestAdminUser, 1);
  setenv("DPC_ADMIN_PASSWORD", kTestAdminPassword, 1);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::string bin = dpc_binary();
  std::vector<char*> argv{bin.data()};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool ServerProcess::wait_for_health(int port, std::chrono::milliseconds timeout,
                                    int want_status) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (http_request(port, "GET", "/health").status == want_status) return true;
    int status;
    if (pid_ > 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServerProcess::signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::pair<int, std::string> run_dpc(const std::vector<std::string>& args,
                                    const std::map<std::string, std::string>& env) {
  std::string log = "/tmp/dpc-run-" + std::to_string(getpid()) + "-" +
                    std::to_string(std::random_device{}()) + ".log";
  ServerProcess p(args, env, "", log);
  auto code = p.wait_exit(std::chrono::seconds(60));
  std::string out = p.log();
  unlink(log.c_str());
  return {code.value_or(-1), out};
}

std::string test_cluster_url() {
  const char* url = std::getenv("DPC_TEST_DATABASE_URL");
  if (!url || !*url) {
    throw std::runtime_error(
        "DPC_TEST_DATABASE_URL is not set: run the tests with scripts/test.sh or ctest, which "
        "start a throwaway PostgreSQL");
  }
  return url;
}

std::string create_test_database(const std::string& prefix) {
  std::string base = test_cluster_url();
  std::string name = prefix + "_" + std::to_string(getpid()) + "_" +
                     std::to_string(std::random_device{}() % 1000000);
  pqxx::connection admin(base + " dbname=postgres");
  pqxx::nontransaction tx(admin);
  tx.exec("CREATE DATABASE " + tx.quote_name(name));
  return base + " dbname=" + name;
}

ServerProcess* start_test_server(const std::string& name, int port, std::string* database_url) {
  std::string log = "/tmp/dpc-" + name + "-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  std::string url = create_test_database(name);
  if (database_url) *database_url = url;
  auto* server = new ServerProcess({"serve", "--no-access-log"},
                                   {{"DPC_DATABASE_URL", url},
                                    {"DPC_PORT", std::to_string(port)},
                                    {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                   "", log);
  EXPECT_TRUE(server->wait_for_health(port, std::chrono::seconds(30))) << server->log();
  return server;
}

void stop_test_server(ServerProcess*& server) {
  if (!server) return;
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait_exit(std::chrono::seconds(20)), 0) << server->log();
  delete server;
  server = nullptr;
}

}  // namespace dpc::test
