// The user operation log (Camunda's /history/user-operation) over real HTTP against a real
// `dpc serve`: every logged operation appears once with the right user, operation type,
// entity type, category, ids and properties; a refused or failed operation logs nothing; a
// user sees only the entries of processes they may read the history of (or of categories
// granted to them); filters, sorting, paging and counts; annotations.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const char* const kPassword = "Oplog-rights-pass-2026";

std::string process(const std::string& id, const std::string& elements, const std::string& flows) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id=")" + id + R"(" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    )" + elements + R"(
    <bpmn:endEvent id="end"/>
    )" + flows + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

// start -> work (a user task for group `group`) -> end
std::string task_process(const std::string& id, const std::string& group) {
  return process(id, R"(<bpmn:userTask id="work" camunda:candidateGroups=")" + group + R"("/>)",
                 R"(<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>)");
}

class UserOperationLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("user_operation_log", port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return http_request(port_, method, path, body, {{"Content-Type", "application/json"}});
  }
  static HttpResponse as(const std::string& user, const std::string& method, const std::string& path,
                         const std::string& body = "") {
    return http_request(port_, method, path, body,
                        {{"Content-Type", "application/json"}, {"Authorization", basic_auth(user, kPassword)}});
  }
  static void create_user(const std::string& id, const std::vector<std::string>& groups = {}) {
    json body = {{"profile", {{"id", id}, {"firstName", id}, {"lastName", "Test"}, {"email", id + "@example.org"}}},
                 {"credentials", {{"password", kPassword}}}};
    auto r = admin("POST", "/engine-rest/user/create", body.dump());
    ASSERT_EQ(r.status, 204) << r.body;
    for (const auto& g : groups) {
      if (admin("GET", "/engine-rest/group/" + g).status == 404) {
        auto c = admin("POST", "/engine-rest/group/create", json{{"id", g}, {"name", g}, {"type", "WORKFLOW"}}.dump());
        ASSERT_EQ(c.status, 204) << c.body;
      }
      auto m = admin("PUT", "/engine-rest/group/" + g + "/members/" + id);
      ASSERT_EQ(m.status, 204) << m.body;
    }
  }
  static std::string grant(const std::string& user, std::vector<std::string> permissions, int resource_type,
                           const std::string& resource_id) {
    json body = {{"type", 1}, {"permissions", permissions}, {"resourceType", resource_type},
                 {"resourceId", resource_id}, {"userId", user}};
    auto r = admin("POST", "/engine-rest/authorization/create", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body).value("id", "") : "";
  }
  static std::string deploy(const std::string& name, const std::string& xml) {
    auto r = deploy_resource(port_, name, name + ".bpmn", xml);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["id"].get<std::string>() : "";
  }
  static std::string start(const std::string& key) {
    auto r = admin("POST", "/engine-rest/process-definition/key/" + key + "/start", json{{"variables", json::object()}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["id"].get<std::string>() : "";
  }
  static std::string task_of(const std::string& instance) {
    auto r = admin("GET", "/engine-rest/task?processInstanceId=" + instance);
    EXPECT_EQ(r.status, 200) << r.body;
    auto list = json::parse(r.body);
    return list.empty() ? "" : list[0]["id"].get<std::string>();
  }
  static json entries(const std::string& query, const std::string& user = "") {
    std::string path = "/engine-rest/history/user-operation" + (query.empty() ? "" : "?" + query);
    auto r = user.empty() ? admin("GET", path) : as(user, "GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? json::parse(r.body) : json::array();
  }
  static long long count(const std::string& query, const std::string& user = "") {
    std::string path = "/engine-rest/history/user-operation/count" + (query.empty() ? "" : "?" + query);
    auto r = user.empty() ? admin("GET", path) : as(user, "GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? json::parse(r.body).value("count", -1LL) : -1;
  }
  // The one entry of `list` with operation type `type` (and property, if given).
  static json find(const json& list, const std::string& type, const std::string& property = "") {
    json found;
    int n = 0;
    for (const auto& e : list) {
      if (e["operationType"] != type) continue;
      if (!property.empty() && e["property"] != property) continue;
      found = e;
      ++n;
    }
    EXPECT_EQ(n, 1) << "entries of type " << type << " " << property << " in " << list.dump(1);
    return found;
  }

  static int port_;
  static ServerProcess* server_;
};
int UserOperationLogTest::port_ = 0;
ServerProcess* UserOperationLogTest::server_ = nullptr;

TEST_F(UserOperationLogTest, TaskWorkIsLoggedWithTheUserTypeEntityAndProperties) {
  create_user("olga", {"oplog-clerks"});
  create_user("oscar", {"oplog-clerks"});
  std::string deployment = deploy("oplog_task", task_process("oplog_task", "oplog-clerks"));
  std::string pi = start("oplog_task");
  std::string task = task_of(pi);
  ASSERT_FALSE(task.empty());

  // Started by the admin over REST: Create on the ProcessInstance, category Operator.
  json created = find(entries("processInstanceId=" + pi), "Create");
  EXPECT_EQ(created["entityType"], "ProcessInstance");
  EXPECT_EQ(created["category"], "Operator");
  EXPECT_EQ(created["userId"], kTestAdminUser);
  EXPECT_EQ(created["processDefinitionKey"], "oplog_task");
  EXPECT_EQ(created["deploymentId"], deployment);
  EXPECT_TRUE(created["property"].is_null());

  ASSERT_EQ(as("olga", "POST", "/engine-rest/task/" + task + "/claim", R"({"userId":"olga"})").status, 204);
  json claim = find(entries("taskId=" + task), "Claim");
  EXPECT_EQ(claim["userId"], "olga");
  EXPECT_EQ(claim["entityType"], "Task");
  EXPECT_EQ(claim["category"], "TaskWorker");
  EXPECT_EQ(claim["property"], "assignee");
  EXPECT_TRUE(claim["orgValue"].is_null());
  EXPECT_EQ(claim["newValue"], "olga");
  EXPECT_EQ(claim["processInstanceId"], pi);
  EXPECT_FALSE(claim["executionId"].is_null());
  EXPECT_FALSE(claim["processDefinitionId"].is_null());
  EXPECT_FALSE(claim["timestamp"].is_null());

  ASSERT_EQ(admin("POST", "/engine-rest/task/" + task + "/assignee", R"({"userId":"oscar"})").status, 204);
  json assign = find(entries("taskId=" + task), "Assign");
  EXPECT_EQ(assign["orgValue"], "olga");
  EXPECT_EQ(assign["newValue"], "oscar");
  EXPECT_EQ(assign["userId"], kTestAdminUser);

  ASSERT_EQ(as("oscar", "PUT", "/engine-rest/task/" + task + "/localVariables/note",
               R"({"value":"checked","type":"String"})").status, 204);
  json setvar = find(entries("taskId=" + task + "&entityType=Variable"), "SetVariable");
  EXPECT_EQ(setvar["userId"], "oscar");
  EXPECT_EQ(setvar["category"], "TaskWorker");
  EXPECT_EQ(setvar["processInstanceId"], pi);
  ASSERT_EQ(as("oscar", "DELETE", "/engine-rest/task/" + task + "/localVariables/note").status, 204);
  find(entries("taskId=" + task + "&entityType=Variable"), "RemoveVariable");

  ASSERT_EQ(as("oscar", "POST", "/engine-rest/task/" + task + "/complete", "{}").status, 204);
  json complete = find(entries("taskId=" + task), "Complete");
  EXPECT_EQ(complete["userId"], "oscar");
  EXPECT_EQ(complete["property"], "delete");
  EXPECT_EQ(complete["orgValue"], "false");
  EXPECT_EQ(complete["newValue"], "true");
  EXPECT_EQ(complete["processInstanceId"], pi);

  // Each operation once: Create, Claim, Assign, SetVariable, RemoveVariable, Complete.
  EXPECT_EQ(count("processInstanceId=" + pi), 6);
}

TEST_F(UserOperationLogTest, TaskChangesAttachmentsAndIdentityLinksAreLogged) {
  create_user("tina", {"oplog-tellers"});
  create_user("tom", {"oplog-tellers"});
  deploy("oplog_change", task_process("oplog_change", "oplog-tellers"));
  std::string pi = start("oplog_change");
  std::string task = task_of(pi);
  ASSERT_FALSE(task.empty());
  ASSERT_EQ(as("tina", "POST", "/engine-rest/task/" + task + "/claim", R"({"userId":"tina"})").status, 204);

  // PUT /task/{id}: one Update entry per property that changed, with its old and new value.
  json task_json = json::parse(admin("GET", "/engine-rest/task/" + task).body);
  // Changing a task is assigning it (TASK_ASSIGN): the admin does it.
  ASSERT_EQ(admin("PUT", "/engine-rest/task/" + task,
               json{{"name", "Renamed"}, {"assignee", "tina"}, {"priority", 70},
                    {"description", task_json["description"]}}.dump()).status, 204);
  json updates = entries("taskId=" + task + "&operationType=Update");
  ASSERT_EQ(updates.size(), 2u) << updates.dump(1);
  json name = find(updates, "Update", "name");
  EXPECT_EQ(name["orgValue"], task_json["name"]);
  EXPECT_EQ(name["newValue"], "Renamed");
  EXPECT_EQ(name["userId"], kTestAdminUser);
  EXPECT_EQ(name["entityType"], "Task");
  EXPECT_EQ(name["processInstanceId"], pi);
  json priority = find(updates, "Update", "priority");
  EXPECT_EQ(priority["orgValue"], "50");
  EXPECT_EQ(priority["newValue"], "70");
  EXPECT_EQ(priority["operationId"], name["operationId"]);

  // Delegate: owner becomes tina, assignee tom, delegation PENDING; Resolve hands it back.
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + task + "/delegate", R"({"userId":"tom"})").status, 204);
  json delegated = entries("taskId=" + task + "&operationType=Delegate");
  EXPECT_EQ(find(delegated, "Delegate", "assignee")["newValue"], "tom");
  EXPECT_EQ(find(delegated, "Delegate", "owner")["newValue"], "tina");
  EXPECT_EQ(find(delegated, "Delegate", "delegation")["newValue"], "PENDING");
  ASSERT_EQ(as("tom", "POST", "/engine-rest/task/" + task + "/resolve", "{}").status, 204);
  json resolved = entries("taskId=" + task + "&operationType=Resolve");
  EXPECT_EQ(find(resolved, "Resolve", "assignee")["orgValue"], "tom");
  EXPECT_EQ(find(resolved, "Resolve", "assignee")["newValue"], "tina");
  EXPECT_EQ(find(resolved, "Resolve", "delegation")["newValue"], "RESOLVED");

  // Candidate links: entity IdentityLink, the link's type as property, the group as value.
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + task + "/identity-links",
               R"({"groupId":"risk","type":"candidate"})").status, 204);
  json added = find(entries("taskId=" + task), "AddGroupLink");
  EXPECT_EQ(added["entityType"], "IdentityLink");
  EXPECT_EQ(added["property"], "candidate");
  EXPECT_EQ(added["newValue"], "risk");
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + task + "/identity-links/delete",
               R"({"groupId":"risk","type":"candidate"})").status, 204);
  EXPECT_EQ(find(entries("taskId=" + task), "DeleteGroupLink")["orgValue"], "risk");

  // Attachments: AddAttachment / DeleteAttachment with the name, on the task's instance.
  auto created = http_request(port_, "POST", "/engine-rest/task/" + task + "/attachment/create",
                              multipart({{"attachment-name", "", "contract.pdf"}, {"url", "", "https://dms.example.org/7"}}),
                              {{"Content-Type", "multipart/form-data; boundary=" + kMultipartBoundary},
                               {"Authorization", basic_auth("tina", kPassword)}});
  ASSERT_EQ(created.status, 200) << created.body;
  json attachment_added = find(entries("taskId=" + task), "AddAttachment");
  EXPECT_EQ(attachment_added["entityType"], "Attachment");
  EXPECT_EQ(attachment_added["newValue"], "contract.pdf");
  EXPECT_EQ(attachment_added["processInstanceId"], pi);
  std::string aid = json::parse(created.body)["id"];
  ASSERT_EQ(as("tina", "DELETE", "/engine-rest/task/" + task + "/attachment/" + aid).status, 204);
  EXPECT_EQ(find(entries("taskId=" + task), "DeleteAttachment")["orgValue"], "contract.pdf");
  // Deleting it again finds nothing and logs nothing.
  EXPECT_EQ(as("tina", "DELETE", "/engine-rest/task/" + task + "/attachment/" + aid).status, 404);
  EXPECT_EQ(entries("taskId=" + task + "&operationType=DeleteAttachment").size(), 1u);
  // A refused change (unknown link type) logs nothing either.
  EXPECT_EQ(admin("POST", "/engine-rest/task/" + task + "/identity-links",
               R"({"userId":"tom","type":"watcher"})").status, 400);
  EXPECT_EQ(entries("taskId=" + task + "&entityType=IdentityLink").size(), 2u);
}

