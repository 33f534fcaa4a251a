// Forms over real HTTP against a real `dpc serve`: Camunda Forms deployed with a process and
// resolved by formRef binding (latest, deployment, version) and by camunda-forms:deployment:
// keys, generated forms (camunda:formData), start forms, embedded keys, and the server's
// validation of every submission (each rule; a wrong submission changes nothing; hidden and
// readonly fields are not stored). Also: bad form JSON fails its deployment, and every user
// task and start event of the bank samples has a deployed form.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kSamples = fs::path(DPC_SOURCE_DIR) / "bpmn-samples";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kHeader = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests/forms">)";

// A process: start (with `start_attrs`/`start_ext`) -> user task "work" (`task_attrs`,
// `task_ext`) -> end.
std::string process(const std::string& id, const std::string& task_attrs, const std::string& task_ext = "",
                    const std::string& start_attrs = "", const std::string& start_ext = "") {
  return std::string(kHeader) + R"(
  <bpmn:process id=")" + id + R"(" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" )" + start_attrs + ">" +
         (start_ext.empty() ? "" : "<bpmn:extensionElements>" + start_ext + "</bpmn:extensionElements>") +
         R"(</bpmn:startEvent>
    <bpmn:userTask id="work" name="Work" )" + task_attrs + ">" +
         (task_ext.empty() ? "" : "<bpmn:extensionElements>" + task_ext + "</bpmn:extensionElements>") +
         R"(</bpmn:userTask>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";
}

// The form every rule is checked on.
json loan_form(const std::string& id = "loan-form", int min_amount = 1000) {
  return {{"id", id}, {"type", "default"}, {"schemaVersion", 16},
          {"components", json::array({
               {{"type", "number"}, {"key", "amount"}, {"label", "Amount"},
                {"validate", {{"required", true}, {"min", min_amount}, {"max", 200000}}}},
               {{"type", "textfield"}, {"key", "pesel"}, {"label", "PESEL"},
                {"validate", {{"pattern", "^[0-9]{11}$"}, {"minLength", 11}, {"maxLength", 11}}}},
               {{"type", "textfield"}, {"key", "email"}, {"validate", {{"validationType", "email"}}}},
               {{"type", "textfield"}, {"key", "phone"}, {"validate", {{"validationType", "phone"}}}},
               {{"type", "textarea"}, {"key", "note"}, {"validate", {{"minLength", 3}, {"maxLength", 20}}}},
               {{"type", "select"}, {"key", "purpose"},
                {"values", {{{"label", "Car"}, {"value", "CAR"}}, {{"label", "Home"}, {"value", "HOME"}}}}},
               {{"type", "checkbox"}, {"key", "consent"}},
               {{"type", "datetime"}, {"key", "birthDate"}, {"subtype", "date"}},
               {{"type", "select"}, {"key", "employment"},
                {"values", {{{"label", "Employed"}, {"value", "EMPLOYED"}}, {{"label", "Other"}, {"value", "OTHER"}}}}},
               {{"type", "textfield"}, {"key", "employer"}, {"validate", {{"required", true}}},
                {"conditional", {{"hide", "=employment != \"EMPLOYED\""}}}},
               {{"type", "number"}, {"key", "score"}, {"readonly", true}},
           })}};
}

json var(const json& value) { return {{"value", value}}; }

class FormTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("form", port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return http_request(port_, method, path, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}});
  }
  static json ok(const std::string& method, const std::string& path, const json& body = nullptr, int want = 200) {
    auto r = call(method, path, body);
    EXPECT_EQ(r.status, want) << method << " " << path << ": " << r.body;
    return r.body.empty() ? json() : json::parse(r.body, nullptr, false);
  }
  static json deploy_ok(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<Part> parts = {{"deployment-name", "", name}};
    for (const auto& [file, content] : files) parts.push_back({file, file, content});
    auto r = deploy(port_, parts);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }
  // Starts `key` and returns its one task's id.
  static std::string start_task(const std::string& key, const json& vars = json::object()) {
    json pi = ok("POST", "/engine-rest/process-definition/key/" + key + "/start", {{"variables", vars}});
    json tasks = ok("GET", "/engine-rest/task?processInstanceId=" + pi["id"].get<std::string>());
    EXPECT_EQ(tasks.size(), 1u) << tasks;
    return tasks.empty() ? "" : tasks[0]["id"].get<std::string>();
  }
  static long long instances(const std::string& key) {
    return ok("GET", "/engine-rest/process-instance/count?processDefinitionKey=" + key)["count"].get<long long>();
  }
  static std::vector<std::string> rules_of(const json& body) {
    std::vector<std::string> out;
    for (const auto& e : body["fieldErrors"]) out.push_back(e["field"].get<std::string>() + ":" + e["rule"].get<std::string>());
    return out;
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(FormTest, BadFormJsonFailsTheDeploymentAndDeploysNothing) {
  for (const std::string& bad : {std::string("{\"id\": \"x\", \"components\": ["),
                                 std::string(R"({"components": []})"),
                                 std::string(R"({"id":"x","components":[{"type":"textfield","key":"a","validate":{"pattern":"(["}}]})")}) {
    std::vector<Part> parts = {{"deployment-name", "", "bad-form"},
                               {"p.bpmn", "p.bpmn", process("bad_form_process", R"(camunda:formRef="x")")},
                               {"x.form", "x.form", bad}};
    auto r = deploy(port_, parts);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("x.form"), std::string::npos) << r.body;
  }
  EXPECT_EQ(ok("GET", "/engine-rest/deployment/count?name=bad-form")["count"], 0);
  EXPECT_EQ(ok("GET", "/engine-rest/process-definition/count?key=bad_form_process")["count"], 0);
  // Two forms with one id in one deployment.
  auto r = deploy(port_, {{"deployment-name", "", "bad-form"},
                          {"a.form", "a.form", loan_form("same").dump()},
                          {"b.form", "b.form", loan_form("same").dump()}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ok("GET", "/engine-rest/deployment/count?name=bad-form")["count"], 0);
}

TEST_F(FormTest, TaskFormByFormRefIsDeployedAndValidated) {
  deploy_ok("task-form", {{"p.bpmn", process("task_form", R"(camunda:formRef="loan-form")")},
                          {"forms/loan.form", loan_form().dump()}});
  std::string task = start_task("task_form", {{"score", var(700)}});
  std::string pi = ok("GET", "/engine-rest/task/" + task)["processInstanceId"];
  json dto = ok("GET", "/engine-rest/task/" + task + "/form");
  EXPECT_EQ(dto["key"], nullptr);
  EXPECT_EQ(dto["camundaFormRef"], json({{"key", "loan-form"}, {"binding", "latest"}, {"version", nullptr}}));
  json schema = ok("GET", "/engine-rest/task/" + task + "/deployed-form");
  EXPECT_EQ(schema["id"], "loan-form");
  json ui = ok("GET", "/api/tasks/" + task + "/form");
  EXPECT_EQ(ui["kind"], "deployed");
  EXPECT_EQ(ui["key"], "loan-form");
  EXPECT_EQ(ui["schema"]["components"].size(), 11u);
  EXPECT_EQ(ui["variables"]["score"]["value"], 700);

  // One wrong field: 400 naming it, nothing stored, the task still open.
  auto r = call("POST", "/engine-rest/task/" + task + "/submit-form",
                {{"variables", {{"amount", var(500)}, {"note", var("fine")}}}});
  ASSERT_EQ(r.status, 400) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["type"], "FormValidationException");
  EXPECT_EQ(body["message"], "1 field is invalid");
  EXPECT_EQ(body["code"], 0);
  EXPECT_EQ(body["fieldErrors"], json::parse(R"([{"field":"amount","rule":"min","message":"amount must be at least 1000","params":{"min":1000}}])"));
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task + "/variables/note").status, 404);
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task).status, 200);

  // Several wrong fields: every one named.
  r = call("POST", "/engine-rest/task/" + task + "/submit-form",
           {{"variables", {{"amount", var("lots")}, {"pesel", var("123")}, {"purpose", var("BOAT")},
                           {"employment", var("EMPLOYED")}}}});
  ASSERT_EQ(r.status, 400) << r.body;
  body = json::parse(r.body);
  EXPECT_EQ(body["message"], "4 fields are invalid");
  EXPECT_EQ(rules_of(body), (std::vector<std::string>{"amount:type", "pesel:minLength", "pesel:pattern",
                                                      "purpose:option", "employer:required"}));

  // A valid submission completes; the hidden field and the readonly one are not stored.
  ok("POST", "/engine-rest/task/" + task + "/submit-form",
     {{"variables", {{"amount", var(5000)}, {"employment", var("OTHER")}, {"employer", var("ACME")},
                     {"score", var(999)}, {"note", var("fine")}}}}, 204);
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task).status, 404);
  json hist = ok("GET", "/engine-rest/history/variable-instance?processInstanceId=" + pi);
  std::set<std::string> stored;
  for (const auto& v : hist) stored.insert(v["name"].get<std::string>());
  EXPECT_EQ(stored, (std::set<std::string>{"amount", "employment", "note", "score"})) << hist;
  json score = ok("GET", "/engine-rest/history/variable-instance?variableName=score&processInstanceId=" + pi);
  ASSERT_EQ(score.size(), 1u);
  EXPECT_EQ(score[0]["value"], 700);
}

