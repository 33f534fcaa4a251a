// Public application forms over real HTTP against a real `dpc serve`: a deployed Camunda Form
// that declares itself public is rendered and submitted without a login; the server
// validates against the version that was rendered (with PESEL, IBAN, phone and e-mail
// checks), a wrong submission starts nothing, a double submit with one idempotency key starts
// one instance, a filled honeypot starts nothing, a valid one starts the bound process with
// typed variables and answers an application number whose status (with its token) shows the
// steps mapped from the process's activities. A form that is not public stays hidden.
// The bank samples' public forms (cash loan, term deposit) start their processes with typed
// variables, the chosen offer's productId and the bank's constants.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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

// The samples of bpmn-samples/ as `dpc serve` deploys them: the public cash-loan and
// term-deposit forms start cash-loan-onboarding and term-deposit-opening.
class SampleApplicationFormTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("application-form-samples", port_);
    namespace fs = std::filesystem;
    const fs::path samples = fs::path(DPC_SOURCE_DIR) / "bpmn-samples";
    std::vector<Part> parts = {{"deployment-name", "", "samples"}};
    auto add = [&](const fs::path& file) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      std::string name = fs::relative(file, samples).generic_string();
      parts.push_back({name, name, bytes.str()});
    };
    for (const char* f : {"cash-loan-onboarding.bpmn", "term-deposit-opening.bpmn", "loan-scoring.dmn"}) add(samples / f);
    for (const auto& e : fs::directory_iterator(samples / "forms")) add(e.path());
    auto r = deploy(port_, parts);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse submit(const std::string& key, const json& data) {
    int version = json::parse(http_request(port_, "GET", "/api/forms/" + key, "", kAnonymous).body)["version"];
    json body = {{"version", version}, {"data", data}, {"website", ""}};
    return http_request(port_, "POST", "/api/forms/" + key + "/submissions", body.dump(), kAnonymous);
  }
  // The variables of the instance the application number started.
  static json variables_of(const std::string& number) {
    auto list = json::parse(http_request(port_, "GET", "/engine-rest/process-instance?businessKey=" + number).body);
    EXPECT_EQ(list.size(), 1u) << list;
    if (list.size() != 1) return json::object();
    return json::parse(
        http_request(port_, "GET", "/engine-rest/process-instance/" + list[0]["id"].get<std::string>() + "/variables").body);
  }
  static json cash_loan() {
    return {{"amount", 20000}, {"months", 36}, {"purpose", "CAR"}, {"purposeOther", "ignored: hidden"},
            {"firstName", "Jan"}, {"lastName", "Kowalski"}, {"pesel", "44051401359"}, {"email", "jan@example.pl"},
            {"phone", "601 234 567"}, {"age", 42}, {"employment", "EMPLOYED"}, {"employer", "Huta Katowice"},
            {"income", 6500.5}, {"iban", "PL61 1090 1014 0000 0712 1981 2874"}, {"consentCreditCheck", true},
            {"consentTerms", true}, {"consentMarketing", false}, {"productId", "cash-loan-standard"}};
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(SampleApplicationFormTest, RendersThePagesAndTheOfferParameters) {
  auto r = http_request(port_, "GET", "/api/forms/cash-loan-application", "", kAnonymous);
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["parameters"], json::array({"productId"}));
  int groups = 0;
  for (const auto& c : body["schema"]["components"]) groups += c["type"] == "group";
  EXPECT_EQ(groups, 4);  // the page's steps
  EXPECT_EQ(r.body.find("cash-loan-onboarding"), std::string::npos);
  EXPECT_EQ(r.body.find("branchManager"), std::string::npos);  // the bank's constants stay inside
}

