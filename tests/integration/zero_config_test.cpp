// `dpc serve` with no database configured runs a private PostgreSQL in ./var/pg: created on
// first start, reused after, stopped with the server, and robust to a SIGKILLed server.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <pqxx/pqxx>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// PIDs of processes whose command line mentions `needle` (postgres started on that folder).
std::vector<int> processes_mentioning(const std::string& needle) {
  std::vector<int> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string cmd = ss.str();
    if (cmd.find(needle) != std::string::npos && cmd.find("postgres") != std::string::npos) {
      pids.push_back(std::stoi(name));
    }
  }
  return pids;
}

bool wait_no_postgres(const std::string& dir, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (processes_mentioning(dir).empty()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

class ZeroConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dpc-zero-XXXXXX";
    dir_ = mkdtemp(tmpl);
    chmod(dir_.c_str(), 0755);  // as root, postgres runs as user postgres and must enter it
  }
  void TearDown() override {
    // Whatever happened, leave no server behind.
    for (int pid : processes_mentioning(dir_)) kill(pid, SIGKILL);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::unique_ptr<ServerProcess> start(int port, const std::string& log_name) {
    return std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--port", std::to_string(port)},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", ""}, {"DPC_DATA_DIR", ""}},
        dir_, dir_ + "/" + log_name);
  }
  std::string pg_dir() const { return dir_ + "/var/pg"; }
  std::string socket_url() const { return "host=" + pg_dir() + " port=5432 user=dpc dbname=dpc"; }
  std::string dir_;
};

TEST_F(ZeroConfigTest, CreatesReusesStopsAndSurvivesSigkill) {
  int port = free_port();
  // 1. First start in an empty folder creates the cluster.
  auto first = start(port, "first.log");
  ASSERT_TRUE(first->wait_for_health(port, 60s)) << first->log();
  EXPECT_TRUE(fs::exists(pg_dir() + "/cluster/PG_VERSION"));
  EXPECT_NE(first->log().find("creating PostgreSQL cluster"), std::string::npos);
  EXPECT_FALSE(processes_mentioning(pg_dir()).empty());
  {
    pqxx::connection c(socket_url());
    pqxx::work tx(c);
    tx.exec("CREATE TABLE marker (v text); INSERT INTO marker VALUES ('kept')");
    tx.commit();
  }
  // 2. SIGTERM stops the server and its PostgreSQL.
  first->signal(SIGTERM);
  EXPECT_EQ(first->wait_exit(30s), 0) << first->log();
  EXPECT_TRUE(wait_no_postgres(pg_dir(), 5s)) << "postgres still running after SIGTERM";

  // 3. A second start reuses the cluster: the data is still there.
  auto second = start(port, "second.log");
  ASSERT_TRUE(second->wait_for_health(port, 60s)) << second->log();
  EXPECT_NE(second->log().find("reusing PostgreSQL cluster"), std::string::npos);
  {
    pqxx::connection c(socket_url());
    pqxx::nontransaction tx(c);
    EXPECT_EQ(tx.exec("SELECT v FROM marker")[0][0].as<std::string>(), "kept");
  }
  // 4. SIGKILL: no chance to clean up. The next start must still work.
  second->signal(SIGKILL);
  EXPECT_EQ(second->wait_exit(10s), 128 + SIGKILL);
  auto third = start(port, "third.log");
  ASSERT_TRUE(third->wait_for_health(port, 60s)) << third->log();
  auto body = http_request(port, "GET", "/health").body;
  EXPECT_NE(body.find("\"UP\""), std::string::npos);
  third->signal(SIGTERM);
  EXPECT_EQ(third->wait_exit(30s), 0) << third->log();
  EXPECT_TRUE(wait_no_postgres(pg_dir(), 5s));
}

TEST_F(ZeroConfigTest, StalePidFileFromADeadProcessIsHandled) {
  int port = free_port();
  auto first = start(port, "first.log");
  ASSERT_TRUE(first->wait_for_health(port, 60s)) << first->log();
  first->signal(SIGTERM);
  ASSERT_EQ(first->wait_exit(30s), 0) << first->log();
  ASSERT_TRUE(wait_no_postgres(pg_dir(), 5s));
  // A postmaster.pid naming a process that is not postgres (here: this test).
  {
    std::ofstream pid_file(pg_dir() + "/cluster/postmaster.pid");
    pid_file << getpid() << "\n" << pg_dir() << "/cluster\n";
  }
  auto second = start(port, "second.log");
  ASSERT_TRUE(second->wait_for_health(port, 60s)) << second->log();
  EXPECT_NE(second->log().find("removed stale"), std::string::npos) << second->log();
  second->signal(SIGTERM);
  EXPECT_EQ(second->wait_exit(30s), 0) << second->log();
}

}  // namespace
