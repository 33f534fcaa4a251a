// A real `dpc serve` on a fresh database, spoken to over real HTTP.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

class ServerHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-server-http-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    server_ = new ServerProcess({"serve", "--max-body", "4096"},
                                {{"DPC_DATABASE_URL", create_test_database("http")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_WEB_ROOT", DPC_SOURCE_DIR "/web/static"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    EXPECT_EQ(server_->wait_exit(20s), 0);
    delete server_;
  }
  static int port_;
  static ServerProcess* server_;
};
int ServerHttpTest::port_ = 0;
ServerProcess* ServerHttpTest::server_ = nullptr;

TEST_F(ServerHttpTest, EngineListsTheDefaultEngine) {
  auto r = http_request(port_, "GET", "/engine-rest/engine");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(json::parse(r.body), json::parse(R"([{"name":"default"}])"));
}

TEST_F(ServerHttpTest, VersionIsTheCamundaApiVersion) {
  auto r = http_request(port_, "GET", "/engine-rest/version");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["version"], "7.24.0");
}

TEST_F(ServerHttpTest, HealthReportsDatabaseAndMigrations) {
  auto r = http_request(port_, "GET", "/health");
  ASSERT_EQ(r.status, 200);
  auto body = json::parse(r.body);
  EXPECT_EQ(body["status"], "UP");
  EXPECT_EQ(body["database"]["status"], "UP");
  EXPECT_GE(body["migrations"]["expected"].get<int>(), 1);
  EXPECT_EQ(body["migrations"]["applied"], body["migrations"]["expected"]);
}

TEST_F(ServerHttpTest, UnknownApiPathIs404InCamundaErrorShape) {
  auto r = http_request(port_, "GET", "/engine-rest/no-such-resource");
  EXPECT_EQ(r.status, 404);
  auto body = json::parse(r.body);
  EXPECT_TRUE(body["type"].is_string());
  EXPECT_NE(body["message"].get<std::string>().find("/engine-rest/no-such-resource"),
            std::string::npos);
  EXPECT_EQ(body["code"], 0);
}

TEST_F(ServerHttpTest, WrongMethodIs405WithAllow) {
  auto r = http_request(port_, "DELETE", "/engine-rest/engine");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "GET");
  EXPECT_TRUE(json::parse(r.body).contains("message"));
}

TEST_F(ServerHttpTest, OversizedBodyIs413) {
  std::string big(10000, 'x');
  auto r = http_request(port_, "POST", "/engine-rest/engine", big,
                        {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 413);
  auto body = json::parse(r.body);
  EXPECT_NE(body["message"].get<std::string>().find("4096"), std::string::npos);
}

TEST_F(ServerHttpTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpConnection conn(port_);
  ASSERT_TRUE(conn.connected());
  for (int i = 0; i < 5; ++i) {
    auto r = conn.request("GET", "/engine-rest/engine");
    ASSERT_EQ(r.status, 200) << "request " << i;
    EXPECT_EQ(r.body, R"([{"name":"default"}])");
  }
}

TEST_F(ServerHttpTest, ServesTheWebAppAtRoot) {
  auto r = http_request(port_, "GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("dpc"), std::string::npos);
  EXPECT_EQ(http_request(port_, "GET", "/../../etc/passwd").status, 404);
}

TEST_F(ServerHttpTest, ServerWithUnreachableDatabaseStillAnswersAndReportsIt) {
  int port = free_port();
  std::string log = "/tmp/dpc-unreachable-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess p({"serve"},
                  {{"DPC_DATABASE_URL", "host=/nonexistent-dpc-socket-dir port=5432 user=dpc "
                                        "dbname=dpc connect_timeout=2"},
                   {"DPC_PORT", std::to_string(port)}},
                  "", log);
  ASSERT_TRUE(p.wait_for_health(port, 30s, 503)) << p.log();
  auto body = json::parse(http_request(port, "GET", "/health").body);
  EXPECT_EQ(body["status"], "DOWN");
  EXPECT_EQ(body["database"]["status"], "DOWN");
  EXPECT_NE(body["database"]["error"].get<std::string>().find("unreachable"), std::string::npos);
  EXPECT_EQ(http_request(port, "GET", "/engine-rest/engine").status, 200);
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait_exit(20s), 0);
}

// Seconds until the server closes `fd` (recv returns 0 or an error), reading what it sends.
double seconds_until_closed(int fd, std::string* received) {
  auto started = std::chrono::steady_clock::now();
  char buf[4096];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    received->append(buf, static_cast<size_t>(n));
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

TEST_F(ServerHttpTest, ReadAndIdleTimeoutsCloseConnections) {
  int port = free_port();
  std::string log = "/tmp/dpc-timeouts-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess p({"serve", "--read-timeout", "1", "--idle-timeout", "3"},
                  {{"DPC_DATABASE_URL", "host=/nonexistent-dpc-socket-dir port=5432 user=dpc "
                                        "dbname=dpc connect_timeout=2"},
                   {"DPC_PORT", std::to_string(port)}},
                  "", log);
  ASSERT_TRUE(p.wait_for_health(port, 30s, 503)) << p.log();

  // Half a request: closed after the read timeout (1 s, checked once a second), unanswered.
  int half = connect_to(port);
  ASSERT_GE(half, 0);
  std::string partial = "GET /engine-rest/engine HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(send(half, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  std::string got;
  double waited = seconds_until_closed(half, &got);
  close(half);
  EXPECT_GE(waited, 0.9);
  EXPECT_LT(waited, 3.5);  // (connect_to's reads give up after 30 s)
  EXPECT_EQ(got, "");

  // A keep-alive connection: its first request answered, then closed after the idle
  // timeout (3 s), not after the read timeout.
  int idle = connect_to(port);
  ASSERT_GE(idle, 0);
  std::string full = "GET /engine-rest/engine HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(idle, full.data(), full.size(), 0), static_cast<ssize_t>(full.size()));
  waited = seconds_until_closed(idle, &got);
  close(idle);
  EXPECT_NE(got.find("200 OK"), std::string::npos) << got;
  EXPECT_GE(waited, 2.5);
  EXPECT_LT(waited, 5.5);

  // A connection that keeps sending requests in time stays open past both timeouts.
  HttpConnection busy(port);
  ASSERT_TRUE(busy.connected());
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(busy.request("GET", "/engine-rest/engine").status, 200) << "request " << i;
    std::this_thread::sleep_for(700ms);
  }
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait_exit(20s), 0);
}

}  // namespace