TEST_F(FormTest, EveryRuleOverRestOnAStartForm) {
  deploy_ok("rules", {{"p.bpmn", process("rules", "", "", R"(camunda:formRef="rules-form")")},
                      {"rules.form", loan_form("rules-form").dump()}});
  json base = {{"amount", var(5000)}, {"employment", var("OTHER")}};
  struct Case { const char* field; json value; const char* rule; };
  std::vector<Case> cases = {
      {"amount", nullptr, "required"},       {"amount", 999, "min"},
      {"amount", 200001, "max"},             {"amount", "many", "type"},
      {"pesel", "1234567890a", "pattern"},   {"note", "ab", "minLength"},
      {"note", std::string(21, 'x'), "maxLength"}, {"email", "jan@", "email"},
      {"phone", "12", "phone"},              {"purpose", "BOAT", "option"},
      {"consent", "yes", "type"},            {"birthDate", "07.12.2026", "type"},
  };
  long long before = instances("rules");
  for (const auto& c : cases) {
    json vars = base;
    vars[c.field] = var(c.value);
    auto r = call("POST", "/engine-rest/process-definition/key/rules/submit-form", {{"variables", vars}});
    ASSERT_EQ(r.status, 400) << c.field << " " << c.rule << ": " << r.body;
    EXPECT_EQ(rules_of(json::parse(r.body)), std::vector<std::string>{std::string(c.field) + ":" + c.rule}) << r.body;
  }
  EXPECT_EQ(instances("rules"), before);  // nothing started
  json pi = ok("POST", "/engine-rest/process-definition/key/rules/submit-form",
               {{"variables", {{"amount", var(5000)}, {"employment", var("EMPLOYED")}, {"employer", var("ACME")},
                               {"pesel", var("44051401359")}, {"email", var("jan@bank.pl")},
                               {"phone", var("+48 601 234 567")}, {"birthDate", var("1944-05-14")}}},
                {"businessKey", "LOAN-1"}});
  EXPECT_EQ(pi["businessKey"], "LOAN-1");
  EXPECT_EQ(instances("rules"), before + 1);
  // The start form endpoints.
  json def = ok("GET", "/engine-rest/process-definition/key/rules");
  std::string id = def["id"];
  EXPECT_EQ(ok("GET", "/engine-rest/process-definition/" + id + "/startForm")["camundaFormRef"]["key"], "rules-form");
  EXPECT_EQ(ok("GET", "/engine-rest/process-definition/key/rules/deployed-start-form")["id"], "rules-form");
  json ui = ok("GET", "/api/process-definitions/" + id + "/start-form");
  EXPECT_EQ(ui["kind"], "deployed");
  EXPECT_EQ(ui["schema"]["id"], "rules-form");
  EXPECT_EQ(ui["variables"], json::object());
  // The plain start takes no form (Camunda's /start does not validate either).
  ok("POST", "/engine-rest/process-definition/key/rules/start", {{"variables", json::object()}});
}

