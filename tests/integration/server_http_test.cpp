// A real `dpc serve` on a fresh database, spoken to over real HTTP.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

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
                                 {"DPC_WEB_ROOT", DPC_SOURCE_DIR "/tests/data/web-root"}},
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
  // Encoded traversal, as a browser-less client would send it, never leaves the web root.
  for (const char* path : {"/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e%2f%2e%2e%2fetc/passwd",
                           "/..%5c..%5cetc/passwd", "/static/..%2f..%2f..%2fetc/passwd"}) {
    auto r = http_request(port_, "GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
  }
}

// The built web apps over real HTTP: hashed assets cached forever, html never, the gzip
// variant when accepted, an app's client routes to its index.html, anything else a 404.
TEST_F(ServerHttpTest, ServesTheWebAppsFilesWithCachingAndFallbacks) {
  auto js = http_request(port_, "GET", "/assets/app-1a2b3c.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(js.body, "console.log(\"dpc test asset\");\n");
  EXPECT_EQ(js.headers.count("content-encoding"), 0u);
  auto gz = http_request(port_, "GET", "/assets/app-1a2b3c.js", "", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_EQ(gz.headers["vary"], "Accept-Encoding");
  ASSERT_GE(gz.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz.body[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>(gz.body[1]), 0x8b);
  EXPECT_EQ(http_request(port_, "GET", "/").headers["cache-control"], "no-cache");
  auto route = http_request(port_, "GET", "/tasklist/task/4711");
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("tasklist app"), std::string::npos);
  EXPECT_EQ(route.headers["cache-control"], "no-cache");
  for (const char* missing : {"/tasklist/missing.js", "/assets/missing.js", "/cockpit/x", "/no-such-page"}) {
    EXPECT_EQ(http_request(port_, "GET", missing).status, 404) << missing;
  }
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

// Security headers: on an API answer, a static file and an error; the web app's policy lets
// bpmn-js use inline styles and data: images, the API's lets nothing load. No HSTS without TLS.
TEST_F(ServerHttpTest, EveryAnswerCarriesSecurityHeaders) {
  struct Case {
    std::string target;
    int status;
    std::string policy;
  } cases[] = {
      {"/engine-rest/engine", 200, "default-src 'none'; frame-ancestors 'none'"},
      {"/engine-rest/no-such-resource", 404, "default-src 'none'; frame-ancestors 'none'"},
      {"/", 200,
       "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'"},
  };
  for (const auto& c : cases) {
    auto r = http_request(port_, "GET", c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    EXPECT_EQ(r.headers["content-security-policy"], c.policy) << c.target;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << c.target;
    EXPECT_EQ(r.headers["x-frame-options"], "DENY") << c.target;
    EXPECT_EQ(r.headers["referrer-policy"], "same-origin") << c.target;
    EXPECT_EQ(r.headers.count("strict-transport-security"), 0u) << c.target;
  }
  std::string big(10000, 'x');  // an error answered before any handler: 413
  auto r = http_request(port_, "POST", "/engine-rest/engine", big, {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(r.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
}

// The Access-Control-* headers of an answer.
std::map<std::string, std::string> cors_headers(const HttpResponse& r) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : r.headers) {
    if (name.starts_with("access-control-") || name == "vary") out[name] = value;
  }
  return out;
}

HttpResponse preflight(int port, const std::string& origin) {
  return http_request(port, "OPTIONS", "/engine-rest/engine", "",
                      {{"Origin", origin},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "authorization, content-type"}});
}

TEST_F(ServerHttpTest, WithoutConfiguredOriginsNoCorsAtAll) {
  auto pre = preflight(port_, "https://evil.example");
  EXPECT_NE(pre.status, 0);
  EXPECT_NE(pre.status, 204);
  EXPECT_EQ(cors_headers(pre), (std::map<std::string, std::string>{}));
  auto get = http_request(port_, "GET", "/engine-rest/engine", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(cors_headers(get), (std::map<std::string, std::string>{}));
}

TEST_F(ServerHttpTest, ConfiguredOriginsGetCorsOthersNothing) {
  int port = free_port();
  std::string log = "/tmp/dpc-cors-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess p({"serve", "--cors-origins", "https://app.example.com,http://localhost:3000"},
                  {{"DPC_DATABASE_URL", "host=/nonexistent-dpc-socket-dir port=5432 user=dpc "
                                        "dbname=dpc connect_timeout=2"},
                   {"DPC_PORT", std::to_string(port)}},
                  "", log);
  ASSERT_TRUE(p.wait_for_health(port, 30s, 503)) << p.log();

  auto pre = preflight(port, "http://localhost:3000");
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(cors_headers(pre),
            (std::map<std::string, std::string>{
                {"access-control-allow-origin", "http://localhost:3000"},
                {"access-control-allow-credentials", "true"},
                {"access-control-allow-methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
                {"access-control-allow-headers", "Authorization, Content-Type, X-XSRF-TOKEN"},
                {"access-control-max-age", "600"},
                {"vary", "Origin"}}));
  auto get = http_request(port, "GET", "/engine-rest/engine", "", {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(cors_headers(get), (std::map<std::string, std::string>{
                                   {"access-control-allow-origin", "https://app.example.com"},
                                   {"access-control-allow-credentials", "true"},
                                   {"vary", "Origin"}}));
  // An error answer to a listed origin is readable too (the page can show it).
  // (The server has no database here, so the error is the 401 of a request without credentials.)
  auto missing = http_request(port, "GET", "/engine-rest/no-such-resource", "",
                              {{"Origin", "https://app.example.com"}, {"Authorization", ""}});
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.headers["access-control-allow-origin"], "https://app.example.com");

  // Unlisted: another host, another scheme, another port; no preflight approval, no headers.
  for (std::string origin : {"https://evil.example", "http://app.example.com", "http://localhost:3001"}) {
    auto unlisted_pre = preflight(port, origin);
    EXPECT_NE(unlisted_pre.status, 204) << origin;
    EXPECT_EQ(cors_headers(unlisted_pre), (std::map<std::string, std::string>{})) << origin;
    auto unlisted = http_request(port, "GET", "/engine-rest/engine", "", {{"Origin", origin}});
    EXPECT_EQ(unlisted.status, 200) << origin;
    EXPECT_EQ(cors_headers(unlisted), (std::map<std::string, std::string>{})) << origin;
  }
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait_exit(20s), 0);
}

// The access log (on in this suite's server) names method and path only: no query, no
// credentials, no cookie, no body, whatever the request carries and however it ends.
TEST_F(ServerHttpTest, AccessLogHoldsNoSecrets) {
  // "demo:s3cr3t-basic" in Base64.
  const std::string basic = "ZGVtbzpzM2NyM3QtYmFzaWM=";
  std::map<std::string, std::string> headers = {
      {"Authorization", "Basic " + basic},
      {"Cookie", "DPC_SESSION=s3cr3t-cookie; XSRF-TOKEN=s3cr3t-xsrf"},
      {"X-XSRF-TOKEN", "s3cr3t-xsrf"},
      {"Content-Type", "application/json"}};
  std::string body = R"({"password":"s3cr3t-body","variables":{"password":{"value":"s3cr3t-var","type":"String"}}})";
  std::vector<std::string> targets = {
      "/engine-rest/process-definition/key/no_such_process/start?password=s3cr3t-query",
      "/engine-rest/engine?password=s3cr3t-query",
      "/engine-rest/no-such-resource?password=s3cr3t-query",
      "/index.html?password=s3cr3t-query"};
  for (const auto& target : targets) {
    EXPECT_NE(http_request(port_, "POST", target, body, headers).status, 0) << target;
    EXPECT_NE(http_request(port_, "GET", target, "", headers).status, 0) << target;
  }
  // Each request has its line (so the log is on and written), and no line a secret.
  std::string log;
  for (int i = 0; i < 50; ++i) {
    log = server_->log();
    if (log.find("GET /index.html ") != std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  for (const auto& target : targets) {
    std::string path = target.substr(0, target.find('?'));
    EXPECT_NE(log.find("POST " + path + " "), std::string::npos) << path << "\n" << log;
    EXPECT_NE(log.find("GET " + path + " "), std::string::npos) << path << "\n" << log;
  }
  for (std::string secret : {std::string("s3cr3t"), basic, std::string("password"),
                             std::string("Basic"), std::string("DPC_SESSION")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << "\n" << log;
  }
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
