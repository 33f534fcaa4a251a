// The read-only REST resources (process-instance lists, variables, activity tree, history,
// incidents, statistics) against a real `dpc serve` on a fresh database. The fixtures are
// inserted straight into the tables with libpqxx once the server has migrated the
// database, so these tests do not depend on the write side; then every assertion goes
// over HTTP and checks values, not just status codes.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <pqxx/pqxx>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr long long T0 = 1700000000000;  // 2023-11-14T22:13:20.000+0000

const char* const kFixtures[] = {
    "INSERT INTO deployment (id, name, deploy_time) VALUES ('dep-1', 'd', 1)",
    "INSERT INTO process_definition (id, key, version, name, resource_name, deployment_id, deploy_time) VALUES"
    " ('order:1:aaa', 'order', 1, 'Order process', 'order.bpmn', 'dep-1', 1),"
    " ('order:2:bbb', 'order', 2, 'Order process', 'order.bpmn', 'dep-1', 2),"
    " ('invoice:1:ccc', 'invoice', 1, 'Invoice', 'invoice.bpmn', 'dep-1', 3)",
    "INSERT INTO proc_inst (id, definition_id, definition_key, definition_version, business_key, suspended,"
    " start_time, start_activity_id) VALUES"
    " ('pi1', 'order:2:bbb', 'order', 2, 'BK-1', false, 1700000000000, 'start'),"
    " ('pi2', 'order:2:bbb', 'order', 2, 'BK-2', true, 1700000001000, 'start'),"
    " ('pi3', 'invoice:1:ccc', 'invoice', 1, 'INV-9', false, 1700000002000, 'start')",
    "INSERT INTO execution (id, proc_inst_id, parent_id, activity_id, activity_instance_id, state) VALUES"
    " ('pi1', 'pi1', NULL, NULL, 'pi1', 3), ('e1a', 'pi1', 'pi1', 'review', 'ai-review', 1),"
    " ('e1s', 'pi1', 'pi1', 'sub', 'ai-sub', 3), ('e1b', 'pi1', 'e1s', 'approve', 'ai-approve', 1),"
    " ('e1c', 'pi1', 'e1s', 'join', 'ai-join', 2), ('e1d', 'pi1', 'e1s', 'join', 'ai-join', 2),"
    " ('pi2', 'pi2', NULL, NULL, 'pi2', 3), ('e2a', 'pi2', 'pi2', 'review', 'ai2-review', 1),"
    " ('pi3', 'pi3', NULL, NULL, 'pi3', 3), ('e3a', 'pi3', 'pi3', 'pay', 'ai3-pay', 1)",
    "INSERT INTO hi_act_inst (id, parent_act_inst_id, activity_id, activity_name, activity_type, proc_inst_id,"
    " proc_def_id, proc_def_key, execution_id, task_id, assignee, start_time, end_time, canceled) VALUES"
    " ('ai-start', 'pi1', 'start', 'Start', 'startEvent', 'pi1', 'order:2:bbb', 'order', 'pi1', NULL, NULL,"
    "  1700000000000, 1700000000010, false),"
    " ('ai-review', 'pi1', 'review', 'Review order', 'userTask', 'pi1', 'order:2:bbb', 'order', 'e1a', 't1',"
    "  'demo', 1700000000100, NULL, false),"
    " ('ai-sub', 'pi1', 'sub', 'Approval', 'subProcess', 'pi1', 'order:2:bbb', 'order', 'e1s', NULL, NULL,"
    "  1700000000200, NULL, false),"
    " ('ai-approve', 'ai-sub', 'approve', 'Approve', 'serviceTask', 'pi1', 'order:2:bbb', 'order', 'e1b',"
    "  NULL, NULL, 1700000000300, NULL, false),"
    " ('ai-join', 'ai-sub', 'join', NULL, 'parallelGateway', 'pi1', 'order:2:bbb', 'order', 'e1c', NULL, NULL,"
    "  1700000000400, NULL, false),"
    " ('ai2-review', 'pi2', 'review', 'Review order', 'userTask', 'pi2', 'order:2:bbb', 'order', 'e2a', 't2',"
    "  NULL, 1700000001100, NULL, false),"
    " ('ai2-cancel', 'pi2', 'timer', 'Timer', 'boundaryTimer', 'pi2', 'order:2:bbb', 'order', 'e2a', NULL,"
    "  NULL, 1700000001100, 1700000001500, true),"
    " ('ai3-pay', 'pi3', 'pay', 'Pay', 'serviceTask', 'pi3', 'invoice:1:ccc', 'invoice', 'e3a', NULL, NULL,"
    "  1700000002100, NULL, false)",
    "INSERT INTO variable (id, proc_inst_id, scope_id, task_id, name, type, long_value, double_value,"
    " text_value, bytes_value, value_info) VALUES"
    " ('v1', 'pi1', 'pi1', NULL, 'amount', 'Integer', 500, NULL, NULL, NULL, NULL),"
    " ('v2', 'pi1', 'pi1', NULL, 'customer', 'String', NULL, NULL, 'Alice', NULL, NULL),"
    " ('v3', 'pi1', 'pi1', NULL, 'approved', 'Boolean', 1, NULL, NULL, NULL, NULL),"
    " ('v4', 'pi1', 'pi1', NULL, 'rate', 'Double', NULL, 0.5, NULL, NULL, NULL),"
    " ('v5', 'pi1', 'pi1', NULL, 'doc', 'Bytes', NULL, NULL, NULL, 'hello'::bytea, NULL),"
    " ('v6', 'pi1', 'pi1', NULL, 'sheet', 'File', NULL, NULL, NULL, 'a,b'::bytea,"
    "  '{\"filename\":\"x.csv\",\"mimetype\":\"text/csv\",\"encoding\":\"UTF-8\"}'),"
    " ('v7', 'pi1', 'e1s', NULL, 'inner', 'String', NULL, NULL, 'sub-local', NULL, NULL),"
    " ('v8', 'pi1', 'e1a', 't1', 'tl', 'String', NULL, NULL, 'task-local', NULL, NULL),"
    " ('v9', 'pi2', 'pi2', NULL, 'amount', 'Integer', 50, NULL, NULL, NULL, NULL),"
    " ('v10', 'pi2', 'pi2', NULL, 'customer', 'String', NULL, NULL, 'Bob', NULL, NULL),"
    " ('v11', 'pi3', 'pi3', NULL, 'amount', 'Long', 5000, NULL, NULL, NULL, NULL)",
    "INSERT INTO incident (id, type, message, proc_inst_id, execution_id, activity_id, proc_def_id,"
    " configuration, created) VALUES"
    " ('inc1', 'failedExternalTask', 'boom', 'pi1', 'e1b', 'approve', 'order:2:bbb', 'ext-1', 1700000005000),"
    " ('inc2', 'failedJob', 'bang', 'pi3', 'e3a', 'pay', 'invoice:1:ccc', 'job-1', 1700000006000)",
    // The incidents' history: inc1 still open, an earlier one at the same activity resolved.
    "INSERT INTO hi_incident (id, type, message, proc_inst_id, activity_id, proc_def_id, configuration, created,"
    " end_time, state) VALUES"
    " ('inc1', 'failedExternalTask', 'boom', 'pi1', 'approve', 'order:2:bbb', 'ext-1', 1700000005000, NULL, 'open'),"
    " ('inc0', 'failedExternalTask', 'boom', 'pi1', 'approve', 'order:2:bbb', 'ext-0', 1700000004000,"
    "  1700000004500, 'resolved'),"
    " ('inc2', 'failedJob', 'bang', 'pi3', 'pay', 'invoice:1:ccc', 'job-1', 1700000006000, NULL, 'open')",
    "INSERT INTO hi_proc_inst (id, definition_id, definition_key, definition_version, business_key, state,"
    " start_time, end_time, start_activity_id, end_activity_id, delete_reason) VALUES"
    " ('pi1', 'order:2:bbb', 'order', 2, 'BK-1', 'ACTIVE', 1700000000000, NULL, 'start', NULL, NULL),"
    " ('pi2', 'order:2:bbb', 'order', 2, 'BK-2', 'ACTIVE', 1700000001000, NULL, 'start', NULL, NULL),"
    " ('pi3', 'invoice:1:ccc', 'invoice', 1, 'INV-9', 'ACTIVE', 1700000002000, NULL, 'start', NULL, NULL),"
    " ('pi4', 'order:1:aaa', 'order', 1, 'BK-0', 'COMPLETED', 1699999990000, 1699999996000, 'start', 'end', NULL),"
    " ('pi5', 'invoice:1:ccc', 'invoice', 1, NULL, 'EXTERNALLY_TERMINATED', 1699999997000, 1699999998000,"
    "  'start', NULL, 'cancelled by user')",
    "INSERT INTO hi_task (id, name, assignee, proc_inst_id, execution_id, proc_def_id, proc_def_key,"
    " task_def_key, activity_instance_id, created, end_time, due, priority, delete_reason) VALUES"
    " ('t0', 'Check', 'john', 'pi4', 'x4', 'order:1:aaa', 'order', 'check', 'ai4', 1699999991000,"
    "  1699999995000, NULL, 80, 'completed'),"
    " ('t1', 'Review order', 'demo', 'pi1', 'e1a', 'order:2:bbb', 'order', 'review', 'ai-review',"
    "  1700000000100, NULL, 1700086400000, 50, NULL),"
    " ('t2', 'Review order', NULL, 'pi2', 'e2a', 'order:2:bbb', 'order', 'review', 'ai2-review',"
    "  1700000001100, NULL, NULL, 60, NULL)",
    "INSERT INTO hi_var_update (variable_id, proc_inst_id, proc_def_key, scope_id, task_id, name, type,"
    " long_value, text_value, time, deleted) VALUES"
    " ('v1', 'pi1', 'order', 'pi1', NULL, 'amount', 'Integer', 100, NULL, 1700000000000, false),"
    " ('v1', 'pi1', 'order', 'pi1', NULL, 'amount', 'Integer', 300, NULL, 1700000000001, false),"
    " ('v1', 'pi1', 'order', 'pi1', NULL, 'amount', 'Integer', 500, NULL, 1700000000002, false),"
    " ('vt', 'pi1', 'order', 'pi1', NULL, 'temp', 'String', NULL, 'x', 1700000000003, false),"
    " ('vt', 'pi1', 'order', 'pi1', NULL, 'temp', 'String', NULL, 'x', 1700000000004, true),"
    " ('v8', 'pi1', 'order', 'e1a', 't1', 'tl', 'String', NULL, 'task-local', 1700000000005, false),"
    " ('v10', 'pi2', 'order', 'pi2', NULL, 'customer', 'String', NULL, 'Bob', 1700000001000, false)",
};