// A checklist's answer comes as a Json variable whose value is the serialized list (as the
// web apps and Camunda 7's clients send Json): checked as the list, stored as sent.
TEST_F(FormTest, ChecklistAnswersAsSerializedJsonAreCheckedAsLists) {
  json form = {{"id", "lists-form"}, {"type", "default"}, {"schemaVersion", 16},
               {"components", json::array({
                    {{"type", "checklist"}, {"key", "docs"}, {"label", "Documents"},
                     {"values", {{{"label", "ID"}, {"value", "ID"}}, {{"label", "Income"}, {"value", "INCOME"}}}}},
                })}};
  deploy_ok("lists", {{"p.bpmn", process("lists", "", "", R"(camunda:formRef="lists-form")")},
                      {"lists.form", form.dump()}});
  auto submit = [](const json& docs) {
    return call("POST", "/engine-rest/process-definition/key/lists/submit-form", {{"variables", {{"docs", docs}}}});
  };
  long long before = instances("lists");
  EXPECT_EQ(submit({{"value", "[]"}, {"type", "Json"}}).status, 200);
  auto two = submit({{"value", R"(["ID","INCOME"])"}, {"type", "Json"}});
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(instances("lists"), before + 2);
  // Not a list, an option the list does not have, not JSON at all: refused, nothing started.
  for (const json& bad : {json{{"value", "ID"}, {"type", "String"}}, json{{"value", R"({"a":1})"}, {"type", "Json"}}}) {
    auto r = submit(bad);
    ASSERT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(rules_of(json::parse(r.body)), std::vector<std::string>{"docs:type"}) << r.body;
  }
  auto broken = submit({{"value", "[ID"}, {"type", "Json"}});
  EXPECT_EQ(broken.status, 400);
  EXPECT_NE(broken.body.find("docs"), std::string::npos) << broken.body;
  auto unknown = submit({{"value", R"(["PASSPORT"])"}, {"type", "Json"}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(instances("lists"), before + 2);
}

TEST_F(FormTest, FormRefBindingsLatestDeploymentAndVersion) {
  // Version 1 of "bound" (min 10) deployed with processes bound to its deployment and to
  // version 1; version 2 (min 100) deployed alone afterwards.
  deploy_ok("bindings", {{"p1.bpmn", process("bound_deployment", R"(camunda:formRef="bound" camunda:formRefBinding="deployment")")},
                         {"p2.bpmn", process("bound_version", R"(camunda:formRef="bound" camunda:formRefBinding="version" camunda:formRefVersion="1")")},
                         {"p3.bpmn", process("bound_latest", R"(camunda:formRef="bound")")},
                         {"bound.form", loan_form("bound", 10).dump()}});
  deploy_ok("bindings-v2", {{"bound.form", loan_form("bound", 100).dump()}});
  auto min_of = [](const json& schema) { return schema["components"][0]["validate"]["min"].get<int>(); };
  for (auto [key, want] : {std::pair{"bound_deployment", 10}, std::pair{"bound_version", 10}, std::pair{"bound_latest", 100}}) {
    std::string task = start_task(key);
    EXPECT_EQ(min_of(ok("GET", "/engine-rest/task/" + task + "/deployed-form")), want) << key;
    // And the submission is checked against that version.
    auto r = call("POST", "/engine-rest/task/" + task + "/submit-form",
                  {{"variables", {{"amount", var(50)}, {"employment", var("OTHER")}}}});
    EXPECT_EQ(r.status, want == 10 ? 204 : 400) << key << ": " << r.body;
  }
  std::string task = start_task("bound_version");
  EXPECT_EQ(ok("GET", "/engine-rest/task/" + task + "/form")["camundaFormRef"],
            json({{"key", "bound"}, {"binding", "version"}, {"version", "1"}}));
  // A formRef to a form that is not deployed: said so, and submissions are refused.
  deploy_ok("missing", {{"p.bpmn", process("missing_form", R"(camunda:formRef="nowhere")")}});
  task = start_task("missing_form");
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task + "/deployed-form").status, 404);
  json ui = ok("GET", "/api/tasks/" + task + "/form");
  EXPECT_EQ(ui["kind"], "none");
  EXPECT_NE(ui["problem"].get<std::string>().find("nowhere"), std::string::npos);
  EXPECT_EQ(call("POST", "/engine-rest/task/" + task + "/submit-form", {{"variables", json::object()}}).status, 400);
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task).status, 200);
}

