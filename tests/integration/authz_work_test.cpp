// Authorizations on the work resources over real HTTP against a real `dpc serve`: task lists
// filtered in SQL (candidate groups, assignee, READ_TASK on the definition, a revoke beating a
// group grant) with exact counts and paging, the claim/complete/assign matrix, external task
// fetch-and-lock and changes, job lists and changes, and 401 for anonymous callers. Every
// refused change is checked to have changed nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const char* const kPassword = "Work-rights-pass-2026";

std::string process(const std::string& id, const std::string& element) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id=")" + id + R"(" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    )" + element + R"(
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";
}

class AuthzWorkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("authz_work", port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  // As the test admin.
  static HttpResponse admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return http_request(port_, method, path, body, {{"Content-Type", "application/json"}});
  }
  static HttpResponse as(const std::string& user, const std::string& method, const std::string& path,
                         const std::string& body = "") {
    return http_request(port_, method, path, body,
                        {{"Content-Type", "application/json"}, {"Authorization", basic_auth(user, kPassword)}});
  }
  // A user in `groups` (created first: the credential cache keeps a principal's groups).
  static void create_user(const std::string& id, const std::vector<std::string>& groups = {}) {
    json body = {{"profile", {{"id", id}, {"firstName", id}, {"lastName", "Test"}, {"email", id + "@example.org"}}},
                 {"credentials", {{"password", kPassword}}}};
    auto r = admin("POST", "/engine-rest/user/create", body.dump());
    ASSERT_EQ(r.status, 204) << r.body;
    for (const auto& g : groups) {
      auto exists = admin("GET", "/engine-rest/group/" + g);
      if (exists.status == 404) {
        auto c = admin("POST", "/engine-rest/group/create", json{{"id", g}, {"name", g}, {"type", "WORKFLOW"}}.dump());
        ASSERT_EQ(c.status, 204) << c.body;
      }
      auto m = admin("PUT", "/engine-rest/group/" + g + "/members/" + id);
      ASSERT_EQ(m.status, 204) << m.body;
    }
  }
  // An authorization (type 1 grant, 2 revoke) for a user ("user:x") or group ("group:x").
  static std::string authorize(int type, const std::string& who, std::vector<std::string> permissions,
                               int resource_type, const std::string& resource_id) {
    json body = {{"type", type}, {"permissions", permissions}, {"resourceType", resource_type},
                 {"resourceId", resource_id}};
    if (who.rfind("user:", 0) == 0) body["userId"] = who.substr(5);
    else body["groupId"] = who.substr(6);
    auto r = admin("POST", "/engine-rest/authorization/create", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body).value("id", "") : "";
  }
  static void deploy(const std::string& name, const std::string& xml) {
    auto r = deploy_resource(port_, name, name + ".bpmn", xml);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static std::string start(const std::string& key, const json& variables = json::object()) {
    auto r = admin("POST", "/engine-rest/process-definition/key/" + key + "/start",
                   json{{"variables", variables}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["id"].get<std::string>() : "";
  }
  static json get_json(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body) : json();
  }
  static long long count_of(const HttpResponse& r) { return get_json(r).value("count", -1LL); }
  static std::set<std::string> ids_of(const json& list) {
    std::set<std::string> out;
    for (const auto& t : list) out.insert(t["id"].get<std::string>());
    return out;
  }

  static int port_;
  static ServerProcess* server_;
};
int AuthzWorkTest::port_ = 0;
ServerProcess* AuthzWorkTest::server_ = nullptr;

TEST_F(AuthzWorkTest, TaskListsShowOnlyWhatTheUserMaySeeWithExactCountsAndPages) {
  create_user("alice", {"g3", "g7"});
  deploy("authz_tasks", process("authz_tasks",
                                R"(<bpmn:userTask id="work" camunda:candidateGroups="${group}"/>)"));
  // 500 instances over g0..g9 from four connections at once.
  std::atomic<int> next{0}, failed{0};
  std::vector<std::thread> starters;
  for (int t = 0; t < 4; ++t) {
    starters.emplace_back([&] {
      HttpConnection c(port_);
      for (int i = next++; i < 500; i = next++) {
        json body = {{"variables", {{"group", {{"value", "g" + std::to_string(i % 10)}, {"type", "String"}}}}}};
        auto r = c.request("POST", "/engine-rest/process-definition/key/authz_tasks/start", body.dump(),
                           {{"Content-Type", "application/json"}});
        if (r.status != 200) ++failed;
      }
    });
  }
  for (auto& s : starters) s.join();
  ASSERT_EQ(failed, 0);
  const std::string key = "processDefinitionKey=authz_tasks";
  ASSERT_EQ(count_of(admin("GET", "/engine-rest/task/count?" + key)), 500);
  auto expected = ids_of(get_json(admin("GET", "/engine-rest/task?candidateGroups=g3,g7&" + key)));
  ASSERT_EQ(expected.size(), 100u);

  EXPECT_EQ(count_of(as("alice", "GET", "/engine-rest/task/count?" + key)), 100);
  EXPECT_EQ(count_of(as("alice", "POST", "/engine-rest/task/count", json{{"processDefinitionKey", "authz_tasks"}}.dump())), 100);
  EXPECT_EQ(ids_of(get_json(as("alice", "GET", "/engine-rest/task?" + key))), expected);
  // Pages of 30, GET and POST: exactly the 100, no duplicates.
  for (bool post : {false, true}) {
    std::set<std::string> seen;
    size_t rows = 0;
    for (int first = 0; first < 120; first += 30) {
      std::string paging = "firstResult=" + std::to_string(first) + "&maxResults=30";
      json filter = {{"processDefinitionKey", "authz_tasks"},
                     {"sorting", {{{"sortBy", "id"}, {"sortOrder", "asc"}}}}};
      auto page = post ? get_json(as("alice", "POST", "/engine-rest/task?" + paging, filter.dump()))
                       : get_json(as("alice", "GET", "/engine-rest/task?" + key + "&" + paging));
      EXPECT_EQ(page.size(), first < 90 ? 30u : first == 90 ? 10u : 0u) << first;
      rows += page.size();
      for (const auto& t : page) seen.insert(t["id"].get<std::string>());
    }
    EXPECT_EQ(rows, 100u);
    EXPECT_EQ(seen, expected);
  }

  // A task of another group assigned to someone else stays invisible (list and single read);
  // one assigned to alice becomes visible.
  auto g0 = get_json(admin("GET", "/engine-rest/task?candidateGroup=g0&maxResults=2&" + key));
  ASSERT_EQ(g0.size(), 2u);
  std::string other = g0[0]["id"], mine = g0[1]["id"];
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + other + "/assignee", R"({"userId":"dave"})").status, 204);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + mine + "/assignee", R"({"userId":"alice"})").status, 204);
  auto visible = ids_of(get_json(as("alice", "GET", "/engine-rest/task?" + key)));
  EXPECT_EQ(visible.size(), 101u);
  EXPECT_FALSE(visible.count(other));
  EXPECT_TRUE(visible.count(mine));
  EXPECT_EQ(count_of(as("alice", "GET", "/engine-rest/task/count?assignee=dave")), 0);
  auto refused = as("alice", "GET", "/engine-rest/task/" + other);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json::parse(refused.body).value("type", ""), "AuthorizationException");
  EXPECT_EQ(as("alice", "GET", "/engine-rest/task/" + other + "/variables").status, 403);
  EXPECT_EQ(as("alice", "GET", "/engine-rest/task/" + mine).status, 200);
  EXPECT_EQ(as("alice", "GET", "/engine-rest/task/no-such-task").status, 404);

  // READ_TASK on the definition key (through a group) shows all 500 ...
  authorize(1, "group:g7", {"READ_TASK"}, 6, "authz_tasks");
  EXPECT_EQ(count_of(as("alice", "GET", "/engine-rest/task/count?" + key)), 500);
  EXPECT_EQ(get_json(as("alice", "GET", "/engine-rest/task?" + key)).size(), 500u);
  EXPECT_EQ(as("alice", "GET", "/engine-rest/task/" + other).status, 200);
  // ... until a revoke for the user beats the group's grant.
  authorize(2, "user:alice", {"READ_TASK"}, 6, "authz_tasks");
  EXPECT_EQ(count_of(as("alice", "GET", "/engine-rest/task/count?" + key)), 101);
  EXPECT_EQ(as("alice", "GET", "/engine-rest/task/" + other).status, 403);
  // READ on one task (resource 7) shows that one.
  authorize(1, "user:alice", {"READ"}, 7, other);
  EXPECT_EQ(count_of(as("alice", "GET", "/engine-rest/task/count?" + key)), 102);
}