class Server {
 public:
  static Server& get() {
    static Server s;
    return s;
  }
  int port() const { return port_; }
  ~Server() {
    process_->signal(SIGTERM);
    process_->wait_exit(20s);
  }

 private:
  Server() : port_(free_port()) {
    std::string db = create_test_database("read");
    std::string log = "/tmp/dpc-read-api-" + std::to_string(getpid()) + ".log";
    process_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--no-access-log"},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", db}, {"DPC_PORT", std::to_string(port_)},
                                           {"DPC_SAMPLES_DIR", "/nonexistent"}},
        "", log);
    if (!process_->wait_for_health(port_, 30s)) {
      ADD_FAILURE() << process_->log();
      return;
    }
    pqxx::connection c(db);
    pqxx::work tx(c);
    for (const char* sql : kFixtures) tx.exec(sql);
    tx.commit();
  }
  int port_;
  std::unique_ptr<ServerProcess> process_;
};

struct Reply {
  int status;
  json body;
  HttpResponse raw;
};

Reply call(const std::string& method, const std::string& target, const json& body = nullptr) {
  auto r = http_request(Server::get().port(), method, target, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}});
  json j = json::parse(r.body, nullptr, false);
  return {r.status, j.is_discarded() ? json(r.body) : j, r};
}

json get_ok(const std::string& target) {
  auto r = call("GET", target);
  EXPECT_EQ(r.status, 200) << target << " -> " << r.raw.body;
  return r.body;
}