TEST_F(FormTest, DeploymentFormKeyAndEmbeddedKeys) {
  deploy_ok("keys", {{"p1.bpmn", process("key_deployment", R"(camunda:formKey="camunda-forms:deployment:forms/k.form")")},
                     {"p2.bpmn", process("key_embedded", R"(camunda:formKey="embedded:app:forms/x.html")")},
                     {"p3.bpmn", process("key_app", R"(camunda:formKey="camunda-forms:app:forms/x.form")")},
                     {"forms/k.form", loan_form("by-path").dump()}});
  std::string task = start_task("key_deployment");
  EXPECT_EQ(ok("GET", "/engine-rest/task/" + task + "/form")["key"], "camunda-forms:deployment:forms/k.form");
  EXPECT_EQ(ok("GET", "/engine-rest/task/" + task + "/deployed-form")["id"], "by-path");
  EXPECT_EQ(ok("GET", "/api/tasks/" + task + "/form")["kind"], "deployed");
  EXPECT_EQ(call("POST", "/engine-rest/task/" + task + "/submit-form", {{"variables", {{"amount", var(1)}}}}).status, 400);
  for (const char* key : {"key_embedded", "key_app"}) {
    task = start_task(key);
    json ui = ok("GET", "/api/tasks/" + task + "/form");
    EXPECT_EQ(ui["kind"], "embedded") << key;
    EXPECT_EQ(ui["schema"], nullptr);
    EXPECT_NE(ui["problem"].get<std::string>().find("not show"), std::string::npos);
    EXPECT_EQ(call("GET", "/engine-rest/task/" + task + "/deployed-form").status, 400);
    // Not validated: the generic variables form completes it.
    ok("POST", "/engine-rest/task/" + task + "/submit-form", {{"variables", {{"x", var(1)}}}}, 204);
  }
}