TEST_F(UserOperationLogTest, InstanceDefinitionJobAndDeploymentOperationsAreLogged) {
  std::string xml = process("oplog_ops",
                            R"(<bpmn:userTask id="work"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="ext" camunda:type="external" camunda:topic="oplog-topic"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:parallelGateway id="join"/>)",
                            R"(<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork"/>
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="work"/>
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="wait"/>
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="ext"/>
    <bpmn:sequenceFlow id="f5" sourceRef="work" targetRef="join"/>
    <bpmn:sequenceFlow id="f6" sourceRef="wait" targetRef="join"/>
    <bpmn:sequenceFlow id="f7" sourceRef="ext" targetRef="join"/>
    <bpmn:sequenceFlow id="f8" sourceRef="join" targetRef="end"/>)");
  std::string deployment = deploy("oplog_ops", xml);
  json deployed = find(entries("deploymentId=" + deployment + "&entityType=Deployment"), "Create",
                       "duplicateFilterEnabled");
  EXPECT_EQ(deployed["newValue"], "false");
  EXPECT_EQ(deployed["category"], "Operator");
  std::string pi = start("oplog_ops");

  ASSERT_EQ(admin("PUT", "/engine-rest/process-instance/" + pi + "/suspended", R"({"suspended":true})").status, 204);
  ASSERT_EQ(admin("PUT", "/engine-rest/process-instance/" + pi + "/suspended", R"({"suspended":false})").status, 204);
  json suspend = find(entries("processInstanceId=" + pi), "Suspend");
  EXPECT_EQ(suspend["entityType"], "ProcessInstance");
  EXPECT_EQ(suspend["property"], "suspensionState");
  EXPECT_EQ(suspend["newValue"], "suspended");
  EXPECT_EQ(find(entries("processInstanceId=" + pi), "Activate")["newValue"], "active");

  ASSERT_EQ(admin("PUT", "/engine-rest/process-instance/" + pi + "/variables/amount",
                  R"({"value":5,"type":"Integer"})").status, 204);
  json setvar = find(entries("processInstanceId=" + pi + "&entityType=Variable"), "SetVariable");
  EXPECT_EQ(setvar["category"], "Operator");
  ASSERT_EQ(admin("POST", "/engine-rest/process-instance/" + pi + "/variables",
                  R"({"modifications":{"b":{"value":1,"type":"Integer"}},"deletions":["amount"]})").status, 204);
  find(entries("processInstanceId=" + pi + "&entityType=Variable"), "ModifyVariable");

  // Job and external task retries carry their ids and the old value.
  auto jobs = json::parse(admin("GET", "/engine-rest/job?processInstanceId=" + pi).body);
  ASSERT_EQ(jobs.size(), 1u);
  std::string job = jobs[0]["id"];
  ASSERT_EQ(admin("PUT", "/engine-rest/job/" + job + "/retries", R"({"retries":7})").status, 204);
  json retries = find(entries("jobId=" + job), "SetJobRetries");
  EXPECT_EQ(retries["entityType"], "Job");
  EXPECT_EQ(retries["orgValue"], "3");
  EXPECT_EQ(retries["newValue"], "7");
  EXPECT_EQ(retries["processInstanceId"], pi);
  auto ext = json::parse(admin("GET", "/engine-rest/external-task?processInstanceId=" + pi).body);
  ASSERT_EQ(ext.size(), 1u);
  std::string ext_id = ext[0]["id"];
  ASSERT_EQ(admin("PUT", "/engine-rest/external-task/" + ext_id + "/retries", R"({"retries":2})").status, 204);
  json ext_retries = find(entries("externalTaskId=" + ext_id), "SetExternalTaskRetries");
  EXPECT_EQ(ext_retries["entityType"], "ExternalTask");
  EXPECT_EQ(ext_retries["newValue"], "2");
  EXPECT_EQ(ext_retries["processInstanceId"], pi);

  auto mod = admin("POST", "/engine-rest/process-instance/" + pi + "/modification",
                   R"({"instructions":[{"type":"cancel","activityId":"wait"}],"annotation":"timer not needed"})");
  ASSERT_EQ(mod.status, 204) << mod.body;
  json modified = find(entries("processInstanceId=" + pi), "ModifyProcessInstance");
  EXPECT_EQ(modified["annotation"], "timer not needed");

  auto def = json::parse(admin("GET", "/engine-rest/process-definition/key/oplog_ops").body);
  std::string def_id = def["id"];
  ASSERT_EQ(admin("PUT", "/engine-rest/process-definition/" + def_id + "/suspended",
                  R"({"suspended":true,"includeProcessInstances":false})").status, 204);
  json def_suspend = find(entries("processDefinitionId=" + def_id + "&entityType=ProcessDefinition"),
                          "SuspendProcessDefinition", "suspensionState");
  EXPECT_EQ(def_suspend["newValue"], "suspended");
  EXPECT_EQ(find(entries("processDefinitionId=" + def_id + "&entityType=ProcessDefinition"),
                 "SuspendProcessDefinition", "includeProcessInstances")["newValue"], "false");
  ASSERT_EQ(admin("PUT", "/engine-rest/process-definition/" + def_id + "/suspended",
                  R"({"suspended":false})").status, 204);
  find(entries("processDefinitionId=" + def_id + "&entityType=ProcessDefinition"), "ActivateProcessDefinition",
       "suspensionState");

  ASSERT_EQ(admin("DELETE", "/engine-rest/process-instance/" + pi).status, 204);
  json deleted = find(entries("processInstanceId=" + pi), "Delete");
  EXPECT_EQ(deleted["entityType"], "ProcessInstance");

  ASSERT_EQ(admin("DELETE", "/engine-rest/deployment/" + deployment + "?cascade=true").status, 204);
  json dep_deleted = find(entries("deploymentId=" + deployment + "&entityType=Deployment"), "Delete");
  EXPECT_EQ(dep_deleted["property"], "cascade");
  EXPECT_EQ(dep_deleted["newValue"], "true");
}