TEST_F(SampleApplicationFormTest, CashLoanApplicationStartsOnboardingWithTypedVariables) {
  auto r = submit("cash-loan-application", cash_loan());
  ASSERT_EQ(r.status, 201) << r.body;
  auto vars = variables_of(json::parse(r.body)["applicationNumber"]);
  EXPECT_EQ(vars["amount"]["type"], "Integer");
  EXPECT_EQ(vars["amount"]["value"], 20000);
  EXPECT_EQ(vars["months"]["type"], "Integer");
  EXPECT_EQ(vars["income"]["type"], "Double");
  EXPECT_EQ(vars["age"]["value"], 42);
  EXPECT_EQ(vars["pesel"]["type"], "String");
  EXPECT_EQ(vars["consentCreditCheck"]["type"], "Boolean");
  EXPECT_EQ(vars["productId"]["value"], "cash-loan-standard");
  EXPECT_EQ(vars["branchManager"]["value"], "piotr");  // the approval task's candidate
  EXPECT_EQ(vars["channel"]["value"], "online");
  EXPECT_FALSE(vars.contains("purposeOther"));  // hidden unless the purpose is "something else"
  // The review task waits for the loan officers with the requested amount.
  auto tasks = json::parse(http_request(port_, "GET", "/engine-rest/task?processInstanceBusinessKey=" +
                                                          json::parse(r.body)["applicationNumber"].get<std::string>())
                               .body);
  ASSERT_EQ(tasks.size(), 1u) << tasks;
  EXPECT_EQ(tasks[0]["taskDefinitionKey"], "review_application");
}

TEST_F(SampleApplicationFormTest, CashLoanRefusesWhatTheCustomerGotWrong) {
  json data = cash_loan();
  data["pesel"] = "44051401358";
  data["consentCreditCheck"] = false;
  data["productId"] = "<script>";
  data["branchManager"] = "mallory";  // not a field: never a variable
  data.erase("employer");
  auto r = submit("cash-loan-application", data);
  ASSERT_EQ(r.status, 400) << r.body;
  std::set<std::string> rules;
  const json refused = json::parse(r.body);
  for (const auto& e : refused["fieldErrors"]) rules.insert(e["field"].get<std::string>() + ":" + e["rule"].get<std::string>());
  EXPECT_EQ(rules, (std::set<std::string>{"pesel:pesel", "consentCreditCheck:required", "productId:pattern",
                                          "employer:required"}))
      << r.body;
  // Fixed, the constant wins over what was sent.
  data = cash_loan();
  data["branchManager"] = "mallory";
  auto ok = submit("cash-loan-application", data);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(variables_of(json::parse(ok.body)["applicationNumber"])["branchManager"]["value"], "piotr");
}

TEST_F(SampleApplicationFormTest, TermDepositApplicationStartsTheOpening) {
  json data = {{"amount", 50000}, {"currency", "PLN"}, {"months", 12}, {"autoRenew", true},
               {"firstName", "Anna"}, {"lastName", "Nowak"}, {"pesel", "44051401359"}, {"email", "anna@example.pl"},
               {"phone", "+48 601 234 567"}, {"iban", "PL61109010140000071219812874"}, {"consentTerms", true},
               {"productId", "deposit-12m"}};
  auto r = submit("term-deposit-application", data);
  ASSERT_EQ(r.status, 201) << r.body;
  auto answer = json::parse(r.body);
  auto vars = variables_of(answer["applicationNumber"]);
  EXPECT_EQ(vars["amount"]["value"], 50000);
  EXPECT_EQ(vars["months"]["value"], 12);
  EXPECT_EQ(vars["currency"]["value"], "PLN");
  EXPECT_EQ(vars["productId"]["value"], "deposit-12m");
  auto status = http_request(port_, "GET",
                             "/api/forms/applications/" + answer["applicationNumber"].get<std::string>() +
                                 "?token=" + answer["token"].get<std::string>(),
                             "", {{"Authorization", ""}, {"Accept-Language", "pl"}});
  ASSERT_EQ(status.status, 200) << status.body;
  auto steps = json::parse(status.body)["steps"];
  ASSERT_EQ(steps.size(), 4u) << status.body;
  EXPECT_EQ(steps[1]["label"], "Weryfikacja wniosku");
  EXPECT_EQ(steps[1]["state"], "current");  // the details task waits
}

// Uploads: a scan is taken by what its bytes are (PDF, JPEG, PNG), never by its name.
const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(64, '\x01');