// The values of `field` in a JSON array, in order.
std::vector<std::string> ids(const json& list, const char* field = "id") {
  std::vector<std::string> out;
  if (!list.is_array()) return {"<not an array: " + list.dump() + ">"};
  for (const auto& e : list) out.push_back(e[field].is_string() ? e[field].get<std::string>() : e[field].dump());
  return out;
}

using V = std::vector<std::string>;

void expect_bad_request(const std::string& target, const std::string& mention) {
  auto r = call("GET", target);
  EXPECT_EQ(r.status, 400) << target << " -> " << r.raw.body;
  ASSERT_TRUE(r.body.is_object()) << target;
  EXPECT_EQ(r.body["type"], "InvalidRequestException") << target;
  EXPECT_NE(r.body.value("message", "").find(mention), std::string::npos) << target << " -> " << r.raw.body;
  EXPECT_TRUE(r.body.contains("code"));
}

const std::string PI = "/engine-rest/process-instance";
const std::string HI = "/engine-rest/history";

TEST(ReadApiTest, ProcessInstanceFilters) {
  EXPECT_EQ(get_ok(PI + "/count")["count"], 3);
  EXPECT_EQ(ids(get_ok(PI)), (V{"pi1", "pi2", "pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?processDefinitionKey=order")), (V{"pi1", "pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?businessKey=BK-1")), (V{"pi1"}));
  EXPECT_EQ(ids(get_ok(PI + "?businessKeyLike=BK%25")), (V{"pi1", "pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?processInstanceIds=pi1,pi3")), (V{"pi1", "pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?processDefinitionId=invoice:1:ccc")), (V{"pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?processDefinitionKeyIn=invoice,nope")), (V{"pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?processDefinitionKeyNotIn=invoice")), (V{"pi1", "pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?active=true")), (V{"pi1", "pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?suspended=true")), (V{"pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?withIncident=true")), (V{"pi1", "pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?incidentType=failedJob")), (V{"pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?activityIdIn=approve")), (V{"pi1"}));
  EXPECT_EQ(ids(get_ok(PI + "?activityIdIn=review,pay")), (V{"pi1", "pi2", "pi3"}));
  EXPECT_EQ(get_ok(PI + "/count?processDefinitionKey=order&active=true")["count"], 1);
}

