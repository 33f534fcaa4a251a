// Authorizations on the repository, process instances, history and decisions over real HTTP
// against a real `dpc serve` (Camunda 7's rules): a table of cases (the authorizations a
// fresh user gets, one request, the expected status), list counts under filtering, refused
// starts and deployments that change nothing, and 401 for anonymous callers.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kAnonymous = {{"Authorization", ""}};
constexpr const char* kPassword = "Quiet-river-stone-47";

// A process whose instances wait in a user task, under `key`.
std::string waiting_process(const std::string& key) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><definitions "
         "xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"t\">"
         "<process id=\"" + key + "\" isExecutable=\"true\"><startEvent id=\"s\"/>"
         "<sequenceFlow id=\"f1\" sourceRef=\"s\" targetRef=\"t\"/><userTask id=\"t\"/>"
         "<sequenceFlow id=\"f2\" sourceRef=\"t\" targetRef=\"e\"/><endEvent id=\"e\"/>"
         "</process></definitions>";
}

// A process started by message `apply-by-message`.
const char* kMessageStart = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
  <message id="m1" name="apply-by-message"/>
  <process id="message-loan" isExecutable="true">
    <startEvent id="s"><messageEventDefinition messageRef="m1"/></startEvent>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><userTask id="t"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>)";

// A process started by signal `apply-by-signal`.
const char* kSignalStart = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
  <signal id="sg" name="apply-by-signal"/>
  <process id="signal-loan" isExecutable="true">
    <startEvent id="s"><signalEventDefinition signalRef="sg"/></startEvent>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><userTask id="t"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>)";

const char* kRiskDmn =
    "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d_risk\" name=\"D\""
    " namespace=\"http://dpc/tests/authz\"><decision id=\"risk\" name=\"risk\"><literalExpression"
    " typeRef=\"string\"><text>\"low\"</text></literalExpression></decision></definitions>";

// One authorization of a case. `who`: "me" (the case's user), "group" (a group the user is
// a member of), "*" (everyone; with type 0).
struct Grant {
  int type;  // 0 global, 1 grant, 2 revoke
  std::string who;
  int resource;
  std::string resource_id;
  std::vector<std::string> permissions;
};

// `header` plus a Content-Type.
std::map<std::string, std::string> with_type(std::map<std::string, std::string> header, const std::string& type) {
  header["Content-Type"] = type;
  return header;
}
const std::string kJson = "application/json";
const std::string kMultipart = "multipart/form-data; boundary=" + kMultipartBoundary;

struct Case {
  std::string name;
  std::vector<Grant> grants;
  std::string method, path, body;
  int expected;
};

class AuthzReadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("authz-read", port_);
    for (const char* key : {"cash-loan", "car-loan", "home-loan"}) {
      auto d = deploy_resource(port_, std::string(key) + "-deployment", std::string(key) + ".bpmn",
                               waiting_process(key));
      ASSERT_EQ(d.status, 200) << d.body;
      deployments_[key] = json::parse(d.body)["id"];
      for (int i = 0; i < 2; ++i) {
        auto s = http_request(port_, "POST", "/engine-rest/process-definition/key/" + std::string(key) + "/start",
                              json{{"businessKey", std::string(key) + "-" + std::to_string(i)}}.dump());
        ASSERT_EQ(s.status, 200) << s.body;
        instances_[key].push_back(json::parse(s.body)["id"]);
        definitions_[key] = json::parse(s.body)["definitionId"];
      }
    }
    auto m = deploy_resource(port_, "message-deployment", "message.bpmn", kMessageStart);
    ASSERT_EQ(m.status, 200) << m.body;
    auto sg = deploy_resource(port_, "signal-deployment", "signal.bpmn", kSignalStart);
    ASSERT_EQ(sg.status, 200) << sg.body;
    auto r = deploy_resource(port_, "risk-deployment", "risk.dmn", kRiskDmn);
    ASSERT_EQ(r.status, 200) << r.body;
    deployments_["risk"] = json::parse(r.body)["id"];
    auto e = http_request(port_, "POST", "/engine-rest/decision-definition/key/risk/evaluate", "{}");
    ASSERT_EQ(e.status, 200) << e.body;
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  // A fresh user (and a group of its own it is a member of); returns its Authorization header.
  static std::map<std::string, std::string> new_user(std::string* user_out = nullptr,
                                                     std::string* group_out = nullptr) {
    static std::atomic<int> n{0};
    std::string user = "clerk" + std::to_string(++n), group = "team" + std::to_string(n);
    auto u = http_request(port_, "POST", "/engine-rest/user/create",
                          json{{"profile", {{"id", user}, {"firstName", "C"}, {"lastName", "L"},
                                            {"email", user + "@bank.example"}}},
                               {"credentials", {{"password", kPassword}}}}.dump());
    EXPECT_EQ(u.status, 204) << u.body;
    auto g = http_request(port_, "POST", "/engine-rest/group/create",
                          json{{"id", group}, {"name", group}, {"type", "WORKFLOW"}}.dump());
    EXPECT_EQ(g.status, 204) << g.body;
    auto m = http_request(port_, "PUT", "/engine-rest/group/" + group + "/members/" + user);
    EXPECT_EQ(m.status, 204) << m.body;
    if (user_out) *user_out = user;
    if (group_out) *group_out = group;
    return {{"Authorization", basic_auth(user, kPassword)}};
  }

  // Creates the authorization (as the admin) and returns its id.
  static std::string authorize(const Grant& g, const std::string& user, const std::string& group) {
    json body = {{"type", g.type}, {"permissions", g.permissions}, {"resourceType", g.resource},
                 {"resourceId", g.resource_id}};
    if (g.who == "group") {
      body["groupId"] = group;
    } else {
      body["userId"] = g.who == "me" ? user : g.who;
    }
    auto r = http_request(port_, "POST", "/engine-rest/authorization/create", body.dump());
    EXPECT_EQ(r.status, 200) << r.body << " for " << body;
    return r.status == 200 ? json::parse(r.body).value("id", "") : "";
  }
  static void remove_authorization(const std::string& id) {
    if (id.empty()) return;
    auto r = http_request(port_, "DELETE", "/engine-rest/authorization/" + id);
    EXPECT_EQ(r.status, 204) << r.body;
  }

  // A fresh user holding `grants`; runs `check` with its header, then removes the grants.
  template <typename F>
  static void as_user_with(const std::vector<Grant>& grants, F&& check) {
    std::string user, group;
    auto header = new_user(&user, &group);
    std::vector<std::string> ids;
    for (const auto& g : grants) ids.push_back(authorize(g, user, group));
    check(header);
    for (const auto& id : ids) remove_authorization(id);
  }

  static long long count(const std::string& path,
                         const std::map<std::string, std::string>& headers = {}) {
    auto r = http_request(port_, "GET", path, "", headers);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? json::parse(r.body).value("count", -1LL) : -1;
  }

  static int port_;
  static ServerProcess* server_;
  static std::map<std::string, std::string> deployments_;
  static std::map<std::string, std::vector<std::string>> instances_;
  static std::map<std::string, std::string> definitions_;  // by key
};
int AuthzReadTest::port_ = 0;
ServerProcess* AuthzReadTest::server_ = nullptr;
std::map<std::string, std::string> AuthzReadTest::deployments_;
std::map<std::string, std::vector<std::string>> AuthzReadTest::instances_;
std::map<std::string, std::string> AuthzReadTest::definitions_;

// Resource types (include/dpc/identity/model.h).
constexpr int kDefinition = 6, kInstance = 8, kDeployment = 9, kDecision = 10, kHistoricInstance = 20;

