// Authentication over real HTTP against a real `dpc serve`: HTTP Basic on every API path,
// the open endpoints, browser sessions with their CSRF token, session expiry, logout seen by
// a second node, and that a refused request changes nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>
#include <utility>
#include <vector>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::map<std::string, std::string> kAnonymous = {{"Authorization", ""}};

const char* kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
  <process id="auth_p" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>)";

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("auth", port_, &url_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static long long count(const std::string& path) {
    auto r = http_request(port_, "GET", path);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).value("count", -1LL);
  }

  static int port_;
  static ServerProcess* server_;
  static std::string url_;
};
int AuthTest::port_ = 0;
ServerProcess* AuthTest::server_ = nullptr;
std::string AuthTest::url_;

// A logged-in browser: raw requests with the session cookie (and the CSRF token on changes).
struct Browser {
  int port;
  std::string session, csrf;

  HttpResponse login(const std::string& user, const std::string& password) {
    // Set-Cookie appears twice; the test client keeps the last header of a name, so read
    // them from a raw exchange.
    int fd = connect_to(port);
    std::string body = json{{"username", user}, {"password", password}}.dump();
    std::string req = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    EXPECT_EQ(send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
    std::string raw;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<size_t>(n));
    close(fd);
    HttpResponse r;
    r.status = raw.size() > 12 ? std::stoi(raw.substr(9, 3)) : 0;
    r.body = raw.substr(raw.find("\r\n\r\n") + 4);
    auto value_of = [&](const std::string& name) {
      size_t at = raw.find("Set-Cookie: " + name + "=");
      if (at == std::string::npos) return std::string();
      at += 13 + name.size();
      return raw.substr(at, raw.find(';', at) - at);
    };
    session = value_of("DPC_SESSION");
    csrf = value_of("XSRF-TOKEN");
    r.headers["set-cookie-raw"] = raw.substr(0, raw.find("\r\n\r\n"));
    return r;
  }
  std::map<std::string, std::string> headers(bool with_csrf) const {
    std::map<std::string, std::string> h = {{"Authorization", ""},
                                            {"Cookie", "DPC_SESSION=" + session + "; XSRF-TOKEN=" + csrf}};
    if (with_csrf) h["X-XSRF-TOKEN"] = csrf;
    return h;
  }
  HttpResponse get(const std::string& path) const { return http_request(port, "GET", path, "", headers(false)); }
  HttpResponse post(const std::string& path, const std::string& body, bool with_csrf) const {
    auto h = headers(with_csrf);
    h["Content-Type"] = "application/json";
    return http_request(port, "POST", path, body, h);
  }
};

TEST_F(AuthTest, OpenEndpointsNeedNoCredentials) {
  EXPECT_EQ(http_request(port_, "GET", "/health", "", kAnonymous).status, 200);
  EXPECT_EQ(http_request(port_, "GET", "/engine-rest/engine", "", kAnonymous).status, 200);
}