HttpResponse upload(int port, const std::string& key, const std::string& name, const std::string& bytes) {
  return http_request(port, "POST", "/api/forms/" + key + "/uploads?name=" + name, bytes,
                      {{"Authorization", ""}, {"Content-Type", "application/octet-stream"}});
}

TEST_F(SampleApplicationFormTest, UploadsAreCheckedByTheirContentAndSize) {
  // A PNG named like a PDF: accepted as what it is.
  auto png = upload(port_, "cash-loan-application", "scan.pdf", kPng);
  ASSERT_EQ(png.status, 201) << png.body;
  auto answer = json::parse(png.body);
  EXPECT_EQ(answer["type"], "image/png");
  EXPECT_EQ(answer["name"], "scan.pdf");
  EXPECT_EQ(answer["size"], kPng.size());
  EXPECT_GE(answer["uploadId"].get<std::string>().size(), 40u);
  EXPECT_EQ(upload(port_, "cash-loan-application", "x.pdf", "%PDF-1.7\n%test").status, 201);
  EXPECT_EQ(upload(port_, "cash-loan-application", "x.jpg", std::string("\xff\xd8\xff\xe0", 4) + "JFIF").status, 201);
  // Text with a .pdf name, a GIF, nothing: 400 saying what is accepted.
  auto text = upload(port_, "cash-loan-application", "id.pdf", "this is not a PDF at all");
  ASSERT_EQ(text.status, 400) << text.body;
  EXPECT_NE(text.body.find("PDF, JPEG or PNG"), std::string::npos) << text.body;
  EXPECT_EQ(upload(port_, "cash-loan-application", "id.gif", "GIF89a....").status, 400);
  EXPECT_EQ(upload(port_, "cash-loan-application", "empty.pdf", "").status, 400);
  // Over 5 MB: 413.
  std::string big = "%PDF-1.7\n" + std::string(5 * 1024 * 1024, 'x');
  EXPECT_EQ(upload(port_, "cash-loan-application", "big.pdf", big).status, 413);
  // Only public forms take files.
  EXPECT_EQ(upload(port_, "review-application", "scan.png", kPng).status, 404);
  EXPECT_EQ(upload(port_, "no-such-form", "scan.png", kPng).status, 404);
}

TEST_F(SampleApplicationFormTest, AnUploadedScanBecomesAFileVariable) {
  auto up = upload(port_, "cash-loan-application", "dow%C3%B3d.png", kPng);
  ASSERT_EQ(up.status, 201) << up.body;
  json data = cash_loan();
  data["idScan"] = json::parse(up.body)["uploadId"];
  auto r = submit("cash-loan-application", data);
  ASSERT_EQ(r.status, 201) << r.body;
  auto list = json::parse(http_request(port_, "GET", "/engine-rest/process-instance?businessKey=" +
                                                         json::parse(r.body)["applicationNumber"].get<std::string>()).body);
  ASSERT_EQ(list.size(), 1u);
  std::string base = "/engine-rest/process-instance/" + list[0]["id"].get<std::string>() + "/variables/idScan";
  auto var = json::parse(http_request(port_, "GET", base + "?deserializeValue=false").body);
  EXPECT_EQ(var["type"], "File") << var;
  EXPECT_EQ(var["valueInfo"]["filename"], "dowód.png") << var;
  EXPECT_EQ(var["valueInfo"]["mimetype"], "image/png") << var;
  auto bytes = http_request(port_, "GET", base + "/data");
  ASSERT_EQ(bytes.status, 200) << bytes.body;
  EXPECT_EQ(bytes.body, kPng);
  // An id that names no upload (or one of another form) is a field error; nothing starts.
  data["idScan"] = "not-an-upload-id";
  auto wrong = submit("cash-loan-application", data);
  ASSERT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(json::parse(wrong.body)["fieldErrors"][0]["field"], "idScan");
  EXPECT_EQ(json::parse(wrong.body)["fieldErrors"][0]["rule"], "upload");
  auto other = upload(port_, "term-deposit-application", "scan.png", kPng);
  ASSERT_EQ(other.status, 201);
  data["idScan"] = json::parse(other.body)["uploadId"];
  EXPECT_EQ(submit("cash-loan-application", data).status, 400);
}

}  // namespace