TEST_F(UserOperationLogTest, MessageCorrelationIsLogged) {
  std::string xml = task_process("oplog_msg", "nobody");
  xml.replace(xml.find("<bpmn:userTask id=\"work\" camunda:candidateGroups=\"nobody\"/>"),
              std::string("<bpmn:userTask id=\"work\" camunda:candidateGroups=\"nobody\"/>").size(),
              "<bpmn:receiveTask id=\"work\" messageRef=\"m\"/>");
  xml.replace(xml.find("</bpmn:definitions>"), 19, "<bpmn:message id=\"m\" name=\"oplog-msg\"/></bpmn:definitions>");
  deploy("oplog_msg", xml);
  std::string pi = start("oplog_msg");
  auto r = admin("POST", "/engine-rest/message", json{{"messageName", "oplog-msg"}, {"processInstanceId", pi}}.dump());
  ASSERT_EQ(r.status, 204) << r.body;
  json correlated = find(entries("processInstanceId=" + pi), "CorrelateMessage");
  EXPECT_EQ(correlated["property"], "messageName");
  EXPECT_EQ(correlated["newValue"], "oplog-msg");
  EXPECT_EQ(correlated["category"], "Operator");
  // A message nobody waits for fails and logs nothing.
  long long before = count("");
  EXPECT_EQ(admin("POST", "/engine-rest/message", json{{"messageName", "oplog-none"}}.dump()).status, 400);
  EXPECT_EQ(count(""), before);
}

