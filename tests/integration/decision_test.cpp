// Decisions over the Camunda REST API, against a real `dpc serve` on a fresh database:
// deploying DMN resources (versioned per decision key), listing and reading them back,
// evaluating them by id and key, a DMN that does not parse (400, nothing stored), and
// business rule tasks with every mapDecisionResult mode and decisionRefBinding.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const fs::path kTests = fs::path(DPC_SOURCE_DIR) / "tests";
const fs::path kData = kTests / "data" / "deploy";
const fs::path kSamples = kTests.parent_path() / "bpmn-samples";
const std::string& kBoundary = kMultipartBoundary;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}


class DecisionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("decision", port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse deploy(const std::vector<Part>& parts) { return dpc::test::deploy(port_, parts); }
  static json deploy_ok(const std::vector<Part>& parts) {
    auto r = deploy(parts);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }
  static json get(const std::string& path, int expect = 200) {
    auto r = http_request(port_, "GET", "/engine-rest" + path);
    EXPECT_EQ(r.status, expect) << path << " -> " << r.body;
    return json::parse(r.body, nullptr, false);
  }
  static json post(const std::string& path, const json& body, int expect = 200) {
    auto r = http_request(port_, "POST", "/engine-rest" + path, body.dump(),
                          {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, expect) << path << " -> " << r.body;
    return json::parse(r.body, nullptr, false);
  }
  static long long count(const std::string& path) { return get(path)["count"].get<long long>(); }
  // The dinner decisions under fresh keys (prefix + key), so tests do not share versions.
  static std::string dinner(const std::string& prefix) {
    std::string xml = read_file(kData / "dinner.dmn");
    for (const char* key : {"dish", "beverages", "pricing", "greeting"}) {
      xml = std::regex_replace(xml, std::regex(std::string("decision id=\"") + key + "\""),
                               std::string("decision id=\"") + prefix + key + "\"");
    }
    return xml;
  }
  static json var(const json& value, const std::string& type) {
    return {{"value", value}, {"type", type}};
  }

  static int port_;
  static ServerProcess* server_;
};
int DecisionTest::port_ = 0;
ServerProcess* DecisionTest::server_ = nullptr;

TEST_F(DecisionTest, DeployListGetAndXml) {
  std::string xml = dinner("rb_");
  json dep = deploy_ok({{"deployment-name", "", "dinner"}, {"data", "dinner.dmn", xml}});
  std::string dep_id = dep["id"];
  EXPECT_TRUE(dep["deployedProcessDefinitions"].is_null());
  ASSERT_EQ(dep["deployedDecisionDefinitions"].size(), 4u) << dep;
  std::string dish_id;
  for (auto& [id, d] : dep["deployedDecisionDefinitions"].items()) {
    EXPECT_EQ(d["id"], id);
    EXPECT_EQ(d["version"], 1);
    EXPECT_EQ(d["deploymentId"], dep_id);
    EXPECT_EQ(d["resource"], "dinner.dmn");
    EXPECT_EQ(d["category"], "http://dpc/tests/dinner");
    if (d["key"] == "rb_dish") dish_id = id;
  }
  ASSERT_TRUE(std::regex_match(dish_id, std::regex("rb_dish:1:[0-9a-f-]{36}"))) << dish_id;

  json one = get("/decision-definition/" + dish_id);
  EXPECT_EQ(one["key"], "rb_dish");
  EXPECT_EQ(one["name"], "Dish");
  EXPECT_TRUE(one["tenantId"].is_null());
  EXPECT_TRUE(one.contains("decisionRequirementsDefinitionId"));
  EXPECT_EQ(get("/decision-definition/key/rb_dish")["id"], dish_id);
  json x = get("/decision-definition/" + dish_id + "/xml");
  EXPECT_EQ(x["id"], dish_id);
  EXPECT_EQ(x["dmnXml"], xml);
  EXPECT_EQ(get("/decision-definition/key/rb_dish/xml")["dmnXml"], xml);

  EXPECT_EQ(count("/decision-definition/count?deploymentId=" + dep_id), 4);
  json sorted = get("/decision-definition?deploymentId=" + dep_id + "&sortBy=key&sortOrder=desc");
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0]["key"], "rb_pricing");
  EXPECT_EQ(sorted[3]["key"], "rb_beverages");
  json paged = get("/decision-definition?deploymentId=" + dep_id + "&sortBy=key&sortOrder=asc&firstResult=1&maxResults=2");
  ASSERT_EQ(paged.size(), 2u);
  EXPECT_EQ(paged[0]["key"], "rb_dish");
  EXPECT_EQ(get("/decision-definition?name=Greeting&deploymentId=" + dep_id).size(), 1u);

  // A second deployment gives version 2 of every key; latestVersion and key/{key} follow it.
  json dep2 = deploy_ok({{"data", "dinner.dmn", xml}});
  EXPECT_EQ(dep2["deployedDecisionDefinitions"].size(), 4u);
  EXPECT_EQ(count("/decision-definition/count?key=rb_dish"), 2);
  json latest = get("/decision-definition?key=rb_dish&latestVersion=true");
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0]["version"], 2);
  EXPECT_EQ(get("/decision-definition/key/rb_dish")["version"], 2);

  get("/decision-definition/nope:1:x", 404);
  get("/decision-definition/key/no_such_decision", 404);
  get("/decision-definition/key/no_such_decision/xml", 404);
}