TEST(ReadApiTest, ProcessInstanceVariableFilters) {
  EXPECT_EQ(ids(get_ok(PI + "?variables=amount_gt_100")), (V{"pi1", "pi3"}));
  EXPECT_EQ(ids(get_ok(PI + "?variables=amount_lteq_500")), (V{"pi1", "pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?variables=customer_eq_Alice")), (V{"pi1"}));
  EXPECT_EQ(ids(get_ok(PI + "?variables=customer_like_B%25")), (V{"pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?variables=amount_gteq_50,customer_neq_Alice")), (V{"pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?variables=approved_eq_true")), (V{"pi1"}));
  EXPECT_EQ(ids(get_ok(PI + "?variables=rate_lt_0.75")), (V{"pi1"}));
  // Variables of a subprocess scope or a task are not process variables.
  EXPECT_EQ(ids(get_ok(PI + "?variables=inner_eq_sub-local")), V{});
  auto r = call("POST", PI, {{"variables", {{{"name", "amount"}, {"operator", "lt"}, {"value", 100}}}}});
  EXPECT_EQ(ids(r.body), (V{"pi2"}));
  r = call("POST", PI + "/count", {{"variables", {{{"name", "customer"}, {"operator", "eq"}, {"value", "Bob"}}}}});
  EXPECT_EQ(r.body["count"], 1);
  r = call("POST", PI, {{"variables", {{{"name", "customer"}, {"operator", "notLike"}, {"value", "A%"}}}}});
  EXPECT_EQ(ids(r.body), (V{"pi2"}));
}

TEST(ReadApiTest, ProcessInstanceSortingPagingAndPost) {
  EXPECT_EQ(ids(get_ok(PI + "?sortBy=businessKey&sortOrder=desc")), (V{"pi3", "pi2", "pi1"}));
  EXPECT_EQ(ids(get_ok(PI + "?sortBy=businessKey&sortOrder=desc&firstResult=1&maxResults=1")), (V{"pi2"}));
  EXPECT_EQ(ids(get_ok(PI + "?maxResults=0")), V{});
  auto r = call("POST", PI + "?firstResult=0&maxResults=2",
                {{"processDefinitionKeyIn", {"order", "invoice"}},
                 {"sorting", {{{"sortBy", "definitionKey"}, {"sortOrder", "asc"}},
                              {{"sortBy", "instanceId"}, {"sortOrder", "desc"}}}}});
  EXPECT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(ids(r.body), (V{"pi3", "pi2"}));
  r = call("POST", PI + "/count", {{"suspended", true}});
  EXPECT_EQ(r.body["count"], 1);
}