TEST_F(FormTest, GeneratedFormFromFormData) {
  const std::string fields = R"(<camunda:formData businessKey="customer">
      <camunda:formField id="customer" label="Customer" type="string" defaultValue="Jan">
        <camunda:validation><camunda:constraint name="required"/><camunda:constraint name="minlength" config="2"/></camunda:validation>
      </camunda:formField>
      <camunda:formField id="limit" label="Limit" type="long">
        <camunda:validation><camunda:constraint name="min" config="500"/><camunda:constraint name="max" config="5000"/></camunda:validation>
      </camunda:formField>
      <camunda:formField id="vip" label="VIP" type="boolean"/>
      <camunda:formField id="since" label="Since" type="date"/>
      <camunda:formField id="risk" label="Risk" type="enum">
        <camunda:value id="LOW" name="Low"/><camunda:value id="HIGH" name="High"/>
      </camunda:formField>
      <camunda:formField id="branch" type="string" defaultValue="Warsaw">
        <camunda:validation><camunda:constraint name="readonly"/></camunda:validation>
      </camunda:formField>
    </camunda:formData>)";
  deploy_ok("generated", {{"p.bpmn", process("generated", "", fields, "", fields)}});
  json def = ok("GET", "/engine-rest/process-definition/key/generated");
  json start_ui = ok("GET", "/api/process-definitions/" + def["id"].get<std::string>() + "/start-form");
  EXPECT_EQ(start_ui["kind"], "generated");
  EXPECT_EQ(start_ui["variables"]["customer"]["value"], "Jan");
  EXPECT_EQ(ok("GET", "/engine-rest/process-definition/key/generated/form-variables")["branch"]["value"], "Warsaw");
  auto bad = call("POST", "/engine-rest/process-definition/key/generated/submit-form",
                  {{"variables", {{"customer", var("J")}, {"limit", var(600.5)}, {"risk", var("MID")}}}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(rules_of(json::parse(bad.body)), (std::vector<std::string>{"customer:minLength", "limit:type", "risk:option"}));

  json started = ok("POST", "/engine-rest/process-definition/key/generated/submit-form",
                    {{"variables", {{"customer", var("Ewa Nowak")}, {"limit", var(600)}}}});
  EXPECT_EQ(started["businessKey"], "Ewa Nowak");  // formData businessKey="customer"
  std::string task = start_task("generated", {{"customer", var("Jan Kowalski")}});
  json ui = ok("GET", "/api/tasks/" + task + "/form");
  EXPECT_EQ(ui["kind"], "generated");
  const json& c = ui["schema"]["components"];
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[1]["type"], "number");
  EXPECT_EQ(c[1]["validate"], json({{"min", 500}, {"max", 5000}}));
  EXPECT_EQ(c[3]["subtype"], "date");
  EXPECT_EQ(c[4]["values"][0], json({{"label", "Low"}, {"value", "LOW"}}));
  EXPECT_EQ(ui["variables"]["customer"]["value"], "Jan Kowalski");
  EXPECT_EQ(ok("GET", "/engine-rest/task/" + task + "/form")["key"], nullptr);
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task + "/deployed-form").status, 400);
  auto r = call("POST", "/engine-rest/task/" + task + "/submit-form", {{"variables", {{"limit", var(499)}}}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(rules_of(json::parse(r.body)), std::vector<std::string>{"limit:min"});
  ok("POST", "/engine-rest/task/" + task + "/submit-form",
     {{"variables", {{"limit", var(1000)}, {"since", var("2026-01-31")}, {"risk", var("LOW")}, {"branch", var("Gdańsk")}}}}, 204);
  EXPECT_EQ(ok("GET", "/engine-rest/history/variable-instance?variableName=branch").size(), 0u);
}

TEST_F(FormTest, FormEndpointsAreAuthorized) {
  const std::string password = "Form-rights-pass-2026";
  for (const char* user : {"form-clerk", "form-outsider", "form-starter"}) {
    json body = {{"profile", {{"id", user}, {"firstName", user}, {"lastName", "Test"}, {"email", std::string(user) + "@example.org"}}},
                 {"credentials", {{"password", password}}}};
    ASSERT_EQ(call("POST", "/engine-rest/user/create", body).status, 204);
  }
  auto as = [&](const std::string& user, const std::string& method, const std::string& path, const json& body = nullptr) {
    return http_request(port_, method, path, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}, {"Authorization", basic_auth(user, password)}});
  };
  deploy_ok("authz-forms", {{"p.bpmn", process("form_rights", R"(camunda:formRef="rights-form" camunda:candidateUsers="form-clerk")",
                                               "", R"(camunda:formRef="rights-form")")},
                            {"rights.form", loan_form("rights-form").dump()}});
  std::string task = start_task("form_rights");
  std::string def = ok("GET", "/engine-rest/process-definition/key/form_rights")["id"];
  json good = {{"variables", {{"amount", var(5000)}, {"employment", var("OTHER")}}}};

  // Someone with no rights on the task or the definition reads and changes nothing.
  for (const std::string& path : {"/api/tasks/" + task + "/form", "/engine-rest/task/" + task + "/form",
                                  "/engine-rest/task/" + task + "/deployed-form",
                                  "/engine-rest/task/" + task + "/form-variables",
                                  "/api/process-definitions/" + def + "/start-form",
                                  "/engine-rest/process-definition/" + def + "/startForm",
                                  std::string("/engine-rest/process-definition/key/form_rights/deployed-start-form")}) {
    EXPECT_EQ(as("form-outsider", "GET", path).status, 403) << path;
  }
  EXPECT_EQ(as("form-outsider", "POST", "/engine-rest/task/" + task + "/submit-form", good).status, 403);
  EXPECT_EQ(call("GET", "/engine-rest/task/" + task).status, 200);
  long long before = instances("form_rights");
  EXPECT_EQ(as("form-outsider", "POST", "/engine-rest/process-definition/key/form_rights/submit-form", good).status, 403);
  EXPECT_EQ(instances("form_rights"), before);

  // The candidate reads the form and submits it (validated like anyone's).
  EXPECT_EQ(as("form-clerk", "GET", "/api/tasks/" + task + "/form").status, 200);
  EXPECT_EQ(as("form-clerk", "POST", "/engine-rest/task/" + task + "/submit-form",
               {{"variables", {{"amount", var(1)}}}}).status, 400);
  EXPECT_EQ(as("form-clerk", "POST", "/engine-rest/task/" + task + "/submit-form", good).status, 204);
  before = instances("form_rights");  // the completed instance has ended

  // Starting through the start form needs what /start needs (CREATE on instances and
  // CREATE_INSTANCE on the key), not READ on the definition.
  for (auto [type, id, perms] : {std::tuple{8, "*", "CREATE"}, std::tuple{6, "form_rights", "CREATE_INSTANCE"}}) {
    json a = {{"type", 1}, {"userId", "form-starter"}, {"resourceType", type}, {"resourceId", id},
              {"permissions", json::array({perms})}};
    ASSERT_EQ(call("POST", "/engine-rest/authorization/create", a).status, 200);
  }
  auto wrong = as("form-starter", "POST", "/engine-rest/process-definition/key/form_rights/submit-form",
                  {{"variables", {{"amount", var(1)}}}});
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(instances("form_rights"), before);
  EXPECT_EQ(as("form-starter", "POST", "/engine-rest/process-definition/key/form_rights/submit-form", good).status, 200);
  EXPECT_EQ(instances("form_rights"), before + 1);
  EXPECT_EQ(as("form-starter", "GET", "/api/process-definitions/" + def + "/start-form").status, 403);
}