TEST_F(AuthzWorkTest, CandidatesClaimAndCompleteOthersAreRefusedAndChangeNothing) {
  create_user("sam", {"sales"});
  create_user("bob");
  create_user("carol");
  deploy("authz_claim", process("authz_claim", R"(<bpmn:userTask id="work" camunda:candidateGroups="sales"/>)"));
  std::vector<std::string> tasks;
  for (int i = 0; i < 3; ++i) {
    std::string pi = start("authz_claim");
    auto t = get_json(admin("GET", "/engine-rest/task?processInstanceId=" + pi));
    ASSERT_EQ(t.size(), 1u);
    tasks.push_back(t[0]["id"]);
  }
  auto task_of = [&](const std::string& id) { return get_json(admin("GET", "/engine-rest/task/" + id)); };
  const std::string a = "/engine-rest/task/" + tasks[0], b = "/engine-rest/task/" + tasks[1],
                    c = "/engine-rest/task/" + tasks[2];

  // Not a candidate: every kind of work is refused and nothing changes.
  EXPECT_EQ(as("bob", "POST", a + "/claim", R"({"userId":"bob"})").status, 403);
  EXPECT_EQ(as("bob", "POST", a + "/complete", "{}").status, 403);
  EXPECT_EQ(as("bob", "POST", a + "/submit-form", "{}").status, 403);
  EXPECT_EQ(as("bob", "POST", a + "/assignee", R"({"userId":"bob"})").status, 403);
  EXPECT_EQ(as("bob", "PUT", a + "/variables/x", R"({"value":1,"type":"Integer"})").status, 403);
  EXPECT_EQ(as("bob", "GET", a).status, 403);
  EXPECT_TRUE(task_of(tasks[0])["assignee"].is_null());
  EXPECT_EQ(admin("GET", a + "/variables/x").status, 404);

  // The candidate claims for themselves and completes.
  EXPECT_EQ(as("sam", "PUT", a + "/variables/x", R"({"value":1,"type":"Integer"})").status, 204);
  EXPECT_EQ(as("sam", "POST", a + "/claim", R"({"userId":"sam"})").status, 204);
  EXPECT_EQ(task_of(tasks[0])["assignee"], "sam");
  EXPECT_EQ(as("bob", "POST", a + "/unclaim").status, 403);
  EXPECT_EQ(task_of(tasks[0])["assignee"], "sam");
  EXPECT_EQ(as("sam", "POST", a + "/complete", "{}").status, 204);
  EXPECT_EQ(admin("GET", a).status, 404);

  // Claiming or assigning for someone else needs TASK_ASSIGN, even for a candidate.
  EXPECT_EQ(as("sam", "POST", b + "/claim", R"({"userId":"bob"})").status, 403);
  EXPECT_EQ(as("sam", "POST", b + "/assignee", R"({"userId":"bob"})").status, 403);
  EXPECT_EQ(as("carol", "POST", b + "/assignee", R"({"userId":"sam"})").status, 403);
  EXPECT_TRUE(task_of(tasks[1])["assignee"].is_null());
  authorize(1, "user:carol", {"TASK_ASSIGN"}, 7, tasks[1]);
  EXPECT_EQ(as("carol", "POST", b + "/assignee", R"({"userId":"sam"})").status, 204);
  EXPECT_EQ(task_of(tasks[1])["assignee"], "sam");
  EXPECT_EQ(as("carol", "POST", b + "/complete", "{}").status, 403);  // assigning is not working
  EXPECT_EQ(as("sam", "POST", b + "/complete", "{}").status, 204);

  // TASK_WORK on the definition lets bob work on any of its tasks; an admin may claim for others.
  authorize(1, "user:bob", {"TASK_WORK"}, 6, "authz_claim");
  EXPECT_EQ(as("bob", "POST", c + "/claim", R"({"userId":"bob"})").status, 204);
  EXPECT_EQ(task_of(tasks[2])["assignee"], "bob");
  EXPECT_EQ(admin("POST", c + "/unclaim").status, 204);
  EXPECT_EQ(admin("POST", c + "/claim", R"({"userId":"sam"})").status, 204);
  EXPECT_EQ(task_of(tasks[2])["assignee"], "sam");
}