TEST_F(DecisionTest, EvaluateByKeyAndId) {
  json dep = deploy_ok({{"data", "dinner.dmn", dinner("ev_")}});
  json out = post("/decision-definition/key/ev_dish/evaluate",
                  {{"variables", {{"season", var("Winter", "String")}, {"guestCount", var(4, "Integer")}}}});
  ASSERT_EQ(out.size(), 1u) << out;
  EXPECT_EQ(out[0]["dish"]["value"], "Roastbeef");
  EXPECT_EQ(out[0]["dish"]["type"], "String");
  EXPECT_TRUE(out[0]["dish"].contains("valueInfo"));

  // COLLECT: one map per matched rule, in rule order.
  out = post("/decision-definition/key/ev_beverages/evaluate",
             {{"variables", {{"guestCount", var(12, "Long")}}}});
  ASSERT_EQ(out.size(), 2u) << out;
  EXPECT_EQ(out[0]["beverage"]["value"], "Water");
  EXPECT_EQ(out[1]["beverage"]["value"], "Juice");
  // The evaluation is in the history, with its input values and the matched rules' outputs.
  json hist = get("/history/decision-instance?decisionDefinitionKey=ev_beverages&includeInputs=true&includeOutputs=true");
  ASSERT_EQ(hist.size(), 1u) << hist;
  EXPECT_TRUE(hist[0]["processInstanceId"].is_null());
  ASSERT_EQ(hist[0]["inputs"].size(), 1u) << hist;
  EXPECT_EQ(hist[0]["inputs"][0]["value"], 12);
  EXPECT_EQ(hist[0]["inputs"][0]["type"], "Long");
  ASSERT_EQ(hist[0]["outputs"].size(), 2u) << hist;
  EXPECT_EQ(hist[0]["outputs"][1]["value"], "Juice");
  EXPECT_EQ(hist[0]["outputs"][1]["ruleOrder"], 2);
  EXPECT_EQ(hist[0]["outputs"][1]["ruleId"], "b2");
  EXPECT_EQ(hist[0]["outputs"][1]["clauseId"], "out_beverage");
  EXPECT_EQ(hist[0]["inputs"][0]["clauseId"], "in_guests2");
  EXPECT_EQ(hist[0]["inputs"][0]["clauseName"], "Guests");
  EXPECT_EQ(hist[0]["outputs"][1]["variableName"], "beverage");
  EXPECT_FALSE(get("/history/decision-instance?decisionDefinitionKey=ev_beverages")[0].contains("inputs"));

  // Two outputs, typed by typeRef; evaluation by id.
  std::string pricing_id;
  for (auto& [id, d] : dep["deployedDecisionDefinitions"].items()) {
    if (d["key"] == "ev_pricing") pricing_id = id;
  }
  out = post("/decision-definition/" + pricing_id + "/evaluate",
             {{"variables", {{"guestCount", var(12, "Integer")}}}});
  ASSERT_EQ(out.size(), 1u) << out;
  EXPECT_EQ(out[0]["price"]["value"], 240);
  EXPECT_EQ(out[0]["price"]["type"], "Integer");
  EXPECT_EQ(out[0]["tier"]["value"], "group");

  // A literal expression decision: one entry named after the decision.
  out = post("/decision-definition/key/ev_greeting/evaluate", {{"variables", {{"guestCount", var(3, "Integer")}}}});
  ASSERT_EQ(out.size(), 1u) << out;
  EXPECT_EQ(out[0]["Greeting"]["value"], "Welcome, 3 guests");

  // No rule matched: an empty list. The loan-scoring sample: FIRST with two outputs.
  out = post("/decision-definition/key/ev_dish/evaluate",
             {{"variables", {{"season", var("Spring", "String")}, {"guestCount", var(4, "Integer")}}}});
  EXPECT_TRUE(out.is_array() && out.empty()) << out;
  deploy_ok({{"data", "loan-scoring.dmn", read_file(kSamples / "loan-scoring.dmn")}});
  out = post("/decision-definition/key/loan-scoring/evaluate",
             {{"variables", {{"age", var(30, "Integer")}, {"income", var(4000.0, "Double")},
                             {"amount", var(20000.0, "Double")}}}});
  ASSERT_EQ(out.size(), 1u) << out;
  EXPECT_EQ(out[0]["score"]["value"], 780);
  EXPECT_EQ(out[0]["riskClass"]["value"], "LOW");

  post("/decision-definition/key/no_such_decision/evaluate", {{"variables", json::object()}}, 404);
  post("/decision-definition/key/ev_dish/evaluate", {{"variables", {{"x", var("abc", "Integer")}}}}, 400);
}

