// dpc serve with --tls-cert/--tls-key: real TLS handshakes (OpenSSL client, a certificate
// made at test time), HSTS, plain HTTP refused, TLS 1.1 refused, instance starts answered
// by the group commit's writer thread through the TLS stream (concurrently, on keep-alive
// connections), and start-up failing clearly on bad TLS files.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"
#include "tls_client.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const char* kStraight = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="tls_straight" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:expression="${amount * 2}" camunda:resultVariable="doubled"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";

// A folder of its own for the run's certificates.
std::string temp_dir() {
  std::string dir = "/tmp/dpc-tls-" + std::to_string(getpid());
  mkdir(dir.c_str(), 0700);
  return dir;
}

// A dpc serve whose database is unreachable (these checks need none).
ServerProcess* start_without_database(std::vector<std::string> args, int port, const std::string& log) {
  unlink(log.c_str());
  return new ServerProcess(std::move(args),
                           {{"DPC_DATABASE_URL", "host=/nonexistent-dpc-socket-dir port=5432 user=dpc "
                                                 "dbname=dpc connect_timeout=2"},
                            {"DPC_PORT", std::to_string(port)}},
                           "", log);
}

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = temp_dir();
    cert_ = dir_ + "/cert.pem";
    std::string error;
    ASSERT_TRUE(make_self_signed_certificate(cert_, dir_ + "/key.pem", &error)) << error;
    port_ = free_port();
    std::string log = "/tmp/dpc-tls-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    server_ = new ServerProcess({"serve", "--tls-cert", cert_},
                                {{"DPC_TLS_KEY", dir_ + "/key.pem"},
                                 {"DPC_DATABASE_URL", create_test_database("tls")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"},
                                 {"DPC_WEB_ROOT", DPC_SOURCE_DIR "/tests/data/web-root"}},
                                "", log);
    bool healthy = false;
    for (auto until = std::chrono::steady_clock::now() + 30s; !healthy && std::chrono::steady_clock::now() < until;) {
      healthy = https_request(port_, cert_, "GET", "/health").status == 200;
      if (!healthy) std::this_thread::sleep_for(100ms);
    }
    ASSERT_TRUE(healthy) << server_->log();
  }
  static void TearDownTestSuite() {
    if (!server_) return;
    server_->signal(SIGTERM);
    EXPECT_EQ(server_->wait_exit(20s), 0) << server_->log();
    delete server_;
  }
  static std::string dir_, cert_;
  static int port_;
  static ServerProcess* server_;
};
std::string TlsTest::dir_, TlsTest::cert_;
int TlsTest::port_ = 0;
ServerProcess* TlsTest::server_ = nullptr;