TEST_F(AuthzWorkTest, ExternalTasksNeedInstanceRightsOnTheDefinition) {
  create_user("wendy");
  create_user("reader");
  deploy("authz_ext", process("authz_ext",
                              R"(<bpmn:serviceTask id="work" camunda:type="external" camunda:topic="authz-topic"/>)"));
  std::string pi = start("authz_ext");
  const std::string fetch =
      R"({"workerId":"w1","maxTasks":5,"topics":[{"topicName":"authz-topic","lockDuration":60000}]})";
  auto task = get_json(admin("GET", "/engine-rest/external-task?topicName=authz-topic"));
  ASSERT_EQ(task.size(), 1u);
  const std::string id = task[0]["id"];
  auto unlocked = [&] { return get_json(admin("GET", "/engine-rest/external-task/" + id))["workerId"].is_null(); };

  // No rights: an empty fetch (not a 403), the task stays unlocked; lists are empty.
  EXPECT_EQ(get_json(as("wendy", "POST", "/engine-rest/external-task/fetchAndLock", fetch)).size(), 0u);
  EXPECT_TRUE(unlocked());
  EXPECT_EQ(count_of(as("wendy", "GET", "/engine-rest/external-task/count?topicName=authz-topic")), 0);
  EXPECT_EQ(get_json(as("wendy", "GET", "/engine-rest/external-task?topicName=authz-topic")).size(), 0u);
  EXPECT_EQ(as("wendy", "GET", "/engine-rest/external-task/" + id).status, 403);

  // READ_INSTANCE alone shows it but does not fetch it; with UPDATE_INSTANCE it is fetched.
  std::string grant = authorize(1, "user:wendy", {"READ_INSTANCE"}, 6, "authz_ext");
  EXPECT_EQ(count_of(as("wendy", "GET", "/engine-rest/external-task/count?topicName=authz-topic")), 1);
  EXPECT_EQ(as("wendy", "GET", "/engine-rest/external-task/" + id).status, 200);
  EXPECT_EQ(get_json(as("wendy", "POST", "/engine-rest/external-task/fetchAndLock", fetch)).size(), 0u);
  EXPECT_TRUE(unlocked());
  // One authorization per user and resource (as in Camunda): the grant gets the second permission.
  auto updated = admin("PUT", "/engine-rest/authorization/" + grant,
                       json{{"type", 1}, {"permissions", {"READ_INSTANCE", "UPDATE_INSTANCE"}}, {"userId", "wendy"},
                            {"resourceType", 6}, {"resourceId", "authz_ext"}}.dump());
  ASSERT_EQ(updated.status, 204) << updated.body;
  auto locked = get_json(as("wendy", "POST", "/engine-rest/external-task/fetchAndLock", fetch));
  ASSERT_EQ(locked.size(), 1u);
  EXPECT_EQ(locked[0]["id"], id);

  // READ on the instance shows it to another user, who may still not change it.
  authorize(1, "user:reader", {"READ"}, 8, pi);
  EXPECT_EQ(count_of(as("reader", "GET", "/engine-rest/external-task/count?topicName=authz-topic")), 1);
  for (auto [method, path, body] :
       {std::tuple{"POST", "/complete", R"({"workerId":"w1"})"},
        std::tuple{"POST", "/failure", R"({"workerId":"w1","retries":0})"},
        std::tuple{"POST", "/bpmnError", R"({"workerId":"w1","errorCode":"e"})"},
        std::tuple{"POST", "/extendLock", R"({"workerId":"w1","newDuration":1000})"},
        std::tuple{"POST", "/unlock", ""}, std::tuple{"PUT", "/retries", R"({"retries":0})"}}) {
    EXPECT_EQ(as("reader", method, "/engine-rest/external-task/" + id + path, body).status, 403) << path;
  }
  auto still = get_json(admin("GET", "/engine-rest/external-task/" + id));
  EXPECT_EQ(still["workerId"], "w1");
  EXPECT_EQ(still["retries"], nullptr);
  EXPECT_EQ(as("wendy", "POST", "/engine-rest/external-task/" + id + "/complete", R"({"workerId":"w1"})").status, 204);
  EXPECT_EQ(admin("GET", "/engine-rest/external-task/" + id).status, 404);
  // An administrator fetches without authorizations.
  start("authz_ext");
  EXPECT_EQ(get_json(admin("POST", "/engine-rest/external-task/fetchAndLock", fetch)).size(), 1u);
}