TEST_F(DecisionTest, CamundaDrdReadsRequiredOutputsByOutputName) {
  // Camunda 7's dinner DRD: `beverages` reads `desiredDish`, the output name of the dish table.
  json dep = deploy_ok({{"data", "camunda_dinner_drd.dmn", read_file(kData / "camunda_dinner_drd.dmn")}});
  ASSERT_EQ(dep["deployedDecisionDefinitions"].size(), 2u) << dep;
  EXPECT_EQ(get("/decision-definition/key/camunda_beverages")["historyTimeToLive"], 30);
  json out = post("/decision-definition/key/camunda_beverages/evaluate",
                  {{"variables", {{"season", var("Spring", "String")}, {"guestCount", var(3, "Integer")},
                                  {"guestsWithChildren", var(true, "Boolean")}}}});
  ASSERT_EQ(out.size(), 2u) << out;
  EXPECT_EQ(out[0]["beverages"]["value"], "Pinot Noir") << out;
  EXPECT_EQ(out[1]["beverages"]["value"], "Apple Juice") << out;
  out = post("/decision-definition/key/camunda_beverages/evaluate",
             {{"variables", {{"season", var("Winter", "String")}, {"guestCount", var(12, "Integer")},
                             {"guestsWithChildren", var(false, "Boolean")}}}});
  ASSERT_EQ(out.size(), 2u) << out;
  EXPECT_EQ(out[0]["beverages"]["value"], "Guiness") << out;
  EXPECT_EQ(out[1]["beverages"]["value"], "Water") << out;
  // The required decision alone still answers by its own output name.
  out = post("/decision-definition/key/camunda_dish/evaluate",
             {{"variables", {{"season", var("Fall", "String")}, {"guestCount", var(4, "Integer")}}}});
  ASSERT_EQ(out.size(), 1u) << out;
  EXPECT_EQ(out[0]["desiredDish"]["value"], "Spareribs") << out;
}

TEST_F(DecisionTest, BrokenDmnIsAParseExceptionAndStoresNothing) {
  long long deployments = count("/deployment/count");
  long long decisions = count("/decision-definition/count");
  auto r = deploy({{"deployment-name", "", "broken"},
                   {"ok", "dinner.dmn", dinner("broken_")},
                   {"bad", "broken.dmn", read_file(kData / "broken.dmn")}});
  ASSERT_EQ(r.status, 400) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["type"], "ParseException");
  ASSERT_TRUE(body["details"].contains("broken.dmn")) << body;
  EXPECT_FALSE(body["details"]["broken.dmn"]["errors"].empty());
  EXPECT_EQ(count("/deployment/count"), deployments);
  EXPECT_EQ(count("/decision-definition/count"), decisions);
  EXPECT_EQ(count("/decision-definition/count?key=broken_dish"), 0);
}