TEST_F(TlsTest, AnswersOverTlsWithHsts) {
  TlsConnection c(port_, cert_);
  ASSERT_TRUE(c.connected()) << c.error();
  EXPECT_TRUE(c.protocol() == "TLSv1.3" || c.protocol() == "TLSv1.2") << c.protocol();
  auto health = c.request("GET", "/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["status"], "UP");
  EXPECT_EQ(health.headers["strict-transport-security"], "max-age=31536000");
  auto engine = c.request("GET", "/engine-rest/engine");  // the same connection: keep-alive
  EXPECT_EQ(engine.status, 200);
  EXPECT_EQ(json::parse(engine.body), json::parse(R"([{"name":"default"}])"));
  EXPECT_EQ(engine.headers["strict-transport-security"], "max-age=31536000");
  EXPECT_EQ(engine.headers["x-content-type-options"], "nosniff");
  auto page = c.request("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["strict-transport-security"], "max-age=31536000");
  EXPECT_NE(server_->log().find("listening on https://"), std::string::npos) << server_->log();
}

TEST_F(TlsTest, PlainHttpToTheTlsPortGetsNoHttpAnswer) {
  int fd = connect_to(port_);
  ASSERT_GE(fd, 0);
  std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) got.append(buf, static_cast<size_t>(n));
  close(fd);
  EXPECT_EQ(got.find("HTTP/"), std::string::npos) << got;
  // And the server still serves TLS clients.
  EXPECT_EQ(https_request(port_, cert_, "GET", "/health").status, 200);
}

TEST_F(TlsTest, ProtocolsOlderThanTls12AreRefused) {
  TlsConnection old(port_, cert_, TLS1_1_VERSION);
  EXPECT_FALSE(old.connected()) << old.protocol();
  TlsConnection current(port_, cert_, TLS1_2_VERSION);
  ASSERT_TRUE(current.connected()) << current.error();
  EXPECT_EQ(current.protocol(), "TLSv1.2");
  EXPECT_EQ(current.request("GET", "/health").status, 200);
}

TEST_F(TlsTest, AClientThatDoesNotTrustTheCertificateFailsTheHandshake) {
  std::string other = dir_ + "/other.pem", error;
  ASSERT_TRUE(make_self_signed_certificate(other, dir_ + "/other-key.pem", &error)) << error;
  TlsConnection c(port_, other);
  EXPECT_FALSE(c.connected());
  EXPECT_NE(c.error().find("certificate verify failed"), std::string::npos) << c.error();
}

// Starts are answered by the group commit's writer thread (write_from_here): under TLS that
// answer must go through the TLS stream. Many at once, on keep-alive connections, so that
// answers complete on the writer while their sessions' threads read other requests.
TEST_F(TlsTest, ConcurrentStartsAnsweredByTheGroupCommitOverTls) {
  TlsConnection deployer(port_, cert_);
  ASSERT_TRUE(deployer.connected()) << deployer.error();
  auto deployed = deployer.request(
      "POST", "/engine-rest/deployment/create",
      multipart({{"deployment-name", "", "tls"}, {"data", "tls.bpmn", kStraight}}),
      {{"Content-Type", "multipart/form-data; boundary=" + kMultipartBoundary}});
  ASSERT_EQ(deployed.status, 200) << deployed.body;

  constexpr int kClients = 12, kPerClient = 20;
  std::atomic<int> ok{0};
  std::vector<std::string> failures(kClients);
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      TlsConnection c(port_, cert_);
      if (!c.connected()) {
        failures[t] = c.error();
        return;
      }
      for (int i = 0; i < kPerClient; ++i) {
        auto r = c.request("POST", "/engine-rest/process-definition/key/tls_straight/start",
                           R"({"variables":{"amount":{"value":21,"type":"Integer"}}})",
                           {{"Content-Type", "application/json"}});
        if (r.status != 200 || !json::parse(r.body).contains("id") ||
            r.headers["strict-transport-security"] != "max-age=31536000") {
          failures[t] = std::to_string(r.status) + " " + r.body;
          return;
        }
        ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  for (int t = 0; t < kClients; ++t) EXPECT_EQ(failures[t], "") << "client " << t;
  EXPECT_EQ(ok.load(), kClients * kPerClient);
  auto count = https_request(port_, cert_, "GET",
                             "/engine-rest/history/process-instance/count?processDefinitionKey=tls_straight");
  ASSERT_EQ(count.status, 200);
  EXPECT_EQ(json::parse(count.body)["count"], kClients * kPerClient);
}

// Start-up with TLS files that cannot be used: exit code 1, a message naming the file.
TEST(TlsStartup, UnusableFilesStopStartUpNamingThem) {
  std::string dir = temp_dir(), error;
  std::string cert = dir + "/startup-cert.pem", key = dir + "/startup-key.pem";
  std::string other_key = dir + "/startup-other-key.pem", garbage = dir + "/garbage.pem";
  ASSERT_TRUE(make_self_signed_certificate(cert, key, &error)) << error;
  ASSERT_TRUE(make_self_signed_certificate(dir + "/startup-other.pem", other_key, &error)) << error;
  std::ofstream(garbage) << "not a certificate\n";
  struct Case {
    std::string cert, key, message;
  } cases[] = {
      {dir + "/missing.pem", key, "cannot read TLS certificate file '" + dir + "/missing.pem'"},
      {garbage, key, "TLS certificate file '" + garbage + "' holds no usable PEM certificate"},
      {cert, garbage, "TLS key file '" + garbage + "' holds no usable PEM private key"},
      {cert, other_key, "does not belong to the certificate"},
  };
  for (const auto& c : cases) {
    std::string log = "/tmp/dpc-tls-startup-" + std::to_string(getpid()) + ".log";
    std::unique_ptr<ServerProcess> p(start_without_database(
        {"serve", "--tls-cert", c.cert, "--tls-key", c.key}, free_port(), log));
    EXPECT_EQ(p->wait_exit(30s), 1) << p->log();
    EXPECT_NE(p->log().find(c.message), std::string::npos) << c.message << "\n" << p->log();
  }
}

TEST(TlsStartup, CertificateWithoutKeyIsABadCommandLine) {
  auto [code, output] = run_dpc({"serve", "--tls-cert", "/etc/dpc/cert.pem"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(output.find("--tls-key"), std::string::npos) << output;
}

}  // namespace