TEST_F(AuthzWorkTest, JobsAreListedAndChangedOnlyWithInstanceRights) {
  create_user("jo");
  deploy("authz_job", process("authz_job", R"(<bpmn:intermediateCatchEvent id="work">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>)"));
  std::string pi = start("authz_job");
  start("authz_job");
  auto jobs = get_json(admin("GET", "/engine-rest/job?processDefinitionKey=authz_job"));
  ASSERT_EQ(jobs.size(), 2u);
  std::string id;
  for (const auto& j : jobs) {
    if (j["processInstanceId"] == pi) id = j["id"];
  }
  ASSERT_FALSE(id.empty());

  EXPECT_EQ(get_json(as("jo", "GET", "/engine-rest/job?processDefinitionKey=authz_job")).size(), 0u);
  EXPECT_EQ(count_of(as("jo", "GET", "/engine-rest/job/count")), 0);
  EXPECT_EQ(as("jo", "GET", "/engine-rest/job/" + id).status, 403);
  auto refused = as("jo", "PUT", "/engine-rest/job/" + id + "/retries", R"({"retries":0})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json::parse(refused.body).value("type", ""), "AuthorizationException");
  EXPECT_EQ(as("jo", "PUT", "/engine-rest/job/" + id + "/duedate", "{}").status, 403);
  EXPECT_EQ(as("jo", "POST", "/engine-rest/job/" + id + "/execute").status, 403);
  auto job = get_json(admin("GET", "/engine-rest/job/" + id));
  EXPECT_EQ(job["retries"], 3);
  EXPECT_EQ(job["dueDate"], jobs[0]["processInstanceId"] == pi ? jobs[0]["dueDate"] : jobs[1]["dueDate"]);

  // READ on one instance shows its job only; UPDATE_INSTANCE on the key allows changes.
  authorize(1, "user:jo", {"READ"}, 8, pi);
  auto seen = get_json(as("jo", "GET", "/engine-rest/job?processDefinitionKey=authz_job"));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["id"], id);
  EXPECT_EQ(count_of(as("jo", "POST", "/engine-rest/job/count", "{}")), 1);
  EXPECT_EQ(as("jo", "PUT", "/engine-rest/job/" + id + "/retries", R"({"retries":5})").status, 403);
  authorize(1, "user:jo", {"UPDATE_INSTANCE"}, 6, "authz_job");
  EXPECT_EQ(as("jo", "PUT", "/engine-rest/job/" + id + "/retries", R"({"retries":5})").status, 204);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/job/" + id))["retries"], 5);
}

