// Public application forms over real HTTP against a real `dpc serve`: a deployed Camunda Form
// that declares itself public is rendered and submitted without a login; the server
// validates against the version that was rendered (with PESEL, IBAN, phone and e-mail
// checks), a wrong submission starts nothing, a double submit with one idempotency key starts
// one instance, a filled honeypot starts nothing, a valid one starts the bound process with
// typed variables and answers an application number whose status (with its token) shows the
// steps mapped from the process's activities. A form that is not public stays hidden.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kAnonymous = {{"Authorization", ""},
                                                       {"Content-Type", "application/json"}};

const char* kProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests/application">
  <bpmn:process id="publicLoanApplication" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="received"/>
    <bpmn:userTask id="review" name="Review"/>
    <bpmn:endEvent id="decided"/>
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="decided"/>
  </bpmn:process>
</bpmn:definitions>)";

json application_form(int min_amount, bool is_public = true, const std::string& id = "cash-loan-application") {
  json form = {
      {"id", id}, {"type", "default"}, {"schemaVersion", 16},
      {"components",
       {{{"type", "textfield"}, {"key", "firstName"}, {"label", "First name"}, {"validate", {{"required", true}}}},
        {{"type", "textfield"}, {"key", "pesel"}, {"label", "PESEL"}, {"validate", {{"required", true}}},
         {"properties", {{"validationType", "pesel"}}}},
        {{"type", "textfield"}, {"key", "iban"}, {"label", "Account"}, {"properties", {{"validationType", "iban"}}}},
        {{"type", "textfield"}, {"key", "phone"}, {"label", "Phone"}, {"properties", {{"validationType", "phonePL"}}}},
        {{"type", "textfield"}, {"key", "email"}, {"label", "E-mail"}, {"properties", {{"validationType", "email"}}}},
        {{"type", "number"}, {"key", "amount"}, {"label", "Amount"},
         {"validate", {{"required", true}, {"min", min_amount}, {"max", 200000}}}}}}};
  if (is_public) {
    form["application"] = {
        {"public", true},
        {"processKey", "publicLoanApplication"},
        {"steps",
         {{{"id", "received"}, {"label", {{"pl", "Wniosek przyjęty"}, {"en", "Application received"}}}, {"activities", {"received"}}},
          {{"id", "checking"}, {"label", {{"pl", "Weryfikacja"}, {"en", "Being checked"}}}, {"activities", {"review"}}},
          {{"id", "decision"}, {"label", {{"pl", "Decyzja"}, {"en", "Decision"}}}, {"activities", {"decided"}}}}}};
  }
  return form;
}

json valid_data(int amount = 20000) {
  return {{"firstName", "Jan"}, {"pesel", "44051401359"}, {"iban", "PL61 1090 1014 0000 0712 1981 2874"},
          {"phone", "+48 601 234 567"}, {"email", "jan@example.pl"}, {"amount", amount}};
}

class ApplicationFormTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("application-form", port_);
    deploy_ok("application-v1", {{"application.bpmn", kProcess},
                                 {"application.form", application_form(1000).dump()},
                                 {"internal.form", application_form(1000, false, "internal-review").dump()}});
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static void deploy_ok(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<Part> parts = {{"deployment-name", "", name}};
    for (const auto& [file, content] : files) parts.push_back({file, file, content});
    auto r = deploy(port_, parts);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static HttpResponse anonymous(const std::string& method, const std::string& path, const json& body = nullptr,
                                std::map<std::string, std::string> extra = {}) {
    auto headers = kAnonymous;
    headers.insert(extra.begin(), extra.end());
    return http_request(port_, method, path, body.is_null() ? "" : body.dump(), headers);
  }
  static long long instances() {
    auto r = http_request(port_, "GET", "/engine-rest/process-instance/count?processDefinitionKey=publicLoanApplication");
    return json::parse(r.body)["count"].get<long long>();
  }
  static json submission(int version, const json& data, const std::string& idempotency = "") {
    json body = {{"version", version}, {"data", data}, {"website", ""}};
    if (!idempotency.empty()) body["idempotencyKey"] = idempotency;
    return body;
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ApplicationFormTest, RendersWithoutLoginAndHidesTheBinding) {
  auto r = anonymous("GET", "/api/forms/cash-loan-application");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["key"], "cash-loan-application");
  EXPECT_GE(body["version"].get<int>(), 1);
  EXPECT_EQ(body["honeypot"], "website");
  EXPECT_EQ(body["schema"]["components"].size(), 6u);
  EXPECT_FALSE(body["schema"].contains("application"));
  EXPECT_EQ(r.body.find("publicLoanApplication"), std::string::npos);
}