TEST(ReadApiTest, ProcessInstanceGetAndNotFound) {
  json p = get_ok(PI + "/pi2");
  EXPECT_EQ(p["id"], "pi2");
  EXPECT_EQ(p["definitionId"], "order:2:bbb");
  EXPECT_EQ(p["definitionKey"], "order");
  EXPECT_EQ(p["businessKey"], "BK-2");
  EXPECT_EQ(p["suspended"], true);
  EXPECT_EQ(p["ended"], false);
  EXPECT_TRUE(p["caseInstanceId"].is_null());
  EXPECT_TRUE(p["tenantId"].is_null());
  EXPECT_TRUE(p["links"].is_array());
  auto r = call("GET", PI + "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body["message"], "Process instance with id nope does not exist");
  EXPECT_EQ(r.body["type"], "InvalidRequestException");
  EXPECT_EQ(call("GET", PI + "/nope/activity-instances").status, 404);
  EXPECT_EQ(call("GET", PI + "/nope/variables").status, 404);
}

TEST(ReadApiTest, ProcessInstanceVariables) {
  json vars = get_ok(PI + "/pi1/variables");
  EXPECT_EQ(vars["amount"], (json{{"value", 500}, {"type", "Integer"}, {"valueInfo", json::object()}}));
  EXPECT_EQ(vars["customer"]["value"], "Alice");
  EXPECT_EQ(vars["approved"]["value"], true);
  EXPECT_EQ(vars["rate"]["value"], 0.5);
  EXPECT_EQ(vars["rate"]["type"], "Double");
  EXPECT_FALSE(vars.contains("inner"));
  EXPECT_FALSE(vars.contains("tl"));
  EXPECT_EQ(get_ok(PI + "/pi1/variables/customer")["type"], "String");
  auto missing = call("GET", PI + "/pi1/variables/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["message"], "process instance variable with name nope does not exist");
  auto doc = call("GET", PI + "/pi1/variables/doc/data");
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(doc.raw.body, "hello");
  EXPECT_EQ(doc.raw.headers["content-type"], "application/octet-stream");
  auto sheet = call("GET", PI + "/pi1/variables/sheet/data");
  EXPECT_EQ(sheet.raw.body, "a,b");
  EXPECT_EQ(sheet.raw.headers["content-type"], "text/csv; charset=UTF-8");
  EXPECT_NE(sheet.raw.headers["content-disposition"].find("x.csv"), std::string::npos);
  EXPECT_EQ(get_ok(PI + "/pi1/variables/sheet")["valueInfo"]["filename"], "x.csv");
  EXPECT_EQ(call("GET", PI + "/pi1/variables/amount/data").status, 400);
  expect_bad_request(PI + "/pi1/variables?deserializeValues=maybe", "deserializeValues");
}

TEST(ReadApiTest, ActivityInstanceTree) {
  json root = get_ok(PI + "/pi1/activity-instances");
  EXPECT_EQ(root["id"], "pi1");
  EXPECT_EQ(root["activityId"], "order:2:bbb");
  EXPECT_EQ(root["activityType"], "processDefinition");
  EXPECT_EQ(root["activityName"], "Order process");
  EXPECT_TRUE(root["parentActivityInstanceId"].is_null());
  EXPECT_EQ(root["executionIds"], json({"pi1"}));
  EXPECT_EQ(root["childTransitionInstances"], json::array());
  ASSERT_EQ(ids(root["childActivityInstances"]), (V{"ai-review", "ai-sub"}));
  const json& review = root["childActivityInstances"][0];
  EXPECT_EQ(review["activityId"], "review");
  EXPECT_EQ(review["activityType"], "userTask");
  EXPECT_EQ(review["activityName"], "Review order");
  EXPECT_EQ(review["parentActivityInstanceId"], "pi1");
  EXPECT_EQ(review["executionIds"], json({"e1a"}));
  EXPECT_EQ(review["processInstanceId"], "pi1");
  EXPECT_EQ(review["processDefinitionId"], "order:2:bbb");
  const json& sub = root["childActivityInstances"][1];
  EXPECT_EQ(sub["activityType"], "subProcess");
  EXPECT_EQ(sub["executionIds"], json({"e1s"}));
  ASSERT_EQ(ids(sub["childActivityInstances"]), (V{"ai-approve", "ai-join"}));
  const json& approve = sub["childActivityInstances"][0];
  EXPECT_EQ(approve["parentActivityInstanceId"], "ai-sub");
  EXPECT_EQ(approve["incidentIds"], json({"inc1"}));
  EXPECT_EQ(approve["incidents"][0]["activityId"], "approve");
  const json& join = sub["childActivityInstances"][1];
  EXPECT_EQ(join["activityType"], "parallelGateway");
  EXPECT_EQ(join["executionIds"], json({"e1c", "e1d"}));
  EXPECT_EQ(join["childActivityInstances"], json::array());
}

TEST(ReadApiTest, HistoricProcessInstances) {
  const std::string base = HI + "/process-instance";
  EXPECT_EQ(get_ok(base + "/count")["count"], 5);
  EXPECT_EQ(ids(get_ok(base + "?finished=true&sortBy=duration&sortOrder=asc")), (V{"pi5", "pi4"}));
  EXPECT_EQ(get_ok(base + "/count?unfinished=true")["count"], 3);
  EXPECT_EQ(ids(get_ok(base + "?state=COMPLETED")), (V{"pi4"}));
  // pi2's history row says ACTIVE, but the running instance is suspended.
  EXPECT_EQ(ids(get_ok(base + "?state=SUSPENDED")), (V{"pi2"}));
  EXPECT_EQ(ids(get_ok(base + "?state=ACTIVE")), (V{"pi1", "pi3"}));
  EXPECT_EQ(get_ok(base + "/pi2")["state"], "SUSPENDED");
  EXPECT_EQ(ids(get_ok(base + "?processDefinitionKey=invoice&sortBy=startTime&sortOrder=desc")), (V{"pi3", "pi5"}));
  // Dates: inclusive bounds, "+" encoded as %2B.
  EXPECT_EQ(ids(get_ok(base + "?startedBefore=2023-11-14T22:13:20.000%2B0000&sortBy=startTime&sortOrder=asc")),
            (V{"pi4", "pi5", "pi1"}));
  EXPECT_EQ(ids(get_ok(base + "?finishedAfter=2023-11-14T22:13:17.000%2B0000")), (V{"pi5"}));
  EXPECT_EQ(ids(get_ok(base + "?startedAfter=2023-11-14T23:13:21.000%2B0100")), (V{"pi2", "pi3"}));
  EXPECT_EQ(ids(get_ok(base + "?processInstanceBusinessKeyLike=BK-%25&sortBy=businessKey&sortOrder=asc")),
            (V{"pi4", "pi1", "pi2"}));
  json pi4 = get_ok(base + "/pi4");
  EXPECT_EQ(pi4["startTime"], "2023-11-14T22:13:10.000+0000");
  EXPECT_EQ(pi4["endTime"], "2023-11-14T22:13:16.000+0000");
  EXPECT_EQ(pi4["durationInMillis"], 6000);
  EXPECT_EQ(pi4["processDefinitionName"], "Order process");
  EXPECT_EQ(pi4["processDefinitionVersion"], 1);
  EXPECT_EQ(pi4["processDefinitionId"], "order:1:aaa");
  EXPECT_EQ(pi4["state"], "COMPLETED");
  EXPECT_EQ(pi4["rootProcessInstanceId"], "pi4");
  EXPECT_EQ(pi4["startActivityId"], "start");
  EXPECT_TRUE(pi4["removalTime"].is_null());
  json pi5 = get_ok(base + "/pi5");
  EXPECT_EQ(pi5["deleteReason"], "cancelled by user");
  EXPECT_TRUE(pi5["businessKey"].is_null());
  json pi1 = get_ok(base + "/pi1");
  EXPECT_TRUE(pi1["endTime"].is_null());
  EXPECT_TRUE(pi1["durationInMillis"].is_null());
  auto missing = call("GET", base + "/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["message"], "Historic process instance with id nope does not exist");
  auto post = call("POST", base + "?maxResults=1", {{"finished", true}, {"sorting", {{{"sortBy", "endTime"}, {"sortOrder", "desc"}}}}});
  EXPECT_EQ(ids(post.body), (V{"pi5"}));
}

TEST(ReadApiTest, HistoricActivityInstances) {
  const std::string base = HI + "/activity-instance";
  EXPECT_EQ(get_ok(base + "/count?processInstanceId=pi1")["count"], 5);
  EXPECT_EQ(ids(get_ok(base + "?processInstanceId=pi1&sortBy=startTime&sortOrder=desc&maxResults=2")),
            (V{"ai-join", "ai-approve"}));
  EXPECT_EQ(ids(get_ok(base + "?activityType=userTask&sortBy=startTime&sortOrder=asc")),
            (V{"ai-review", "ai2-review"}));
  EXPECT_EQ(ids(get_ok(base + "?canceled=true")), (V{"ai2-cancel"}));
  EXPECT_EQ(ids(get_ok(base + "?taskAssignee=demo")), (V{"ai-review"}));
  EXPECT_EQ(ids(get_ok(base + "?activityId=pay")), (V{"ai3-pay"}));
  json start = get_ok(base + "?finished=true&processInstanceId=pi1");
  ASSERT_EQ(ids(start), (V{"ai-start"}));
  EXPECT_EQ(start[0]["durationInMillis"], 10);
  EXPECT_EQ(start[0]["startTime"], "2023-11-14T22:13:20.000+0000");
  EXPECT_EQ(start[0]["endTime"], "2023-11-14T22:13:20.010+0000");
  EXPECT_EQ(start[0]["activityType"], "startEvent");
  EXPECT_EQ(start[0]["canceled"], false);
  EXPECT_EQ(start[0]["processDefinitionKey"], "order");
  json review = get_ok(base + "?activityInstanceId=ai-review")[0];
  EXPECT_EQ(review["taskId"], "t1");
  EXPECT_EQ(review["assignee"], "demo");
  EXPECT_TRUE(review["endTime"].is_null());
  EXPECT_EQ(get_ok(base + "/count?unfinished=true&processInstanceId=pi1")["count"], 4);
  EXPECT_EQ(ids(get_ok(base + "?startedAfter=2023-11-14T22:13:22.000%2B0000")), (V{"ai3-pay"}));
}

TEST(ReadApiTest, HistoricTasks) {
  const std::string base = HI + "/task";
  EXPECT_EQ(get_ok(base + "/count")["count"], 3);
  json done = get_ok(base + "?finished=true");
  ASSERT_EQ(ids(done), (V{"t0"}));
  EXPECT_EQ(done[0]["duration"], 4000);
  EXPECT_EQ(done[0]["deleteReason"], "completed");
  EXPECT_EQ(done[0]["priority"], 80);
  EXPECT_EQ(done[0]["startTime"], "2023-11-14T22:13:11.000+0000");
  EXPECT_EQ(done[0]["endTime"], "2023-11-14T22:13:15.000+0000");
  EXPECT_EQ(done[0]["rootProcessInstanceId"], "pi4");
  EXPECT_EQ(ids(get_ok(base + "?taskAssignee=demo")), (V{"t1"}));
  json t1 = get_ok(base + "?taskId=t1")[0];
  EXPECT_EQ(t1["due"], "2023-11-15T22:13:20.000+0000");
  EXPECT_EQ(t1["taskDefinitionKey"], "review");
  EXPECT_EQ(t1["activityInstanceId"], "ai-review");
  EXPECT_TRUE(t1["endTime"].is_null());
  EXPECT_TRUE(t1["parentTaskId"].is_null());
  EXPECT_EQ(ids(get_ok(base + "?taskNameLike=Review%25&sortBy=priority&sortOrder=desc")), (V{"t2", "t1"}));
  EXPECT_EQ(ids(get_ok(base + "?unfinished=true&processDefinitionKey=order&sortBy=startTime&sortOrder=asc")),
            (V{"t1", "t2"}));
  EXPECT_EQ(get_ok(base + "/count?taskDefinitionKey=review&processInstanceId=pi2")["count"], 1);
}

TEST(ReadApiTest, HistoricVariablesKeepTheLatestValue) {
  const std::string base = HI + "/variable-instance";
  json vars = get_ok(base + "?processInstanceId=pi1&sortBy=variableName&sortOrder=asc");
  ASSERT_EQ(ids(vars, "name"), (V{"amount", "tl"}));
  EXPECT_EQ(vars[0]["id"], "v1");
  EXPECT_EQ(vars[0]["value"], 500);
  EXPECT_EQ(vars[0]["type"], "Integer");
  EXPECT_EQ(vars[0]["state"], "CREATED");
  EXPECT_EQ(vars[0]["createTime"], "2023-11-14T22:13:20.000+0000");
  EXPECT_EQ(vars[0]["executionId"], "pi1");
  EXPECT_EQ(vars[0]["processDefinitionKey"], "order");
  EXPECT_EQ(vars[1]["taskId"], "t1");
  EXPECT_EQ(get_ok(base + "/count?processInstanceId=pi1")["count"], 2);
  json all = get_ok(base + "?processInstanceId=pi1&includeDeleted=true&sortBy=variableName&sortOrder=desc");
  ASSERT_EQ(ids(all, "name"), (V{"tl", "temp", "amount"}));
  EXPECT_EQ(all[1]["state"], "DELETED");
  EXPECT_EQ(ids(get_ok(base + "?variableName=customer"), "value"), (V{"Bob"}));
  EXPECT_EQ(ids(get_ok(base + "?variableNameLike=am%25"), "id"), (V{"v1"}));
  EXPECT_EQ(ids(get_ok(base + "?taskIdIn=t1"), "id"), (V{"v8"}));
  EXPECT_EQ(get_ok(base + "/count?processInstanceIdIn=pi1,pi2")["count"], 3);
  EXPECT_EQ(get_ok(base + "/v1")["value"], 500);
  EXPECT_EQ(get_ok(base + "/vt")["state"], "DELETED");
  EXPECT_EQ(call("GET", base + "/nope").status, 404);
  EXPECT_EQ(call("GET", base + "/v1/data").status, 400);
}

TEST(ReadApiTest, Incidents) {
  const std::string base = "/engine-rest/incident";
  EXPECT_EQ(get_ok(base + "/count")["count"], 2);
  EXPECT_EQ(ids(get_ok(base + "?sortBy=incidentTimestamp&sortOrder=desc")), (V{"inc2", "inc1"}));
  EXPECT_EQ(ids(get_ok(base + "?incidentType=failedJob")), (V{"inc2"}));
  EXPECT_EQ(ids(get_ok(base + "?activityId=approve")), (V{"inc1"}));
  json inc = get_ok(base + "?processInstanceId=pi1")[0];
  EXPECT_EQ(inc["id"], "inc1");
  EXPECT_EQ(inc["incidentType"], "failedExternalTask");
  EXPECT_EQ(inc["incidentMessage"], "boom");
  EXPECT_EQ(inc["executionId"], "e1b");
  EXPECT_EQ(inc["failedActivityId"], "approve");
  EXPECT_EQ(inc["configuration"], "ext-1");
  EXPECT_EQ(inc["rootCauseIncidentId"], "inc1");
  EXPECT_EQ(inc["processDefinitionId"], "order:2:bbb");
  EXPECT_EQ(inc["incidentTimestamp"], "2023-11-14T22:13:25.000+0000");
  EXPECT_TRUE(inc["jobDefinitionId"].is_null());
  EXPECT_EQ(get_ok(base + "/count?processDefinitionId=invoice:1:ccc")["count"], 1);
}

TEST(ReadApiTest, Statistics) {
  json defs = get_ok("/engine-rest/process-definition/statistics?incidents=true");
  ASSERT_EQ(ids(defs), (V{"invoice:1:ccc", "order:1:aaa", "order:2:bbb"}));
  EXPECT_EQ(defs[0]["instances"], 1);
  EXPECT_EQ(defs[0]["incidents"], json::parse(R"([{"incidentType":"failedJob","incidentCount":1}])"));
  EXPECT_EQ(defs[1]["instances"], 0);
  EXPECT_EQ(defs[1]["incidents"], json::array());
  EXPECT_EQ(defs[2]["instances"], 2);
  EXPECT_EQ(defs[2]["failedJobs"], 0);
  EXPECT_EQ(defs[2]["definition"]["key"], "order");
  EXPECT_EQ(defs[2]["definition"]["version"], 2);
  EXPECT_EQ(defs[2]["definition"]["name"], "Order process");
  json typed = get_ok("/engine-rest/process-definition/statistics?incidentsForType=failedJob");
  EXPECT_EQ(typed[2]["incidents"], json::array());
  EXPECT_EQ(typed[0]["incidents"][0]["incidentCount"], 1);
  EXPECT_EQ(get_ok("/engine-rest/process-definition/statistics")[0]["incidents"], json::array());

  json acts = get_ok("/engine-rest/process-definition/order:2:bbb/statistics?incidents=true");
  ASSERT_EQ(ids(acts), (V{"approve", "join", "review", "sub"}));
  EXPECT_EQ(acts[0]["instances"], 1);
  EXPECT_EQ(acts[0]["incidents"], json::parse(R"([{"incidentType":"failedExternalTask","incidentCount":1}])"));
  EXPECT_EQ(acts[1]["instances"], 2);
  EXPECT_EQ(acts[2]["instances"], 2);
  EXPECT_EQ(acts[3]["instances"], 1);
  EXPECT_EQ(get_ok("/engine-rest/process-definition/order:2:bbb/statistics")[0]["incidents"], json::array());
  EXPECT_EQ(get_ok("/engine-rest/process-definition/nope:1:x/statistics"), json::array());
}

// Camunda's historic activity statistics (the Cockpit's history view): per activity the
// running, finished, canceled and scope-completing instances and the incidents by state.
TEST(ReadApiTest, HistoricActivityStatistics) {
  const std::string base = HI + "/process-definition/order:2:bbb/statistics";
  json all = get_ok(base + "?finished=true&canceled=true&completeScope=true&incidents=true");
  ASSERT_EQ(ids(all), (V{"approve", "join", "review", "start", "sub", "timer"}));
  auto row = [&](const json& list, const std::string& id) {
    for (const auto& e : list) if (e["id"] == id) return e;
    return json(nullptr);
  };
  EXPECT_EQ(row(all, "review")["instances"], 2);
  EXPECT_EQ(row(all, "review")["finished"], 0);
  EXPECT_EQ(row(all, "start")["instances"], 0);
  EXPECT_EQ(row(all, "start")["finished"], 1);
  EXPECT_EQ(row(all, "timer")["canceled"], 1);
  EXPECT_EQ(row(all, "timer")["finished"], 1);
  EXPECT_EQ(row(all, "approve")["openIncidents"], 1);
  EXPECT_EQ(row(all, "approve")["resolvedIncidents"], 1);
  EXPECT_EQ(row(all, "approve")["deletedIncidents"], 0);
  EXPECT_EQ(row(all, "approve")["@class"], "org.camunda.bpm.engine.rest.dto.history.HistoricActivityStatisticsDto");
  // Counts not asked for stay 0; an activity whose only instance ended is not listed then.
  json plain = get_ok(base);
  EXPECT_EQ(ids(plain), (V{"approve", "join", "review", "sub"}));
  EXPECT_EQ(row(plain, "approve")["openIncidents"], 0);
  EXPECT_EQ(row(plain, "review")["finished"], 0);
  // Filters: one instance, a start time range; sorting.
  EXPECT_EQ(ids(get_ok(base + "?processInstanceIdIn=pi2&canceled=true")), (V{"review", "timer"}));
  EXPECT_EQ(ids(get_ok(base + "?startedAfter=2023-11-14T22:13:21.000%2B0000&finished=true")), (V{"review", "timer"}));
  EXPECT_EQ(ids(get_ok(base + "?sortBy=activityId&sortOrder=desc")), (V{"sub", "review", "join", "approve"}));
  EXPECT_EQ(get_ok(HI + "/process-definition/nope:1:x/statistics"), json::array());
  expect_bad_request(base + "?finished=1", "finished");
  expect_bad_request(base + "?sortBy=duration&sortOrder=asc", "sortBy");
  expect_bad_request(base + "?startedBefore=yesterday", "startedBefore");
}

TEST(ReadApiTest, BadParametersAreBadRequests) {
  expect_bad_request(PI + "?sortBy=bogus&sortOrder=asc", "sortBy");
  expect_bad_request(PI + "?sortBy=instanceId", "sortOrder");
  expect_bad_request(PI + "?sortBy=instanceId&sortOrder=up", "sortOrder");
  expect_bad_request(PI + "?active=maybe", "active");
  expect_bad_request(PI + "?firstResult=x", "firstResult");
  expect_bad_request(PI + "?maxResults=-1", "maxResults");
  expect_bad_request(PI + "?variables=amount", "variables");
  expect_bad_request(HI + "/process-instance?startedBefore=yesterday", "startedBefore");
  expect_bad_request(HI + "/process-instance?state=SLEEPING", "state");
  expect_bad_request(HI + "/process-instance?finished=1", "finished");
  expect_bad_request(HI + "/activity-instance?sortBy=taskId&sortOrder=asc", "sortBy");
  expect_bad_request(HI + "/activity-instance?finishedAfter=2023-13-45T00:00:00.000%2B0000", "finishedAfter");
  expect_bad_request(HI + "/task?sortBy=name&sortOrder=asc", "sortBy");
  expect_bad_request(HI + "/task?unfinished=yes", "unfinished");
  expect_bad_request(HI + "/variable-instance?includeDeleted=2", "includeDeleted");
  expect_bad_request(HI + "/variable-instance?deserializeValues=no", "deserializeValues");
  expect_bad_request("/engine-rest/incident?sortBy=incidentTimestamp", "sortOrder");
  expect_bad_request("/engine-rest/process-definition/statistics?incidents=sure", "incidents");
  auto r = call("POST", PI, {{"variables", {{{"name", "a"}, {"operator", "between"}, {"value", 1}}}}});
  EXPECT_EQ(r.status, 400) << r.raw.body;
  r = call("POST", PI, {{"sorting", {{{"sortBy", "nope"}, {"sortOrder", "asc"}}}}});
  EXPECT_EQ(r.status, 400) << r.raw.body;
}

}  // namespace