TEST_F(AuthzWorkTest, AnonymousCallersGet401Everywhere) {
  const std::map<std::string, std::string> anonymous = {{"Authorization", ""}, {"Content-Type", "application/json"}};
  for (auto [method, path] : {std::pair{"GET", "/engine-rest/task"}, std::pair{"GET", "/engine-rest/task/count"},
                              std::pair{"POST", "/engine-rest/task"}, std::pair{"GET", "/engine-rest/task/x"},
                              std::pair{"POST", "/engine-rest/task/x/claim"}, std::pair{"POST", "/engine-rest/task/x/complete"},
                              std::pair{"POST", "/engine-rest/task/x/assignee"},
                              std::pair{"GET", "/engine-rest/task/x/variables"},
                              std::pair{"POST", "/engine-rest/external-task/fetchAndLock"},
                              std::pair{"GET", "/engine-rest/external-task"},
                              std::pair{"GET", "/engine-rest/external-task/count"},
                              std::pair{"POST", "/engine-rest/external-task/x/complete"},
                              std::pair{"PUT", "/engine-rest/external-task/x/retries"},
                              std::pair{"GET", "/engine-rest/job"}, std::pair{"GET", "/engine-rest/job/count"},
                              std::pair{"GET", "/engine-rest/job/x"}, std::pair{"PUT", "/engine-rest/job/x/retries"},
                              std::pair{"POST", "/engine-rest/job/x/execute"}}) {
    EXPECT_EQ(http_request(port_, method, path, "{}", anonymous).status, 401) << method << " " << path;
  }
}

}  // namespace