TEST_F(ApplicationFormTest, FormsThatAreNotPublicStayHidden) {
  EXPECT_EQ(anonymous("GET", "/api/forms/internal-review").status, 404);
  EXPECT_EQ(anonymous("POST", "/api/forms/internal-review/submissions", submission(1, valid_data())).status, 404);
  EXPECT_EQ(anonymous("GET", "/api/forms/no-such-form").status, 404);
}

TEST_F(ApplicationFormTest, WrongSubmissionNamesEveryFieldAndStartsNothing) {
  long long before = instances();
  json data = valid_data();
  data["pesel"] = "44051401358";
  data["iban"] = "PL61109010140000071219812875";
  data["phone"] = "12345";
  data["email"] = "jan@";
  data["amount"] = 10;
  data.erase("firstName");
  auto r = anonymous("POST", "/api/forms/cash-loan-application/submissions", submission(1, data));
  ASSERT_EQ(r.status, 400) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["type"], "FormValidationException");
  std::set<std::string> rules;
  for (const auto& e : body["fieldErrors"]) rules.insert(e["field"].get<std::string>() + ":" + e["rule"].get<std::string>());
  EXPECT_EQ(rules, (std::set<std::string>{"firstName:required", "pesel:pesel", "iban:iban", "phone:phonePL",
                                          "email:email", "amount:min"}));
  EXPECT_EQ(instances(), before);
  // Bad envelopes: a 400 naming what is wrong.
  EXPECT_EQ(anonymous("POST", "/api/forms/cash-loan-application/submissions", json{{"data", valid_data()}}).status, 400);
  EXPECT_EQ(anonymous("POST", "/api/forms/cash-loan-application/submissions", json{{"version", 1}}).status, 400);
  EXPECT_EQ(anonymous("POST", "/api/forms/cash-loan-application/submissions", submission(99, valid_data())).status, 404);
  EXPECT_EQ(instances(), before);
}