TEST_F(FormTest, StartableInTasklist) {
  std::string hidden = process("not_startable", "");
  hidden.replace(hidden.find("isExecutable=\"true\""), 19, "isExecutable=\"true\" camunda:isStartableInTasklist=\"false\"");
  deploy_ok("startable", {{"a.bpmn", hidden}, {"b.bpmn", process("startable", "")}});
  EXPECT_EQ(ok("GET", "/engine-rest/process-definition/key/not_startable")["startableInTasklist"], false);
  EXPECT_EQ(ok("GET", "/engine-rest/process-definition/key/startable")["startableInTasklist"], true);
  json list = ok("GET", "/engine-rest/process-definition?startableInTasklist=true&latestVersion=true");
  bool seen_startable = false;
  for (const auto& d : list) {
    EXPECT_NE(d["key"], "not_startable");
    seen_startable = seen_startable || d["key"] == "startable";
  }
  EXPECT_TRUE(seen_startable);
}

TEST_F(FormTest, EveryBankSampleTaskAndStartEventHasADeployedForm) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : fs::recursive_directory_iterator(kSamples)) {
    if (e.is_regular_file()) files.push_back({fs::relative(e.path(), kSamples).generic_string(), read_file(e.path())});
  }
  deploy_ok("samples", files);
  for (const char* key : {"cash-loan-onboarding", "credit-card-cross-sell", "term-deposit-opening"}) {
    json def = ok("GET", std::string("/engine-rest/process-definition/key/") + key);
    json ui = ok("GET", "/api/process-definitions/" + def["id"].get<std::string>() + "/start-form");
    EXPECT_EQ(ui["kind"], "deployed") << key << ui.dump();
    // Every component with a label carries its Polish label.
    for (const auto& c : ui["schema"]["components"]) {
      if (c.contains("label")) {
        EXPECT_TRUE(c["properties"].contains("label.pl")) << key << c;
      }
    }
  }
  // The cash loan end to end through its forms: a wrong application is refused...
  json good = {{"firstName", var("Jan")}, {"lastName", var("Kowalski")}, {"pesel", var("44051401359")},
               {"age", var(40)}, {"email", var("jan.kowalski@example.pl")}, {"employment", var("EMPLOYED")},
               {"employer", var("ACME")}, {"income", var(6000)}, {"amount", var(20000)}, {"termMonths", var(36)},
               {"purpose", var("CAR")}, {"branchManager", var("piotr")}, {"consentCreditCheck", var(true)}};
  json wrong = good;
  wrong["pesel"] = var("4405140135");
  wrong["amount"] = var(500000);
  auto r = call("POST", "/engine-rest/process-definition/key/cash-loan-onboarding/submit-form", {{"variables", wrong}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(rules_of(json::parse(r.body)), (std::vector<std::string>{"pesel:pattern", "amount:max"}));
  // ... a right one starts the case, and the clerk's review form is the deployed one.
  json pi = ok("POST", "/engine-rest/process-definition/key/cash-loan-onboarding/submit-form", {{"variables", good}});
  json tasks = ok("GET", "/engine-rest/task?processInstanceId=" + pi["id"].get<std::string>());
  ASSERT_EQ(tasks.size(), 1u);
  std::string review = tasks[0]["id"];
  json ui = ok("GET", "/api/tasks/" + review + "/form");
  EXPECT_EQ(ui["kind"], "deployed");
  EXPECT_EQ(ui["schema"]["id"], "review-application");
  r = call("POST", "/engine-rest/task/" + review + "/submit-form",
           {{"variables", {{"identityVerified", var(false)}, {"income", var(6000)}}}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(rules_of(json::parse(r.body)), std::vector<std::string>{"identityIssue:required"});
  ok("POST", "/engine-rest/task/" + review + "/submit-form",
     {{"variables", {{"identityVerified", var(true)}, {"documentsReceived", var(json::array({"ID"}))},
                     {"income", var(6000)}}}}, 204);
}

}  // namespace