TEST_F(DecisionTest, BusinessRuleTasksMapResultsInEveryMode) {
  // Decision keys as in the BPMN; the BPMN and the DMN in one deployment (binding deployment).
  json dep = deploy_ok({{"deployment-name", "", "dinner-tasks"},
                        {"dmn", "dinner.dmn", read_file(kData / "dinner.dmn")},
                        {"bpmn", "dinner_tasks.bpmn", read_file(kData / "dinner_tasks.bpmn")}});
  ASSERT_EQ(dep["deployedProcessDefinitions"].size(), 1u) << dep;
  json started = post("/process-definition/key/dinner_tasks/start",
                      {{"variables", {{"season", var("Summer", "String")},
                                      {"guestCount", var(6, "Integer")},
                                      {"beverageDecision", var("beverages", "String")}}},
                       {"withVariablesInReturn", true}});
  ASSERT_EQ(started["ended"], true) << started;
  const json& v = started["variables"];
  EXPECT_EQ(v["dishEntry"]["value"], "Salad") << v;
  EXPECT_EQ(v["dishEntry"]["type"], "String");
  EXPECT_EQ(v["pricingResult"]["type"], "Json");
  EXPECT_EQ(v["pricingResult"]["value"], json({{"price", 150}, {"tier", "standard"}})) << v;
  EXPECT_EQ(v["beverageList"]["value"], json({"Water", "Juice"})) << v;
  EXPECT_EQ(v["beverageResults"]["value"],
            json({{{"beverage", "Water"}}, {{"beverage", "Juice"}}})) << v;
  EXPECT_EQ(v["greeting"]["value"], "Welcome, 6 guests");
  json ended = get("/history/activity-instance?processInstanceId=" + started["id"].get<std::string>() +
                   "&activityId=end_salad");
  EXPECT_EQ(ended.size(), 1u) << ended;
  std::string pi = started["id"];
  EXPECT_EQ(count("/history/decision-instance/count?processInstanceId=" + pi), 5);
  json entry = get("/history/decision-instance?processInstanceId=" + pi + "&activityId=entry&includeOutputs=true");
  ASSERT_EQ(entry.size(), 1u) << entry;
  EXPECT_EQ(entry[0]["decisionDefinitionKey"], "dish");
  EXPECT_EQ(entry[0]["processDefinitionKey"], "dinner_tasks");
  EXPECT_FALSE(entry[0]["activityInstanceId"].is_null());
  ASSERT_EQ(entry[0]["outputs"].size(), 1u) << entry;
  EXPECT_EQ(entry[0]["outputs"][0]["value"], "Salad");
  EXPECT_EQ(entry[0]["outputs"][0]["ruleOrder"], 3);

  // A decision that cannot be found fails the start and stores nothing.
  json bad = post("/process-definition/key/dinner_tasks/start",
                  {{"variables", {{"season", var("Summer", "String")},
                                  {"guestCount", var(6, "Integer")},
                                  {"beverageDecision", var("no_such_decision", "String")}}}},
                  404);
  EXPECT_NE(bad["message"].get<std::string>().find("no_such_decision"), std::string::npos) << bad;
}

TEST_F(DecisionTest, CashLoanSampleScoresWithItsDecisionTable) {
  deploy_ok({{"dmn", "loan-scoring.dmn", read_file(kSamples / "loan-scoring.dmn")},
             {"bpmn", "cash-loan-onboarding.bpmn", read_file(kSamples / "cash-loan-onboarding.bpmn")}});
  json started = post("/process-definition/key/cash-loan-onboarding/start",
                      {{"variables", {{"age", var(30, "Integer")}, {"income", var(4000.0, "Double")},
                                      {"amount", var(20000, "Integer")},
                                      {"branchManager", var("maria", "String")}}}});
  std::string pi = started["id"];
  json tasks = get("/task?processInstanceId=" + pi);
  ASSERT_EQ(tasks.size(), 1u) << tasks;
  EXPECT_EQ(tasks[0]["taskDefinitionKey"], "review_application");
  post("/task/" + tasks[0]["id"].get<std::string>() + "/complete", {{"variables", json::object()}}, 204);
  // credit_check is asyncBefore: a job creates the external task, so wait for it (long poll).
  json locked = post("/external-task/fetchAndLock",
                     {{"workerId", "w"}, {"maxTasks", 1}, {"asyncResponseTimeout", 20000},
                      {"topics", {{{"topicName", "credit-check"}, {"lockDuration", 60000}}}}});
  ASSERT_EQ(locked.size(), 1u) << locked;
  post("/external-task/" + locked[0]["id"].get<std::string>() + "/complete",
       {{"workerId", "w"}, {"variables", {{"bureauStatus", var("OK", "String")}}}}, 204);
  json scoring = get("/process-instance/" + pi + "/variables/scoring");
  EXPECT_EQ(scoring["type"], "Json");
  EXPECT_EQ(scoring["value"], json({{"riskClass", "LOW"}, {"score", 780}})) << scoring;
  tasks = get("/task?processInstanceId=" + pi);
  ASSERT_EQ(tasks.size(), 1u) << tasks;
  EXPECT_EQ(tasks[0]["taskDefinitionKey"], "approve_loan");
}