TEST_F(ApplicationFormTest, ValidSubmissionStartsTheProcessOnceAndShowsItsStatus) {
  long long before = instances();
  json data = valid_data();
  data["approved"] = true;  // not a field of the form: must not become a process variable
  auto first = anonymous("POST", "/api/forms/cash-loan-application/submissions", submission(1, data, "k-123"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto answer = json::parse(first.body);
  std::string number = answer["applicationNumber"], token = answer["token"];
  EXPECT_EQ(number.rfind("W-", 0), 0u);
  EXPECT_GE(token.size(), 40u);
  // The double submit (same idempotency key, here as the header) answers the same application.
  auto again = anonymous("POST", "/api/forms/cash-loan-application/submissions", submission(1, valid_data()),
                         {{"Idempotency-Key", "k-123"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body)["applicationNumber"], number);
  EXPECT_EQ(json::parse(again.body)["token"], token);
  EXPECT_EQ(instances(), before + 1);

  // The instance: business key = the number, typed variables.
  auto list = json::parse(http_request(port_, "GET", "/engine-rest/process-instance?businessKey=" + number).body);
  ASSERT_EQ(list.size(), 1u) << list;
  auto vars = json::parse(
      http_request(port_, "GET", "/engine-rest/process-instance/" + list[0]["id"].get<std::string>() + "/variables").body);
  EXPECT_EQ(vars["pesel"]["type"], "String");
  EXPECT_EQ(vars["pesel"]["value"], "44051401359");
  EXPECT_EQ(vars["amount"]["value"], 20000);
  EXPECT_NE(vars["amount"]["type"], "String");
  EXPECT_EQ(vars["applicationNumber"]["value"], number);
  EXPECT_FALSE(vars.contains("website"));
  EXPECT_FALSE(vars.contains("approved"));

  // Status: received done, being checked current (the review task waits), decision pending.
  auto status = anonymous("GET", "/api/forms/applications/" + number + "?token=" + token, nullptr,
                          {{"Accept-Language", "en-GB,en;q=0.8"}});
  ASSERT_EQ(status.status, 200) << status.body;
  auto steps = json::parse(status.body)["steps"];
  ASSERT_EQ(steps.size(), 3u) << status.body;
  EXPECT_EQ(steps[0]["state"], "done");
  EXPECT_EQ(steps[1]["state"], "current");
  EXPECT_EQ(steps[1]["label"], "Being checked");
  EXPECT_EQ(steps[2]["state"], "pending");
  EXPECT_EQ(status.body.find(list[0]["id"].get<std::string>()), std::string::npos);  // no internal ids
  // A wrong or missing token is answered like an unknown number.
  std::string wrong = token;
  wrong[0] = token[0] == 'x' ? 'y' : 'x';  // one character off (never the token itself)
  EXPECT_EQ(anonymous("GET", "/api/forms/applications/" + number + "?token=" + wrong).status, 404);
  EXPECT_EQ(anonymous("GET", "/api/forms/applications/" + number).status, 404);
}

TEST_F(ApplicationFormTest, HoneypotStartsNothing) {
  long long before = instances();
  json body = submission(1, valid_data());
  body["website"] = "http://spam.example";
  auto r = anonymous("POST", "/api/forms/cash-loan-application/submissions", body);
  EXPECT_EQ(r.status, 201) << r.body;  // the robot learns nothing
  EXPECT_EQ(instances(), before);
  auto number = json::parse(r.body)["applicationNumber"].get<std::string>();
  auto token = json::parse(r.body)["token"].get<std::string>();
  EXPECT_EQ(anonymous("GET", "/api/forms/applications/" + number + "?token=" + token).status, 404);
}

TEST_F(ApplicationFormTest, ValidatesAgainstTheVersionThatWasRendered) {
  int rendered = json::parse(anonymous("GET", "/api/forms/cash-loan-application").body)["version"];
  // The bank raises the minimum amount after the customer opened the form.
  deploy_ok("application-v2", {{"application.form", application_form(5000).dump()}});
  int latest = json::parse(anonymous("GET", "/api/forms/cash-loan-application").body)["version"];
  ASSERT_EQ(latest, rendered + 1);
  EXPECT_EQ(anonymous("POST", "/api/forms/cash-loan-application/submissions", submission(rendered, valid_data(2000))).status,
            201);
  auto r = anonymous("POST", "/api/forms/cash-loan-application/submissions", submission(latest, valid_data(2000)));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("amount"), std::string::npos);
}

TEST_F(ApplicationFormTest, DraftIsSavedAndResumedByItsToken) {
  json partial = {{"firstName", "Anna"}, {"amount", 15000}, {"approved", true}};
  auto saved = anonymous("POST", "/api/forms/cash-loan-application/drafts", json{{"version", 1}, {"data", partial}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  std::string token = json::parse(saved.body)["draftToken"];
  EXPECT_GE(token.size(), 40u);
  // Another browser (no cookie, nothing but the link) resumes it.
  auto resumed = anonymous("GET", "/api/forms/drafts/" + token);
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  auto body = json::parse(resumed.body);
  EXPECT_EQ(body["key"], "cash-loan-application");
  EXPECT_EQ(body["version"], 1);
  EXPECT_EQ(body["data"]["firstName"], "Anna");
  EXPECT_EQ(body["data"]["amount"], 15000);
  EXPECT_FALSE(body["data"].contains("approved"));  // not a field of the form
  EXPECT_FALSE(body["schema"].contains("application"));
  // Saved again, then resumed with the new values.
  json more = partial;
  more["pesel"] = "44051401359";
  EXPECT_EQ(anonymous("PUT", "/api/forms/drafts/" + token, json{{"version", 1}, {"data", more}}).status, 204);
  EXPECT_EQ(json::parse(anonymous("GET", "/api/forms/drafts/" + token).body)["data"]["pesel"], "44051401359");
  // A guessed token finds nothing; a draft of a hidden form cannot be made.
  std::string guessed = token;
  guessed[0] = token[0] == 'x' ? 'y' : 'x';  // one character off (never the token itself)
  EXPECT_EQ(anonymous("GET", "/api/forms/drafts/" + guessed).status, 404);
  EXPECT_EQ(anonymous("POST", "/api/forms/internal-review/drafts", json{{"version", 1}, {"data", partial}}).status, 404);
  EXPECT_EQ(anonymous("POST", "/api/forms/cash-loan-application/drafts", json{{"version", 1}}).status, 400);
}

}  // namespace