TEST_F(UserOperationLogTest, UnclaimSuspensionByKeyAndDefinitionDeletion) {
  create_user("uma", {"oplog-unclaim"});
  deploy("oplog_unclaim", task_process("oplog_unclaim", "oplog-unclaim"));
  std::string pi = start("oplog_unclaim");
  std::string task = task_of(pi);
  ASSERT_EQ(as("uma", "POST", "/engine-rest/task/" + task + "/claim", R"({"userId":"uma"})").status, 204);
  ASSERT_EQ(as("uma", "POST", "/engine-rest/task/" + task + "/unclaim").status, 204);
  // Camunda's REST unclaims by setting the assignee to nobody: an Assign entry.
  json claim = find(entries("taskId=" + task), "Claim");
  EXPECT_EQ(claim["newValue"], "uma");
  json unclaim = find(entries("taskId=" + task), "Assign");
  EXPECT_EQ(unclaim["userId"], "uma");
  EXPECT_EQ(unclaim["orgValue"], "uma");
  EXPECT_TRUE(unclaim["newValue"].is_null());

  ASSERT_EQ(admin("PUT", "/engine-rest/process-definition/suspended",
                  R"({"processDefinitionKey":"oplog_unclaim","suspended":true,"includeProcessInstances":true})")
                .status,
            204);
  json by_key = find(entries("processDefinitionKey=oplog_unclaim&entityType=ProcessDefinition"),
                     "SuspendProcessDefinition", "includeProcessInstances");
  EXPECT_EQ(by_key["newValue"], "true");
  EXPECT_TRUE(by_key["processDefinitionId"].is_null());  // every version

  auto def = json::parse(admin("GET", "/engine-rest/process-definition/key/oplog_unclaim").body);
  std::string def_id = def["id"];
  ASSERT_EQ(admin("DELETE", "/engine-rest/process-definition/" + def_id + "?cascade=true").status, 204);
  json deleted = find(entries("processDefinitionId=" + def_id + "&entityType=ProcessDefinition"), "Delete");
  EXPECT_EQ(deleted["property"], "cascade");
  EXPECT_EQ(deleted["newValue"], "true");
  EXPECT_EQ(deleted["processDefinitionKey"], "oplog_unclaim");
}