// A literal-expression DMN whose decision `key` gives `text`.
std::string literal_dmn(const std::string& key, const std::string& text) {
  return "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d_" + key +
         "\" name=\"D\" namespace=\"http://dpc/tests/literal\"><decision id=\"" + key +
         "\" name=\"out\"><literalExpression typeRef=\"string\"><text>\"" + text +
         "\"</text></literalExpression></decision></definitions>";
}

const char* kWaitThenDecide = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="wd" targetNamespace="http://dpc/tests/deploy">
  <bpmn:process id="wait_then_decide" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
    <bpmn:businessRuleTask id="decide" camunda:decisionRef="${decisionKey}" camunda:resultVariable="out" camunda:mapDecisionResult="singleEntry" />
    <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="after" />
    <bpmn:userTask id="after" />
    <bpmn:sequenceFlow id="f4" sourceRef="after" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>)";

TEST_F(DecisionTest, DecisionAfterAWaitStateIsLoadedOutsideTheLockAndFollowsLatest) {
  deploy_ok({{"dmn", "lit.dmn", literal_dmn("lit_latest", "one")},
             {"bpmn", "wait.bpmn", kWaitThenDecide}});
  auto run_once = [&]() -> std::string {
    json started = post("/process-definition/key/wait_then_decide/start",
                        {{"variables", {{"decisionKey", var("lit_latest", "String")}}}});
    std::string pi = started["id"];
    json tasks = get("/task?processInstanceId=" + pi);
    EXPECT_EQ(tasks.size(), 1u) << tasks;
    if (tasks.size() != 1) return "";
    // Completing the task runs the business rule task inside the instance lock: the decision
    // (named by an expression, so not preloaded) is loaded outside it and the command rerun.
    post("/task/" + tasks[0]["id"].get<std::string>() + "/complete", {{"variables", json::object()}}, 204);
    tasks = get("/task?processInstanceId=" + pi);
    EXPECT_EQ(tasks.size(), 1u) << tasks;
    if (tasks.size() == 1) EXPECT_EQ(tasks[0]["taskDefinitionKey"], "after");
    json out = get("/process-instance/" + pi + "/variables/out");
    return out.value("value", "");
  };
  EXPECT_EQ(run_once(), "one");
  EXPECT_EQ(run_once(), "one");
  deploy_ok({{"dmn", "lit.dmn", literal_dmn("lit_latest", "two")}});
  EXPECT_EQ(run_once(), "two");
}

// decisionRefBinding="versionTag": the version carrying camunda:versionTag wins over latest.
TEST_F(DecisionTest, VersionTagBindingPicksTheTaggedVersion) {
  auto tagged = [](const std::string& text, const std::string& tag) {
    std::string xml = literal_dmn("lit_tagged", text);
    xml.replace(xml.find("<definitions "), 13,
                "<definitions xmlns:camunda=\"http://camunda.org/schema/1.0/dmn\" ");
    xml.replace(xml.find("<decision "), 10, "<decision camunda:versionTag=\"" + tag + "\" ");
    return xml;
  };
  deploy_ok({{"dmn", "tag1.dmn", tagged("first", "release-1")}});
  deploy_ok({{"dmn", "tag2.dmn", tagged("second", "release-2")}});
  json defs = get("/decision-definition?key=lit_tagged&versionTag=release-1");
  ASSERT_EQ(defs.size(), 1u) << defs;
  EXPECT_EQ(defs[0]["version"], 1);
  std::string bpmn = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="vt" targetNamespace="http://dpc/tests/deploy">
  <bpmn:process id="tag_binding" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide" camunda:decisionRef="lit_tagged" camunda:decisionRefBinding="versionTag" camunda:decisionRefVersionTag="release-1" camunda:resultVariable="out" camunda:mapDecisionResult="singleEntry" />
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="wait" />
    <bpmn:userTask id="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>)";
  deploy_ok({{"bpmn", "tag.bpmn", bpmn}});
  json started = post("/process-definition/key/tag_binding/start", {{"variables", json::object()}});
  std::string pi = started["id"];
  EXPECT_EQ(get("/process-instance/" + pi + "/variables/out")["value"], "first");
}

}  // namespace