TEST_F(AuthzReadTest, MatrixOfGrantsRevokesAndGlobals) {
  const std::string pi = instances_["cash-loan"][0];
  const std::string other_pi = instances_["car-loan"][0];
  const std::string dep = deployments_["cash-loan"];
  const std::vector<Case> cases = {
      // Process definitions: READ by key.
      {"definition, nothing", {}, "GET", "/process-definition/key/cash-loan", "", 403},
      {"definition, user READ on key", {{1, "me", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 200},
      {"definition, user READ on *", {{1, "me", kDefinition, "*", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 200},
      {"definition, group READ on key", {{1, "group", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 200},
      {"definition, global READ on key", {{0, "*", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 200},
      {"definition, READ on another key", {{1, "me", kDefinition, "car-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 403},
      {"definition, wrong permission", {{1, "me", kDefinition, "cash-loan", {"CREATE_INSTANCE"}}},
       "GET", "/process-definition/key/cash-loan/xml", "", 403},
      {"definition xml, READ", {{1, "me", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan/xml", "", 200},
      {"definition, group * beaten by user revoke on key",
       {{1, "group", kDefinition, "*", {"READ"}}, {2, "me", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 403},
      {"definition, group revoke beaten by user grant",
       {{2, "group", kDefinition, "cash-loan", {"READ"}}, {1, "me", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 200},
      {"definition, global grant beaten by group revoke",
       {{0, "*", kDefinition, "cash-loan", {"READ"}}, {2, "group", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-definition/key/cash-loan", "", 403},
      {"suspend definition, READ only", {{1, "me", kDefinition, "cash-loan", {"READ"}}},
       "PUT", "/process-definition/key/cash-loan/suspended", R"({"suspended":false})", 403},
      {"suspend definition, UPDATE", {{1, "me", kDefinition, "cash-loan", {"UPDATE"}}},
       "PUT", "/process-definition/key/cash-loan/suspended", R"({"suspended":false})", 204},
      {"delete definition, READ only", {{1, "me", kDefinition, "cash-loan", {"READ"}}},
       "DELETE", "/process-definition/" + definitions_["cash-loan"], "", 403},
      // Deployments: READ on the id.
      {"deployment, nothing", {}, "GET", "/deployment/" + dep, "", 403},
      {"deployment, READ on id", {{1, "me", kDeployment, dep, {"READ"}}}, "GET", "/deployment/" + dep, "", 200},
      {"deployment, READ on *", {{1, "group", kDeployment, "*", {"READ"}}}, "GET", "/deployment/" + dep, "", 200},
      {"deployment, READ on another id", {{1, "me", kDeployment, deployments_["car-loan"], {"READ"}}},
       "GET", "/deployment/" + dep + "/resources", "", 403},
      {"deployment resources, READ", {{1, "me", kDeployment, dep, {"READ"}}},
       "GET", "/deployment/" + dep + "/resources", "", 200},
      {"delete deployment, READ only", {{1, "me", kDeployment, dep, {"READ"}}},
       "DELETE", "/deployment/" + dep, "", 403},
      // Decision definitions: READ by key; evaluation: CREATE_INSTANCE.
      {"decision, nothing", {}, "GET", "/decision-definition/key/risk", "", 403},
      {"decision, READ", {{1, "me", kDecision, "risk", {"READ"}}}, "GET", "/decision-definition/key/risk", "", 200},
      {"decision xml, global READ *", {{0, "*", kDecision, "*", {"READ"}}},
       "GET", "/decision-definition/key/risk/xml", "", 200},
      {"evaluate, READ only", {{1, "me", kDecision, "risk", {"READ"}}},
       "POST", "/decision-definition/key/risk/evaluate", "{}", 403},
      {"evaluate, CREATE_INSTANCE", {{1, "me", kDecision, "risk", {"CREATE_INSTANCE"}}},
       "POST", "/decision-definition/key/risk/evaluate", "{}", 200},
      // Process instances: READ on the instance or READ_INSTANCE on the key.
      {"instance, nothing", {}, "GET", "/process-instance/" + pi, "", 403},
      {"instance, READ on id", {{1, "me", kInstance, pi, {"READ"}}}, "GET", "/process-instance/" + pi, "", 200},
      {"instance, READ on another id", {{1, "me", kInstance, other_pi, {"READ"}}},
       "GET", "/process-instance/" + pi, "", 403},
      {"instance, READ_INSTANCE on key", {{1, "group", kDefinition, "cash-loan", {"READ_INSTANCE"}}},
       "GET", "/process-instance/" + pi + "/variables", "", 200},
      {"instance, READ (not READ_INSTANCE) on key", {{1, "me", kDefinition, "cash-loan", {"READ"}}},
       "GET", "/process-instance/" + pi + "/activity-instances", "", 403},
      {"instance tree, READ on *", {{1, "me", kInstance, "*", {"READ"}}},
       "GET", "/process-instance/" + pi + "/activity-instances", "", 200},
      {"set variable, READ only", {{1, "me", kInstance, pi, {"READ"}}},
       "PUT", "/process-instance/" + pi + "/variables/note", R"({"value":"x","type":"String"})", 403},
      {"set variable, UPDATE on id", {{1, "me", kInstance, pi, {"UPDATE"}}},
       "PUT", "/process-instance/" + pi + "/variables/note", R"({"value":"x","type":"String"})", 204},
      {"set variable, UPDATE_INSTANCE on key", {{1, "me", kDefinition, "cash-loan", {"UPDATE_INSTANCE"}}},
       "POST", "/process-instance/" + pi + "/variables", R"({"modifications":{"note":{"value":"y"}}})", 204},
      {"delete variable, UPDATE on another id", {{1, "me", kInstance, other_pi, {"UPDATE"}}},
       "DELETE", "/process-instance/" + pi + "/variables/note", "", 403},
      {"suspend instance, UPDATE_INSTANCE", {{1, "me", kDefinition, "cash-loan", {"UPDATE_INSTANCE"}}},
       "PUT", "/process-instance/" + pi + "/suspended", R"({"suspended":false})", 204},
      {"delete instance, UPDATE only", {{1, "me", kInstance, pi, {"UPDATE"}}},
       "DELETE", "/process-instance/" + pi, "", 403},
      {"modification, READ_INSTANCE only", {{1, "me", kDefinition, "cash-loan", {"READ_INSTANCE"}}},
       "POST", "/process-instance/" + pi + "/modification",
       R"({"instructions":[{"type":"startBeforeActivity","activityId":"t"}]})", 403},
      // Starting: CREATE on ProcessInstance and CREATE_INSTANCE on the key.
      {"start, both", {{1, "me", kInstance, "*", {"CREATE"}}, {1, "me", kDefinition, "home-loan", {"CREATE_INSTANCE"}}},
       "POST", "/process-definition/key/home-loan/start", "{}", 200},
      {"start, CREATE_INSTANCE only", {{1, "me", kDefinition, "home-loan", {"CREATE_INSTANCE"}}},
       "POST", "/process-definition/key/home-loan/start", "{}", 403},
      {"start, CREATE only", {{1, "me", kInstance, "*", {"CREATE"}}},
       "POST", "/process-definition/key/home-loan/start", "{}", 403},
      {"start, CREATE_INSTANCE on another key",
       {{1, "me", kInstance, "*", {"CREATE"}}, {1, "me", kDefinition, "car-loan", {"CREATE_INSTANCE"}}},
       "POST", "/process-definition/key/home-loan/start", "{}", 403},
      {"message start, both",
       {{1, "group", kInstance, "*", {"CREATE"}}, {1, "group", kDefinition, "message-loan", {"CREATE_INSTANCE"}}},
       "POST", "/message", R"({"messageName":"apply-by-message"})", 204},
      {"message start, no CREATE", {{1, "me", kDefinition, "message-loan", {"CREATE_INSTANCE"}}},
       "POST", "/message", R"({"messageName":"apply-by-message"})", 403},
      {"signal start, nothing", {}, "POST", "/signal", R"({"name":"apply-by-signal"})", 403},
      {"signal start, both",
       {{1, "me", kInstance, "*", {"CREATE"}}, {0, "*", kDefinition, "signal-loan", {"CREATE_INSTANCE"}}},
       "POST", "/signal", R"({"name":"apply-by-signal"})", 204},
      // History: READ_HISTORY on the key (or READ on the historic instance).
      {"history, nothing", {}, "GET", "/history/process-instance/" + pi, "", 403},
      {"history, READ_HISTORY on key", {{1, "me", kDefinition, "cash-loan", {"READ_HISTORY"}}},
       "GET", "/history/process-instance/" + pi, "", 200},
      {"history, READ_INSTANCE is not history", {{1, "me", kDefinition, "cash-loan", {"READ_INSTANCE"}}},
       "GET", "/history/process-instance/" + pi, "", 403},
      {"history, READ on historic instance", {{1, "me", kHistoricInstance, pi, {"READ"}}},
       "GET", "/history/process-instance/" + pi, "", 200},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    as_user_with(c.grants, [&](const auto& header) {
      auto r = http_request(port_, c.method, "/engine-rest" + c.path, c.body,
                            c.body.empty() ? header : with_type(header, kJson));
      EXPECT_EQ(r.status, c.expected) << c.name << ": " << r.body;
    });
  }
}

TEST_F(AuthzReadTest, RevokingAGrantTakesEffectAtOnce) {
  std::string user, group;
  auto header = new_user(&user, &group);
  const std::string path = "/engine-rest/process-definition/key/car-loan";
  EXPECT_EQ(http_request(port_, "GET", path, "", header).status, 403);
  std::string id = authorize({1, "me", kDefinition, "car-loan", {"READ"}}, user, group);
  EXPECT_EQ(http_request(port_, "GET", path, "", header).status, 200);
  remove_authorization(id);
  EXPECT_EQ(http_request(port_, "GET", path, "", header).status, 403);
}

TEST_F(AuthzReadTest, DefinitionListsCountOnlyReadableKeys) {
  const long long all = count("/engine-rest/process-definition/count");
  ASSERT_GE(all, 4);
  as_user_with({}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/process-definition/count", h), 0);
    auto r = http_request(port_, "GET", "/engine-rest/process-definition", "", h);
    EXPECT_EQ(json::parse(r.body).size(), 0u) << r.body;
  });
  as_user_with({{1, "me", kDefinition, "cash-loan", {"READ"}}}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/process-definition/count", h), 1);
    auto r = http_request(port_, "GET", "/engine-rest/process-definition?maxResults=10", "", h);
    auto list = json::parse(r.body);
    ASSERT_EQ(list.size(), 1u) << r.body;
    EXPECT_EQ(list[0]["key"], "cash-loan");
  });
  // A revoke on one key beats a group grant on *.
  as_user_with({{1, "group", kDefinition, "*", {"READ"}}, {2, "me", kDefinition, "cash-loan", {"READ"}}},
               [&](const auto& h) {
                 EXPECT_EQ(count("/engine-rest/process-definition/count", h), all - 1);
                 EXPECT_EQ(count("/engine-rest/process-definition/count?key=cash-loan", h), 0);
               });
  // A user grant beats a group revoke.
  as_user_with({{2, "group", kDefinition, "car-loan", {"READ"}}, {1, "me", kDefinition, "car-loan", {"READ"}}},
               [&](const auto& h) { EXPECT_EQ(count("/engine-rest/process-definition/count", h), 1); });
  // Global READ on * for everyone, a group revoke on one key.
  as_user_with({{0, "*", kDefinition, "*", {"READ"}}, {2, "group", kDefinition, "home-loan", {"READ"}}},
               [&](const auto& h) { EXPECT_EQ(count("/engine-rest/process-definition/count", h), all - 1); });
}

TEST_F(AuthzReadTest, DeploymentAndDecisionListsAreFiltered) {
  const long long deployments = count("/engine-rest/deployment/count");
  as_user_with({{1, "me", kDeployment, deployments_["car-loan"], {"READ"}}}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/deployment/count", h), 1);
    auto list = json::parse(http_request(port_, "GET", "/engine-rest/deployment", "", h).body);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["id"], deployments_["car-loan"]);
  });
  as_user_with({{1, "me", kDeployment, "*", {"READ"}}},
               [&](const auto& h) { EXPECT_EQ(count("/engine-rest/deployment/count", h), deployments); });
  as_user_with({}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/decision-definition/count", h), 0);
    EXPECT_EQ(count("/engine-rest/history/decision-instance/count", h), 0);
  });
  const long long evaluations = count("/engine-rest/history/decision-instance/count");
  ASSERT_GE(evaluations, 1);
  as_user_with({{1, "me", kDecision, "risk", {"READ", "READ_HISTORY"}}}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/decision-definition/count", h), 1);
    EXPECT_EQ(count("/engine-rest/history/decision-instance/count", h), evaluations);
  });
}

TEST_F(AuthzReadTest, InstanceHistoryAndStatisticsListsAreFiltered) {
  const long long cash = count("/engine-rest/process-instance/count?processDefinitionKey=cash-loan");
  const long long car_history = count("/engine-rest/history/process-instance/count?processDefinitionKey=car-loan");
  ASSERT_GE(cash, 2);
  as_user_with({}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/process-instance/count", h), 0);
    EXPECT_EQ(count("/engine-rest/history/process-instance/count", h), 0);
    EXPECT_EQ(count("/engine-rest/history/activity-instance/count", h), 0);
    EXPECT_EQ(count("/engine-rest/history/task/count", h), 0);
    EXPECT_EQ(count("/engine-rest/incident/count", h), 0);
    auto stats = json::parse(http_request(port_, "GET", "/engine-rest/process-definition/statistics", "", h).body);
    EXPECT_EQ(stats.size(), 0u) << stats;
  });
  as_user_with({{1, "me", kDefinition, "cash-loan", {"READ_INSTANCE"}}}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/process-instance/count", h), cash);
    auto list = json::parse(http_request(port_, "GET", "/engine-rest/process-instance?maxResults=1", "", h).body);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].value("definitionId", "").rfind("cash-loan:", 0), 0u) << list;
    EXPECT_EQ(count("/engine-rest/history/process-instance/count", h), 0);  // READ_HISTORY is another bit
    auto stats = json::parse(http_request(port_, "GET", "/engine-rest/process-definition/statistics", "", h).body);
    ASSERT_EQ(stats.size(), 1u) << stats;
    EXPECT_EQ(stats[0]["instances"], cash);
  });
  as_user_with({{1, "me", kInstance, instances_["home-loan"][1], {"READ"}}}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/process-instance/count", h), 1);
    auto list = json::parse(http_request(port_, "POST", "/engine-rest/process-instance", "{}",
                                         with_type(h, kJson))
                                .body);
    ASSERT_EQ(list.size(), 1u) << list;
    EXPECT_EQ(list[0]["id"], instances_["home-loan"][1]);
  });
  as_user_with({{1, "group", kDefinition, "car-loan", {"READ_HISTORY"}}}, [&](const auto& h) {
    EXPECT_EQ(count("/engine-rest/history/process-instance/count", h), car_history);
    EXPECT_EQ(count("/engine-rest/history/activity-instance/count?processInstanceId=" + instances_["cash-loan"][0], h), 0);
    EXPECT_GT(count("/engine-rest/history/activity-instance/count?processInstanceId=" + instances_["car-loan"][0], h), 0);
    EXPECT_EQ(count("/engine-rest/history/task/count", h), car_history);  // one task each
    EXPECT_EQ(count("/engine-rest/process-instance/count", h), 0);
  });
}

// The historic activity statistics count only the instances the caller may see in history.
TEST_F(AuthzReadTest, HistoricActivityStatisticsCountOnlyVisibleHistory) {
  const std::string path = "/engine-rest/history/process-definition/" + definitions_["car-loan"] + "/statistics";
  auto stats = [&](const std::map<std::string, std::string>& h) {
    auto r = http_request(port_, "GET", path, "", h);
    EXPECT_EQ(r.status, 200) << r.body;
    long long running = 0;
    for (const auto& a : json::parse(r.body)) running += a.value("instances", 0LL);
    return running;
  };
  const long long all = stats({});
  ASSERT_GT(all, 0);
  as_user_with({}, [&](const auto& h) { EXPECT_EQ(stats(h), 0); });
  as_user_with({{1, "me", kDefinition, "car-loan", {"READ_INSTANCE"}}}, [&](const auto& h) { EXPECT_EQ(stats(h), 0); });
  as_user_with({{1, "me", kDefinition, "car-loan", {"READ_HISTORY"}}}, [&](const auto& h) { EXPECT_EQ(stats(h), all); });
  as_user_with({{1, "me", kHistoricInstance, instances_["car-loan"][0], {"READ"}}},
               [&](const auto& h) { EXPECT_GT(stats(h), 0); EXPECT_LT(stats(h), all); });
}

TEST_F(AuthzReadTest, RefusedStartsAndDeploymentsChangeNothing) {
  const long long instances = count("/engine-rest/process-instance/count");
  const long long deployments = count("/engine-rest/deployment/count");
  const long long definitions = count("/engine-rest/process-definition/count");
  as_user_with({{1, "me", kDefinition, "home-loan", {"READ", "READ_INSTANCE"}}}, [&](const auto& h) {
    auto s = http_request(port_, "POST", "/engine-rest/process-definition/key/home-loan/start", "{}",
                          with_type(h, kJson));
    EXPECT_EQ(s.status, 403) << s.body;
    EXPECT_NE(s.body.find("AuthorizationException"), std::string::npos) << s.body;
    auto m = http_request(port_, "POST", "/engine-rest/message", R"({"messageName":"apply-by-message"})",
                          with_type(h, kJson));
    EXPECT_EQ(m.status, 403) << m.body;
    auto sg = http_request(port_, "POST", "/engine-rest/signal", R"({"name":"apply-by-signal"})",
                           with_type(h, kJson));
    EXPECT_EQ(sg.status, 403) << sg.body;
    std::string body = multipart({{"deployment-name", "", "sneaky"},
                                  {"data", "sneaky.bpmn", waiting_process("sneaky-loan")}});
    auto d = http_request(port_, "POST", "/engine-rest/deployment/create", body,
                          with_type(h, kMultipart));
    EXPECT_EQ(d.status, 403) << d.body;
  });
  EXPECT_EQ(count("/engine-rest/process-instance/count"), instances);
  EXPECT_EQ(count("/engine-rest/deployment/count"), deployments);
  EXPECT_EQ(count("/engine-rest/process-definition/count"), definitions);
  EXPECT_EQ(count("/engine-rest/process-definition/count?key=sneaky-loan"), 0);

  // With CREATE on Deployment the same upload is stored.
  as_user_with({{1, "me", kDeployment, "*", {"CREATE"}}}, [&](const auto& h) {
    std::string body = multipart({{"deployment-name", "", "allowed"},
                                  {"data", "allowed.bpmn", waiting_process("allowed-loan")}});
    auto d = http_request(port_, "POST", "/engine-rest/deployment/create", body,
                          with_type(h, kMultipart));
    EXPECT_EQ(d.status, 200) << d.body;
  });
  EXPECT_EQ(count("/engine-rest/deployment/count"), deployments + 1);
}

TEST_F(AuthzReadTest, AnonymousCallersGet401Everywhere) {
  const std::string pi = instances_["cash-loan"][0];
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"GET", "/process-definition"},
      {"GET", "/process-definition/count"},
      {"GET", "/process-definition/key/cash-loan"},
      {"GET", "/process-definition/statistics"},
      {"POST", "/process-definition/key/cash-loan/start"},
      {"GET", "/deployment"},
      {"GET", "/deployment/" + deployments_["cash-loan"]},
      {"POST", "/deployment/create"},
      {"GET", "/decision-definition"},
      {"POST", "/decision-definition/key/risk/evaluate"},
      {"GET", "/process-instance"},
      {"GET", "/process-instance/" + pi},
      {"GET", "/process-instance/" + pi + "/variables"},
      {"PUT", "/process-instance/" + pi + "/variables/x"},
      {"DELETE", "/process-instance/" + pi},
      {"POST", "/message"},
      {"POST", "/signal"},
      {"GET", "/incident"},
      {"GET", "/history/process-instance"},
      {"GET", "/history/activity-instance"},
      {"GET", "/history/task"},
      {"GET", "/history/variable-instance"},
      {"GET", "/history/decision-instance"},
  };
  const long long instances = count("/engine-rest/process-instance/count");
  for (const auto& [method, path] : calls) {
    auto r = http_request(port_, method, "/engine-rest" + path, method == "GET" ? "" : "{}", kAnonymous);
    EXPECT_EQ(r.status, 401) << method << " " << path << ": " << r.body;
  }
  EXPECT_EQ(count("/engine-rest/process-instance/count"), instances);
}

}  // namespace