TEST_F(UserOperationLogTest, IdentityOperationsAreAdminEntries) {
  create_user("ida");
  auto list = entries("entityType=User&operationType=Create");
  bool found = false;
  for (const auto& e : list) found = found || (e["newValue"] == "ida" && e["category"] == "Admin");
  EXPECT_TRUE(found) << list.dump(1);

  ASSERT_EQ(admin("POST", "/engine-rest/group/create", R"({"id":"oplog-g","name":"G","type":"WORKFLOW"})").status, 204);
  ASSERT_EQ(admin("PUT", "/engine-rest/group/oplog-g/members/ida").status, 204);
  ASSERT_EQ(admin("DELETE", "/engine-rest/group/oplog-g/members/ida").status, 204);
  auto memberships = entries("entityType=Group%20membership&categoryIn=Admin");
  int created = 0, deleted = 0;
  for (const auto& e : memberships) {
    if (e["property"] == "groupId" && e["newValue"] == "oplog-g") {
      created += e["operationType"] == "Create";
      deleted += e["operationType"] == "Delete";
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(deleted, 1);

  std::string auth = grant("ida", {"READ"}, 6, "some-key");
  auto auth_entries = entries("entityType=Authorization&operationType=Create");
  ASSERT_FALSE(auth_entries.empty());
  std::string op = auth_entries.back()["operationId"];
  auto one_op = entries("operationId=" + op);
  std::set<std::string> props;
  for (const auto& e : one_op) props.insert(e["property"].get<std::string>());
  EXPECT_TRUE(props.count("resource") && props.count("resourceId") && props.count("userId") &&
              props.count("permissionBits") && props.count("permissions") && props.count("type"))
      << one_op.dump(1);
  EXPECT_EQ(find(one_op, "Create", "resource")["newValue"], "ProcessDefinition");
  EXPECT_EQ(find(one_op, "Create", "permissions")["newValue"], "READ");
  json body = {{"type", 1}, {"permissions", {"READ", "UPDATE"}}, {"resourceType", 6},
               {"resourceId", "some-key"}, {"userId", "ida"}};
  ASSERT_EQ(admin("PUT", "/engine-rest/authorization/" + auth, body.dump()).status, 204);
  json bits = find(entries("entityType=Authorization&operationType=Update"), "Update", "permissionBits");
  EXPECT_EQ(bits["orgValue"], "2");
  EXPECT_EQ(bits["newValue"], "6");
  ASSERT_EQ(admin("DELETE", "/engine-rest/authorization/" + auth).status, 204);
  json gone = find(entries("entityType=Authorization&operationType=Delete"), "Delete", "resourceId");
  EXPECT_EQ(gone["newValue"], "some-key");  // Camunda logs the deleted values as new values

  ASSERT_EQ(admin("DELETE", "/engine-rest/user/ida").status, 204);
  EXPECT_EQ(count("entityType=User&operationType=Delete&category=Admin"), 1);
}

TEST_F(UserOperationLogTest, AFailedOrRefusedOperationLogsNothing) {
  create_user("fay", {"oplog-fail"});
  create_user("finn", {"oplog-fail"});
  create_user("frank");
  deploy("oplog_fail", task_process("oplog_fail", "oplog-fail"));
  std::string pi = start("oplog_fail");
  std::string task = task_of(pi);
  ASSERT_EQ(as("fay", "POST", "/engine-rest/task/" + task + "/claim", R"({"userId":"fay"})").status, 204);
  long long before = count("");

  // Claimed by someone else: the engine refuses inside the command (409).
  EXPECT_EQ(as("finn", "POST", "/engine-rest/task/" + task + "/claim", R"({"userId":"finn"})").status, 409);
  // Not allowed: 403 before anything runs.
  EXPECT_EQ(as("frank", "POST", "/engine-rest/task/" + task + "/complete", "{}").status, 403);
  // Suspended: the command fails after loading the instance.
  ASSERT_EQ(admin("PUT", "/engine-rest/process-instance/" + pi + "/suspended", R"({"suspended":true})").status, 204);
  before += 1;  // the suspension itself
  EXPECT_NE(as("fay", "POST", "/engine-rest/task/" + task + "/complete", "{}").status, 204);
  // Bad input and unknown targets.
  EXPECT_EQ(admin("PUT", "/engine-rest/job/no-such-job/retries", R"({"retries":1})").status, 404);
  EXPECT_EQ(admin("DELETE", "/engine-rest/process-instance/no-such-instance").status, 404);
  EXPECT_EQ(admin("DELETE", "/engine-rest/user/no-such-user").status, 404);
  EXPECT_NE(admin("POST", "/engine-rest/user/create",
                  json{{"profile", {{"id", "fay"}}}, {"credentials", {{"password", kPassword}}}}.dump()).status, 204);
  EXPECT_EQ(count(""), before);
  EXPECT_EQ(count("taskId=" + task + "&operationType=Complete"), 0);
}

TEST_F(UserOperationLogTest, UsersSeeOnlyEntriesOfProcessesTheyMayReadTheHistoryOf) {
  create_user("vera", {"oplog-vis"});
  deploy("oplog_seen", task_process("oplog_seen", "oplog-vis"));
  deploy("oplog_hidden", task_process("oplog_hidden", "oplog-vis"));
  std::string seen = start("oplog_seen");
  std::string hidden = start("oplog_hidden");
  grant("vera", {"READ_HISTORY"}, 6, "oplog_seen");

  auto list = entries("", "vera");
  ASSERT_FALSE(list.empty());
  for (const auto& e : list) {
    EXPECT_EQ(e["processDefinitionKey"], "oplog_seen") << e.dump();
  }
  EXPECT_EQ(count("", "vera"), static_cast<long long>(list.size()));
  EXPECT_EQ(count("processInstanceId=" + hidden, "vera"), 0);
  EXPECT_EQ(count("processInstanceId=" + seen, "vera"), 1);
  // Admin entries only with READ on the category (resource type 17).
  EXPECT_EQ(count("category=Admin", "vera"), 0);
  grant("vera", {"READ"}, 17, "Admin");
  EXPECT_GT(count("category=Admin", "vera"), 0);
  EXPECT_EQ(count("processInstanceId=" + hidden, "vera"), 0);
  // The administrator sees both.
  EXPECT_EQ(count("processInstanceId=" + hidden), 1);
}

TEST_F(UserOperationLogTest, FiltersSortingPagingAndCount) {
  create_user("paula", {"oplog-page"});
  deploy("oplog_page", task_process("oplog_page", "oplog-page"));
  std::vector<std::string> instances;
  for (int i = 0; i < 5; ++i) instances.push_back(start("oplog_page"));
  std::string q = "processDefinitionKey=oplog_page";
  EXPECT_EQ(count(q), 5);

  auto asc = entries(q + "&sortBy=timestamp&sortOrder=asc");
  auto desc = entries(q + "&sortBy=timestamp&sortOrder=desc");
  ASSERT_EQ(asc.size(), 5u);
  ASSERT_EQ(desc.size(), 5u);
  EXPECT_LE(asc[0]["timestamp"].get<std::string>(), asc[4]["timestamp"].get<std::string>());
  EXPECT_GE(desc[0]["timestamp"].get<std::string>(), desc[4]["timestamp"].get<std::string>());
  std::set<std::string> paged;
  for (int first = 0; first < 5; first += 2) {
    auto page = entries(q + "&sortBy=timestamp&sortOrder=asc&firstResult=" + std::to_string(first) + "&maxResults=2");
    EXPECT_EQ(page.size(), first == 4 ? 1u : 2u);
    for (const auto& e : page) paged.insert(e["id"].get<std::string>());
  }
  EXPECT_EQ(paged.size(), 5u);

  EXPECT_EQ(count(q + "&operationType=Create&entityType=ProcessInstance&category=Operator"), 5);
  EXPECT_EQ(count(q + "&entityTypeIn=Task,ProcessInstance&categoryIn=Operator,TaskWorker"), 5);
  EXPECT_EQ(count(q + "&operationType=Claim"), 0);
  EXPECT_EQ(count(q + "&userId=" + std::string(kTestAdminUser)), 5);
  EXPECT_EQ(count(q + "&userId=paula"), 0);
  EXPECT_EQ(count(q + "&afterTimestamp=2000-01-01T00:00:00.000%2B0000"), 5);
  EXPECT_EQ(count(q + "&beforeTimestamp=2000-01-01T00:00:00.000%2B0000"), 0);
  std::string first_ts = asc[0]["timestamp"];
  std::string encoded = first_ts;
  if (auto plus = encoded.find('+'); plus != std::string::npos) encoded.replace(plus, 1, "%2B");
  EXPECT_LE(count(q + "&afterTimestamp=" + encoded), 4);

  std::string task = task_of(instances[0]);
  ASSERT_EQ(as("paula", "POST", "/engine-rest/task/" + task + "/claim", R"({"userId":"paula"})").status, 204);
  EXPECT_EQ(count(q + "&userId=paula&operationType=Claim&property=assignee"), 1);
  EXPECT_EQ(count("taskId=" + task), 1);

  // Bad parameters are a 400 naming them.
  auto bad_sort = admin("GET", "/engine-rest/history/user-operation?sortBy=nope&sortOrder=asc");
  EXPECT_EQ(bad_sort.status, 400);
  auto bad_date = admin("GET", "/engine-rest/history/user-operation?afterTimestamp=yesterday");
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_NE(bad_date.body.find("afterTimestamp"), std::string::npos) << bad_date.body;
  // Only operations of logged-in users are logged (not the job executor's work).
  for (const auto& e : entries("")) EXPECT_FALSE(e["userId"].is_null()) << e.dump();
  // Hostile filter text matches nothing and breaks nothing.
  EXPECT_EQ(count("userId=x'%20OR%20'1'%3D'1"), 0);
}

TEST_F(UserOperationLogTest, AnnotationsAreSetAndClearedPerOperation) {
  create_user("anna");
  deploy("oplog_note", task_process("oplog_note", "oplog-note"));
  std::string pi = start("oplog_note");
  json created = find(entries("processInstanceId=" + pi), "Create");
  std::string op = created["operationId"];
  EXPECT_TRUE(created["annotation"].is_null());

  auto set = admin("PUT", "/engine-rest/history/user-operation/" + op + "/set-annotation",
                   R"({"annotation":"customer called"})");
  ASSERT_EQ(set.status, 204) << set.body;
  EXPECT_EQ(find(entries("operationId=" + op), "Create")["annotation"], "customer called");

  // Without UPDATE on the category: 403 and unchanged.
  auto refused = as("anna", "PUT", "/engine-rest/history/user-operation/" + op + "/set-annotation",
                    R"({"annotation":"mine"})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(find(entries("operationId=" + op), "Create")["annotation"], "customer called");
  // A wrong body or an unknown operation: 400, unchanged.
  EXPECT_EQ(admin("PUT", "/engine-rest/history/user-operation/" + op + "/set-annotation", R"({"annotation":5})").status, 400);
  EXPECT_EQ(admin("PUT", "/engine-rest/history/user-operation/no-such-op/set-annotation", R"({"annotation":"x"})").status, 400);

  ASSERT_EQ(admin("PUT", "/engine-rest/history/user-operation/" + op + "/clear-annotation").status, 204);
  EXPECT_TRUE(find(entries("operationId=" + op), "Create")["annotation"].is_null());
}

}  // namespace