TEST_F(AuthTest, EveryOtherEndpointAnswers401WithoutCredentials) {
  for (const char* path : {"/engine-rest/process-definition", "/engine-rest/task", "/engine-rest/deployment",
                           "/engine-rest/version", "/engine-rest/history/process-instance", "/engine-rest/job",
                           "/engine-rest/user", "/engine-rest/authorization", "/api/auth/me",
                           "/engine-rest/no-such-resource"}) {
    auto r = http_request(port_, "GET", path, "", kAnonymous);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.headers["www-authenticate"], "Basic realm=\"dpc\"") << path;
    EXPECT_EQ(json::parse(r.body)["type"], "AuthenticationException") << path;
  }
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  auto wrong = http_request(port_, "GET", "/engine-rest/task", "",
                            {{"Authorization", basic_auth(kTestAdminUser, "not-the-password")}});
  auto unknown = http_request(port_, "GET", "/engine-rest/task", "",
                              {{"Authorization", basic_auth("nobody-at-all", "not-the-password")}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  auto malformed = http_request(port_, "GET", "/engine-rest/task", "", {{"Authorization", "Basic %%%"}});
  EXPECT_EQ(malformed.status, 401);
  auto bearer = http_request(port_, "GET", "/engine-rest/task", "", {{"Authorization", "Bearer abc"}});
  EXPECT_EQ(bearer.status, 401);
  EXPECT_EQ(http_request(port_, "GET", "/engine-rest/task").status, 200);  // the right credentials
}

TEST_F(AuthTest, ARefusedDeploymentStoresNothing) {
  long long before = count("/engine-rest/deployment/count");
  std::vector<Part> parts = {{"deployment-name", "", "refused"}, {"data", "auth_p.bpmn", kModel}};
  auto r = http_request(port_, "POST", "/engine-rest/deployment/create", multipart(parts),
                        {{"Authorization", ""},
                         {"Content-Type", "multipart/form-data; boundary=" + kMultipartBoundary}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(count("/engine-rest/deployment/count"), before);
}

TEST_F(AuthTest, SessionLoginCsrfAndLogout) {
  Browser b{port_, "", ""};
  auto login = b.login(kTestAdminUser, kTestAdminPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(json::parse(login.body)["userId"], kTestAdminUser);
  ASSERT_FALSE(b.session.empty());
  ASSERT_FALSE(b.csrf.empty());
  const std::string& head = login.headers["set-cookie-raw"];
  EXPECT_NE(head.find("DPC_SESSION=" + b.session + "; Path=/; SameSite=Lax; HttpOnly"), std::string::npos) << head;
  EXPECT_EQ(head.find("XSRF-TOKEN=" + b.csrf + "; Path=/; SameSite=Strict; HttpOnly"), std::string::npos) << head;

  auto me = b.get("/api/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["authenticatedBy"], "session");
  EXPECT_EQ(json::parse(me.body)["admin"], true);
  EXPECT_EQ(b.get("/engine-rest/deployment/count").status, 200);

  // A change made with the cookie but without the token: 403, nothing stored.
  long long before = count("/engine-rest/deployment/count");
  std::string body = multipart({{"deployment-name", "", "csrf"}, {"data", "auth_p.bpmn", kModel}});
  auto h = b.headers(false);
  h["Content-Type"] = "multipart/form-data; boundary=" + kMultipartBoundary;
  auto refused = http_request(port_, "POST", "/engine-rest/deployment/create", body, h);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(count("/engine-rest/deployment/count"), before);
  h["X-XSRF-TOKEN"] = b.csrf + "x";
  EXPECT_EQ(http_request(port_, "POST", "/engine-rest/deployment/create", body, h).status, 403);
  EXPECT_EQ(count("/engine-rest/deployment/count"), before);
  h["X-XSRF-TOKEN"] = b.csrf;
  auto accepted = http_request(port_, "POST", "/engine-rest/deployment/create", body, h);
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(count("/engine-rest/deployment/count"), before + 1);

  // Logout needs the token too, then the cookie is worth nothing.
  EXPECT_EQ(b.post("/api/auth/logout", "", false).status, 403);
  EXPECT_EQ(b.get("/api/auth/me").status, 200);
  EXPECT_EQ(b.post("/api/auth/logout", "", true).status, 204);
  auto after = b.get("/api/auth/me");
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.headers.count("www-authenticate"), 0u);  // a browser gets no Basic pop-up
}

TEST_F(AuthTest, LoginRefusesWrongPasswordsAndBadBodies) {
  Browser b{port_, "", ""};
  auto wrong = b.login(kTestAdminUser, "wrong-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(b.session.empty());
  auto r = http_request(port_, "POST", "/api/auth/login", "null", {{"Authorization", ""}, {"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400) << r.body;
  r = http_request(port_, "POST", "/api/auth/login", R"({"username":"x"})",
                   {{"Authorization", ""}, {"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("password"), std::string::npos);
  // A 1 MB password is a clean answer, not a crash or a hang.
  r = http_request(port_, "POST", "/api/auth/login",
                   json{{"username", kTestAdminUser}, {"password", std::string(1 << 20, 'p')}}.dump(),
                   {{"Authorization", ""}, {"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400) << r.body;
  // Form-encoded login, as a plain HTML form posts it.
  r = http_request(port_, "POST", "/api/auth/login",
                   std::string("username=") + kTestAdminUser + "&password=" + kTestAdminPassword,
                   {{"Authorization", ""}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(AuthTest, TheAuthenticatedUserIsTheInitiatorAndCurrentUser) {
  const char* model = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
             targetNamespace="t">
  <process id="auth_initiator" isExecutable="true">
    <startEvent id="s" camunda:initiator="starter"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>
    <userTask id="t1" camunda:assignee="${currentUser()}"/>
    <sequenceFlow id="f2" sourceRef="t1" targetRef="e"/>
    <endEvent id="e"/>
  </process>
</definitions>)";
  ASSERT_EQ(deploy_resource(port_, "initiator", "auth_initiator.bpmn", model).status, 200);
  auto started = http_request(port_, "POST", "/engine-rest/process-definition/key/auth_initiator/start", "{}",
                              {{"Content-Type", "application/json"}});
  ASSERT_EQ(started.status, 200) << started.body;
  std::string id = json::parse(started.body)["id"];
  auto var = http_request(port_, "GET", "/engine-rest/process-instance/" + id + "/variables/starter");
  ASSERT_EQ(var.status, 200) << var.body;
  EXPECT_EQ(json::parse(var.body)["value"], kTestAdminUser);
  auto tasks = json::parse(http_request(port_, "GET", "/engine-rest/task?processInstanceId=" + id).body);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["assignee"], kTestAdminUser);
}

TEST(AuthDemo, DemoUsersExistOnlyWithDemoAndStaffMayStartButNotDeploy) {
  std::string url = create_test_database("auth_demo");
  int port = free_port();
  auto log = "/tmp/dpc-auth-demo-" + std::to_string(getpid()) + ".log";
  auto env = std::map<std::string, std::string>{
      {"DPC_DATABASE_URL", url}, {"DPC_PORT", std::to_string(port)}, {"DPC_SAMPLES_DIR", "/nonexistent"}};
  {
    // Without --demo there is no demo user.
    ServerProcess plain({"serve", "--no-access-log"}, env, "", log);
    ASSERT_TRUE(plain.wait_for_health(port, 30s)) << plain.log();
    EXPECT_EQ(http_request(port, "GET", "/api/auth/me", "", {{"Authorization", basic_auth("demo", "demo")}}).status, 401);
    plain.signal(SIGTERM);
    ASSERT_EQ(plain.wait_exit(20s), 0);
  }
  ServerProcess demo({"serve", "--no-access-log", "--demo"}, env, "", log);
  ASSERT_TRUE(demo.wait_for_health(port, 30s)) << demo.log();
  EXPECT_NE(demo.log().find("anna    password anna"), std::string::npos) << demo.log();
  auto as = [&](const char* user) { return std::map<std::string, std::string>{{"Authorization", basic_auth(user, user)}}; };
  auto me = http_request(port, "GET", "/api/auth/me", "", as("demo"));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["admin"], true);
  // "apps": the administrator opens every web app; the staff (Application "tasklist" ACCESS
  // granted to their groups by --demo) the Tasklist, and the catalogue editors (anna, maria) also
  // the catalogue console.
  EXPECT_EQ(json::parse(me.body)["apps"],
            json::parse(R"(["tasklist","cockpit","admin","catalogue","dashboard"])")) << me.body;
  for (const auto& [clerk, apps] : std::vector<std::pair<std::string, std::string>>{
           {"anna", R"(["tasklist","catalogue"])"}, {"piotr", R"(["tasklist"])"}, {"maria", R"(["tasklist","catalogue"])"}}) {
    auto staff = http_request(port, "GET", "/api/auth/me", "", as(clerk.c_str()));
    ASSERT_EQ(staff.status, 200) << staff.body;
    EXPECT_EQ(json::parse(staff.body)["apps"], json::parse(apps)) << clerk << ": " << staff.body;
  }
  ASSERT_EQ(deploy_resource(port, "demo", "auth_p.bpmn", kModel).status, 200);
  // A clerk sees and starts the process, but may not deploy.
  auto defs = http_request(port, "GET", "/engine-rest/process-definition/count", "", as("anna"));
  EXPECT_EQ(json::parse(defs.body)["count"], 1) << defs.body;
  auto h = as("anna");
  h["Content-Type"] = "application/json";
  EXPECT_EQ(http_request(port, "POST", "/engine-rest/process-definition/key/auth_p/start", "{}", h).status, 200);
  h["Content-Type"] = "multipart/form-data; boundary=" + kMultipartBoundary;
  auto refused = http_request(port, "POST", "/engine-rest/deployment/create",
                              multipart({{"deployment-name", "", "x"}, {"data", "x.bpmn", kModel}}), h);
  EXPECT_EQ(refused.status, 403) << refused.body;
  demo.signal(SIGTERM);
  EXPECT_EQ(demo.wait_exit(20s), 0);
}

TEST(AuthSessions, ExpireWhenIdleAndEndOnEveryNodeAtLogout) {
  int port1 = free_port(), port2 = free_port();
  std::string url;
  ServerProcess* node1 = start_test_server("auth_nodes", port1, &url);
  ServerProcess node2({"serve", "--no-access-log", "--session-idle-timeout", "2"},
                      {{"DPC_DATABASE_URL", url}, {"DPC_PORT", std::to_string(port2)}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                      "", "/tmp/dpc-auth-node2-" + std::to_string(getpid()) + ".log");
  ASSERT_TRUE(node2.wait_for_health(port2, 30s)) << node2.log();

  // Logged in on node 1, used on node 2, logged out on node 2: gone on node 1 at once.
  Browser b{port1, "", ""};
  ASSERT_EQ(b.login(kTestAdminUser, kTestAdminPassword).status, 200);
  Browser on2 = b;
  on2.port = port2;
  EXPECT_EQ(on2.get("/api/auth/me").status, 200);
  EXPECT_EQ(on2.post("/api/auth/logout", "", true).status, 204);
  EXPECT_EQ(b.get("/api/auth/me").status, 401);

  // Node 2 ends sessions idle for 2 s (node 1 keeps its default of 30 minutes).
  Browser idle{port2, "", ""};
  ASSERT_EQ(idle.login(kTestAdminUser, kTestAdminPassword).status, 200);
  EXPECT_EQ(idle.get("/api/auth/me").status, 200);
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(idle.get("/api/auth/me").status, 401);

  node2.signal(SIGTERM);
  EXPECT_EQ(node2.wait_exit(20s), 0);
  stop_test_server(node1);
}

}  // namespace
