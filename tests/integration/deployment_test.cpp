// Deployments and process definitions over the Camunda REST API, against a real `dpc serve`
// on a fresh database: multipart deploy, read-back through every endpoint, versioning,
// duplicate filtering, parse errors that store nothing, paging/sorting, 404s, delete, suspend.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(DPC_SOURCE_DIR) / "tests" / "data" / "deploy";
const std::string& kBoundary = kMultipartBoundary;

std::string read_data(const std::string& name) {
  std::ifstream in(kData / name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The test model `file` with its process id "invoice" renamed to `key`.
std::string model(const std::string& file, const std::string& key) {
  return std::regex_replace(read_data(file), std::regex("id=\"invoice\""), "id=\"" + key + "\"");
}


class DeploymentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-deployment-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    server_ = new ServerProcess({"serve", "--no-access-log"},
                                {{"DPC_DATABASE_URL", create_test_database("deploy")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    EXPECT_EQ(server_->wait_exit(20s), 0);
    delete server_;
  }

  static HttpResponse deploy(const std::vector<Part>& parts) { return dpc::test::deploy(port_, parts); }
  // Deploys and expects success; returns the DeploymentWithDefinitionsDto.
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
  static int send(const std::string& method, const std::string& path, const std::string& body = "") {
    return http_request(port_, method, "/engine-rest" + path, body,
                        {{"Content-Type", "application/json"}}).status;
  }
  static long long count(const std::string& path) { return get(path)["count"].get<long long>(); }

  static int port_;
  static ServerProcess* server_;
};
int DeploymentTest::port_ = 0;
ServerProcess* DeploymentTest::server_ = nullptr;

const std::regex kCamundaDate(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4})");

TEST_F(DeploymentTest, DeployAndReadBackThroughEveryEndpoint) {
  std::string xml = model("invoice.bpmn", "readback");
  json dep = deploy_ok({{"deployment-name", "", "invoices"}, {"deployment-source", "", "modeler"},
                        {"data", "invoice.bpmn", xml}, {"notes", "notes.txt", "just bytes"}});
  std::string id = dep["id"];
  EXPECT_EQ(dep["name"], "invoices");
  EXPECT_EQ(dep["source"], "modeler");
  EXPECT_TRUE(dep["tenantId"].is_null());
  EXPECT_TRUE(std::regex_match(dep["deploymentTime"].get<std::string>(), kCamundaDate)) << dep;
  EXPECT_EQ(dep["links"][0]["rel"], "self");
  EXPECT_NE(dep["links"][0]["href"].get<std::string>().find("/engine-rest/deployment/" + id), std::string::npos);
  EXPECT_TRUE(dep["deployedDecisionDefinitions"].is_null());
  EXPECT_TRUE(dep["deployedCaseDefinitions"].is_null());
  EXPECT_TRUE(dep["deployedDecisionRequirementsDefinitions"].is_null());
  ASSERT_EQ(dep["deployedProcessDefinitions"].size(), 1u) << dep;
  json def = dep["deployedProcessDefinitions"].begin().value();
  std::string def_id = def["id"];
  EXPECT_EQ(dep["deployedProcessDefinitions"].begin().key(), def_id);
  EXPECT_TRUE(std::regex_match(def_id, std::regex("readback:1:[0-9a-f-]{36}"))) << def_id;
  EXPECT_EQ(def["key"], "readback");
  EXPECT_EQ(def["version"], 1);
  EXPECT_EQ(def["name"], "Invoice Receipt");
  EXPECT_EQ(def["versionTag"], "v1");
  EXPECT_EQ(def["historyTimeToLive"], 30);
  EXPECT_EQ(def["resource"], "invoice.bpmn");
  EXPECT_EQ(def["deploymentId"], id);
  EXPECT_EQ(def["category"], "http://dpc/tests/deploy");
  EXPECT_EQ(def["description"], "Approve and pay an invoice");
  EXPECT_EQ(def["suspended"], false);
  EXPECT_EQ(def["startableInTasklist"], true);
  EXPECT_TRUE(def.contains("diagram") && def["diagram"].is_null());

  json got = get("/deployment/" + id);
  EXPECT_EQ(got["name"], "invoices");
  EXPECT_EQ(got["deploymentTime"], dep["deploymentTime"]);
  EXPECT_FALSE(got.contains("deployedProcessDefinitions"));
  json listed = get("/deployment?id=" + id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], got);
  EXPECT_EQ(count("/deployment/count?name=invoices"), 1);

  json resources = get("/deployment/" + id + "/resources");
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0]["name"], "invoice.bpmn");
  EXPECT_EQ(resources[1]["name"], "notes.txt");
  EXPECT_EQ(resources[0]["deploymentId"], id);
  std::string rid = resources[0]["id"];
  EXPECT_EQ(get("/deployment/" + id + "/resources/" + rid), resources[0]);
  auto data = http_request(port_, "GET", "/engine-rest/deployment/" + id + "/resources/" + rid + "/data");
  EXPECT_EQ(data.status, 200);
  EXPECT_EQ(data.body, xml);
  EXPECT_EQ(data.headers["content-type"], "application/xml");
  auto notes = http_request(port_, "GET", "/engine-rest/deployment/" + id + "/resources/" +
                                              resources[1]["id"].get<std::string>() + "/data");
  EXPECT_EQ(notes.body, "just bytes");

  EXPECT_EQ(get("/process-definition/" + def_id), def);
  EXPECT_EQ(get("/process-definition/key/readback"), def);
  json by_xml = get("/process-definition/" + def_id + "/xml");
  EXPECT_EQ(by_xml["id"], def_id);
  EXPECT_EQ(by_xml["bpmn20Xml"], xml);
  EXPECT_EQ(get("/process-definition/key/readback/xml")["bpmn20Xml"], xml);
  json defs = get("/process-definition?deploymentId=" + id);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0], def);
  EXPECT_EQ(count("/process-definition/count?key=readback"), 1);
  EXPECT_EQ(count("/process-definition/count?resourceName=invoice.bpmn&versionTag=v1&key=readback"), 1);
}

TEST_F(DeploymentTest, RedeployingAChangedModelCreatesVersion2) {
  json v1 = deploy_ok({{"d", "invoice.bpmn", model("invoice.bpmn", "versioned")}});
  json v2 = deploy_ok({{"d", "invoice.bpmn", model("invoice_v2.bpmn", "versioned")}});
  json d1 = v1["deployedProcessDefinitions"].begin().value();
  json d2 = v2["deployedProcessDefinitions"].begin().value();
  EXPECT_EQ(d1["version"], 1);
  EXPECT_EQ(d2["version"], 2);
  EXPECT_EQ(d2["id"].get<std::string>().rfind("versioned:2:", 0), 0u) << d2;
  json latest = get("/process-definition/key/versioned");
  EXPECT_EQ(latest["id"], d2["id"]);
  EXPECT_EQ(latest["name"], "Invoice Receipt v2");
  EXPECT_EQ(latest["historyTimeToLive"], 45);
  EXPECT_EQ(latest["startableInTasklist"], false);
  json only_latest = get("/process-definition?key=versioned&latestVersion=true");
  ASSERT_EQ(only_latest.size(), 1u);
  EXPECT_EQ(only_latest[0]["version"], 2);
  json desc = get("/process-definition?key=versioned&sortBy=version&sortOrder=desc");
  ASSERT_EQ(desc.size(), 2u);
  EXPECT_EQ(desc[0]["version"], 2);
  EXPECT_EQ(desc[1]["version"], 1);
  EXPECT_EQ(get("/process-definition?key=versioned&version=1")[0]["id"], d1["id"]);
  EXPECT_EQ(count("/process-definition/count?notStartableInTasklist=true&key=versioned"), 1);
  // The model the old version was parsed from is still served.
  EXPECT_EQ(get("/process-definition/" + d1["id"].get<std::string>() + "/xml")["bpmn20Xml"],
            model("invoice.bpmn", "versioned"));
}

TEST_F(DeploymentTest, DuplicateFilteringReturnsTheExistingDeployment) {
  std::vector<Part> parts = {{"deployment-name", "", "dup"}, {"enable-duplicate-filtering", "", "true"},
                             {"d", "invoice.bpmn", model("invoice.bpmn", "dupkey")}};
  json first = deploy_ok(parts);
  ASSERT_EQ(first["deployedProcessDefinitions"].size(), 1u);
  json again = deploy_ok(parts);
  EXPECT_EQ(again["id"], first["id"]);
  EXPECT_TRUE(again["deployedProcessDefinitions"].is_null()) << again;
  EXPECT_EQ(count("/deployment/count?name=dup"), 1);
  EXPECT_EQ(count("/process-definition/count?key=dupkey"), 1);
  // A change deploys everything again, as a new version.
  parts[2].body = model("invoice_v2.bpmn", "dupkey");
  json changed = deploy_ok(parts);
  EXPECT_NE(changed["id"], first["id"]);
  EXPECT_EQ(changed["deployedProcessDefinitions"].begin().value()["version"], 2);
  EXPECT_EQ(count("/deployment/count?name=dup"), 2);
}

TEST_F(DeploymentTest, DeployChangedOnlyKeepsUnchangedResourcesOut) {
  std::vector<Part> parts = {{"deployment-name", "", "changed-only"}, {"deploy-changed-only", "", "true"},
                             {"d", "invoice.bpmn", model("invoice.bpmn", "partial")},
                             {"f", "form.form", "{\"id\":\"f\",\"components\":[]}"}};
  json first = deploy_ok(parts);
  parts[3].body = "{\"id\":\"f\",\"components\":[{\"type\":\"text\",\"text\":\"changed\"}]}";
  json second = deploy_ok(parts);
  ASSERT_NE(second["id"], first["id"]);
  EXPECT_TRUE(second["deployedProcessDefinitions"].is_null()) << second;
  json resources = get("/deployment/" + second["id"].get<std::string>() + "/resources");
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_EQ(resources[0]["name"], "form.form");
  EXPECT_EQ(count("/process-definition/count?key=partial"), 1);
}

TEST_F(DeploymentTest, ParseErrorsAre400WithDetailsAndStoreNothing) {
  struct Case {
    std::string file, element, text;
  };
  for (const Case& c : {Case{"malformed.bpmn", "", ""}, Case{"unknown_element.bpmn", "complex", ""},
                        Case{"missing_target.bpmn", "f1", "nowhere"},
                        Case{"broken_expression.bpmn", "cond", ""}}) {
    SCOPED_TRACE(c.file);
    long long deployments = count("/deployment/count");
    long long definitions = count("/process-definition/count");
    // A valid resource in the same deployment must not be stored either.
    auto r = deploy({{"deployment-name", "", "bad"}, {"ok", "ok.bpmn", model("invoice.bpmn", "innocent")},
                     {"bad", c.file, read_data(c.file)}});
    ASSERT_EQ(r.status, 400) << r.body;
    json e = json::parse(r.body);
    EXPECT_EQ(e["type"], "ParseException");
    EXPECT_EQ(e["code"], 0);
    EXPECT_EQ(e["message"].get<std::string>().rfind("ENGINE-09005 Could not parse BPMN process.", 0), 0u) << e;
    EXPECT_NE(e["message"].get<std::string>().find(c.file), std::string::npos) << e;
    ASSERT_TRUE(e["details"].contains(c.file)) << e;
    EXPECT_FALSE(e["details"].contains("ok.bpmn")) << e;
    const json& errors = e["details"][c.file]["errors"];
    ASSERT_GE(errors.size(), 1u) << e;
    EXPECT_TRUE(e["details"][c.file]["warnings"].is_array());
    EXPECT_GT(errors[0]["line"].get<int>(), 1) << e;
    EXPECT_GT(errors[0]["column"].get<int>(), 0) << e;
    if (!c.element.empty()) {
      bool named = false;
      for (const auto& err : errors) {
        named = named || err["mainBpmnElementId"] == c.element;
        if (err["mainBpmnElementId"] == c.element) {
          EXPECT_EQ(err["bpmnElementIds"][0], c.element);
        }
      }
      EXPECT_TRUE(named) << e;
    }
    if (!c.text.empty()) {
      EXPECT_NE(e["message"].get<std::string>().find(c.text), std::string::npos) << e;
    }
    EXPECT_EQ(count("/deployment/count"), deployments);
    EXPECT_EQ(count("/process-definition/count"), definitions);
    get("/process-definition/key/innocent", 404);
  }
}

TEST_F(DeploymentTest, HistoryTimeToLiveInEveryFormCamundaAccepts) {
  // Camunda 7 (ParseUtil.parseHistoryTimeToLive): whole days or P<days>D, shown as days.
  auto with_ttl = [](const std::string& key, const std::string& ttl) {
    return std::regex_replace(model("invoice.bpmn", key), std::regex("camunda:historyTimeToLive=\"30\""),
                              ttl.empty() ? std::string() : "camunda:historyTimeToLive=\"" + ttl + "\"");
  };
  for (const auto& [ttl, days] : std::vector<std::pair<std::string, json>>{
           {"5", 5}, {"P5D", 5}, {"P180D", 180}, {"0", 0}, {"", nullptr}}) {
    SCOPED_TRACE(ttl);
    const std::string key = "ttl_" + std::to_string(std::hash<std::string>{}(ttl) % 100000);
    json dep = deploy_ok({{"deployment-name", "", "ttl"}, {"data", "ttl.bpmn", with_ttl(key, ttl)}});
    ASSERT_EQ(dep["deployedProcessDefinitions"].size(), 1u) << dep;
    const std::string id = dep["deployedProcessDefinitions"].begin().key();
    EXPECT_EQ(dep["deployedProcessDefinitions"].begin().value()["historyTimeToLive"], days);
    EXPECT_EQ(get("/process-definition/" + id)["historyTimeToLive"], days);
    EXPECT_EQ(get("/process-definition/key/" + key)["historyTimeToLive"], days);
  }
  // An expression, a negative number or another period is refused, as Camunda 7 refuses it.
  for (const std::string ttl : {"${days}", "-1", "P1M", "forever"}) {
    SCOPED_TRACE(ttl);
    auto r = deploy({{"deployment-name", "", "ttl"}, {"data", "ttl.bpmn", with_ttl("ttl_bad", ttl)}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("Cannot parse historyTimeToLive"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("ttl_bad"), std::string::npos) << r.body;
  }
  get("/process-definition/key/ttl_bad", 404);

  // Decisions: the attribute on <decision>, in the same forms.
  const std::string dmn = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn"
             id="ttl_defs" name="TTL" namespace="http://dpc/ttl">
  <decision id="ttl_days" name="Days" camunda:historyTimeToLive="7">
    <literalExpression><text>1</text></literalExpression>
  </decision>
  <decision id="ttl_period" name="Period" camunda:historyTimeToLive="P14D">
    <literalExpression><text>2</text></literalExpression>
  </decision>
  <decision id="ttl_none" name="None">
    <literalExpression><text>3</text></literalExpression>
  </decision>
</definitions>)";
  json dep = deploy_ok({{"deployment-name", "", "ttl-dmn"}, {"data", "ttl.dmn", dmn}});
  ASSERT_EQ(dep["deployedDecisionDefinitions"].size(), 3u) << dep;
  EXPECT_EQ(get("/decision-definition/key/ttl_days")["historyTimeToLive"], 7);
  EXPECT_EQ(get("/decision-definition/key/ttl_period")["historyTimeToLive"], 14);
  EXPECT_TRUE(get("/decision-definition/key/ttl_none")["historyTimeToLive"].is_null());
  const std::string id = get("/decision-definition/key/ttl_period")["id"];
  EXPECT_EQ(get("/decision-definition/" + id)["historyTimeToLive"], 14);
  auto bad = deploy({{"deployment-name", "", "ttl-dmn"},
                     {"data", "bad.dmn", std::regex_replace(dmn, std::regex("\"P14D\""), "\"${d}\"")}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("Cannot parse historyTimeToLive '${d}' of decision 'ttl_period'"), std::string::npos)
      << bad.body;
}

TEST_F(DeploymentTest, BadRequestsAreRejected) {
  long long before = count("/deployment/count");
  auto json_body = http_request(port_, "POST", "/engine-rest/deployment/create", "{}",
                                {{"Content-Type", "application/json"}});
  EXPECT_EQ(json_body.status, 415);
  EXPECT_EQ(json::parse(json_body.body)["type"], "RestException");
  auto no_resources = deploy({{"deployment-name", "", "empty"}});
  EXPECT_EQ(no_resources.status, 400);
  EXPECT_EQ(json::parse(no_resources.body)["message"], "No deployment resources contained in the form upload.");
  auto no_filename = deploy({{"data", "", "<xml/>"}});
  EXPECT_EQ(no_filename.status, 400);
  EXPECT_NE(json::parse(no_filename.body)["message"].get<std::string>().find("'data'"), std::string::npos);
  auto no_boundary = http_request(port_, "POST", "/engine-rest/deployment/create", "x",
                                  {{"Content-Type", "multipart/form-data"}});
  EXPECT_EQ(no_boundary.status, 400);
  auto truncated = http_request(port_, "POST", "/engine-rest/deployment/create",
                                "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",
                                {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  EXPECT_EQ(truncated.status, 400);
  EXPECT_EQ(deploy({{"enable-duplicate-filtering", "", "maybe"}, {"d", "x.txt", "x"}}).status, 400);
  EXPECT_EQ(count("/deployment/count"), before);
}

TEST_F(DeploymentTest, PagingSortingAndFilters) {
  for (std::string n : {"page-b", "page-c", "page-a"}) {
    deploy_ok({{"deployment-name", "", n}, {"d", n + ".txt", n}});
    std::this_thread::sleep_for(5ms);  // distinct deployment times
  }
  auto names = [](const json& list) {
    std::vector<std::string> out;
    for (const auto& d : list) out.push_back(d["name"]);
    return out;
  };
  EXPECT_EQ(names(get("/deployment?nameLike=page-%25&sortBy=name&sortOrder=asc")),
            (std::vector<std::string>{"page-a", "page-b", "page-c"}));
  EXPECT_EQ(names(get("/deployment?nameLike=page-%25&sortBy=name&sortOrder=desc&firstResult=1&maxResults=1")),
            (std::vector<std::string>{"page-b"}));
  EXPECT_EQ(names(get("/deployment?nameLike=page-%25&sortBy=deploymentTime&sortOrder=asc&maxResults=2")),
            (std::vector<std::string>{"page-b", "page-c"}));
  EXPECT_EQ(count("/deployment/count?nameLike=page-%25"), 3);
  EXPECT_EQ(count("/deployment/count?nameLike=page-%25&after=2000-01-01T00:00:00.000%2b0000"), 3);
  EXPECT_EQ(count("/deployment/count?nameLike=page-%25&before=2000-01-01T00:00:00.000%2b0000"), 0);
  auto err = get("/deployment?sortBy=name", 400);
  EXPECT_EQ(err["message"], "Only a single sorting parameter specified. sortBy and sortOrder required");
  err = get("/deployment?sortBy=color&sortOrder=asc", 400);
  EXPECT_NE(err["message"].get<std::string>().find("sortBy"), std::string::npos);
  EXPECT_EQ(err["type"], "InvalidRequestException");
  EXPECT_NE(get("/deployment?after=yesterday", 400)["message"].get<std::string>().find("after"), std::string::npos);
  EXPECT_NE(get("/process-definition?version=two", 400)["message"].get<std::string>().find("version"), std::string::npos);
  get("/process-definition?sortBy=nope&sortOrder=asc", 400);
  get("/deployment?maxResults=-1", 400);

  deploy_ok({{"d", "two.bpmn", read_data("two_processes.bpmn")}});
  json by_key = get("/process-definition?keysIn=alpha,beta&sortBy=key&sortOrder=desc");
  ASSERT_EQ(by_key.size(), 2u);
  EXPECT_EQ(by_key[0]["key"], "beta");
  EXPECT_EQ(by_key[1]["key"], "alpha");
  EXPECT_EQ(get("/process-definition?nameLike=Al%25")[0]["key"], "alpha");
  EXPECT_EQ(get("/process-definition?keysIn=alpha,beta&sortBy=name&sortOrder=asc&firstResult=1")[0]["key"], "beta");
  EXPECT_EQ(count("/process-definition/count?keyLike=%25ph%25"), 1);
  EXPECT_EQ(count("/process-definition/count?processDefinitionIdIn=" + by_key[0]["id"].get<std::string>()), 1);
}

TEST_F(DeploymentTest, UnknownIdsAre404) {
  json e = get("/deployment/nope", 404);
  EXPECT_EQ(e["message"], "Deployment with id 'nope' does not exist");
  EXPECT_EQ(e["type"], "InvalidRequestException");
  EXPECT_EQ(get("/process-definition/nope", 404)["message"], "No matching definition with id nope");
  get("/process-definition/nope/xml", 404);
  get("/process-definition/key/nokey", 404);
  get("/deployment/nope/resources", 404);
  EXPECT_EQ(send("DELETE", "/deployment/nope"), 404);
  EXPECT_EQ(send("DELETE", "/process-definition/nope"), 404);
  EXPECT_EQ(send("PUT", "/process-definition/nope/suspended", R"({"suspended":true})"), 404);
  json dep = deploy_ok({{"d", "x.txt", "x"}});
  get("/deployment/" + dep["id"].get<std::string>() + "/resources/nope", 404);
}

TEST_F(DeploymentTest, DeleteDeploymentRemovesResourcesAndDefinitions) {
  json dep = deploy_ok({{"d", "invoice.bpmn", model("invoice.bpmn", "doomed")}});
  std::string id = dep["id"];
  std::string def_id = dep["deployedProcessDefinitions"].begin().key();
  EXPECT_EQ(send("DELETE", "/deployment/" + id + "?cascade=true"), 204);
  get("/deployment/" + id, 404);
  get("/deployment/" + id + "/resources", 404);
  get("/process-definition/" + def_id, 404);
  get("/process-definition/key/doomed", 404);
  EXPECT_EQ(count("/process-definition/count?key=doomed"), 0);
  EXPECT_EQ(send("DELETE", "/deployment/" + id), 404);
  EXPECT_EQ(send("DELETE", "/deployment/x?cascade=perhaps"), 400);
}

TEST_F(DeploymentTest, DeleteDefinitionFallsBackToThePreviousVersion) {
  json v1 = deploy_ok({{"d", "invoice.bpmn", model("invoice.bpmn", "shrinking")}});
  json v2 = deploy_ok({{"d", "invoice.bpmn", model("invoice_v2.bpmn", "shrinking")}});
  std::string id2 = v2["deployedProcessDefinitions"].begin().key();
  EXPECT_EQ(send("DELETE", "/process-definition/" + id2), 204);
  get("/process-definition/" + id2, 404);
  EXPECT_EQ(get("/process-definition/key/shrinking")["id"], v1["deployedProcessDefinitions"].begin().key());
  // The deployment itself stays, with its resource.
  EXPECT_EQ(get("/deployment/" + v2["id"].get<std::string>() + "/resources").size(), 1u);
}

TEST_F(DeploymentTest, SuspendAndActivate) {
  json v1 = deploy_ok({{"d", "invoice.bpmn", model("invoice.bpmn", "pausable")}});
  json v2 = deploy_ok({{"d", "invoice.bpmn", model("invoice_v2.bpmn", "pausable")}});
  std::string id1 = v1["deployedProcessDefinitions"].begin().key();
  EXPECT_EQ(send("PUT", "/process-definition/" + id1 + "/suspended", R"({"suspended":true})"), 204);
  EXPECT_EQ(get("/process-definition/" + id1)["suspended"], true);
  EXPECT_EQ(get("/process-definition/key/pausable")["suspended"], false);
  EXPECT_EQ(count("/process-definition/count?key=pausable&suspended=true"), 1);
  EXPECT_EQ(count("/process-definition/count?key=pausable&active=true"), 1);
  // By key: the latest version only, as Camunda's /key/{key}/suspended does.
  EXPECT_EQ(send("PUT", "/process-definition/key/pausable/suspended", R"({"suspended":true})"), 204);
  EXPECT_EQ(count("/process-definition/count?key=pausable&suspended=true"), 2);
  EXPECT_EQ(send("PUT", "/process-definition/suspended",
                 R"({"processDefinitionKey":"pausable","suspended":false})"), 204);
  EXPECT_EQ(count("/process-definition/count?key=pausable&active=true"), 2);
  EXPECT_EQ(send("PUT", "/process-definition/" + id1 + "/suspended", R"({"suspended":"yes"})"), 400);
  EXPECT_EQ(send("PUT", "/process-definition/" + id1 + "/suspended", "not json"), 400);
}

TEST_F(DeploymentTest, TenantsVersionSeparately) {
  json shared = deploy_ok({{"d", "invoice.bpmn", model("invoice.bpmn", "tenanted")}});
  json t1 = deploy_ok({{"tenant-id", "", "t1"}, {"d", "invoice.bpmn", model("invoice.bpmn", "tenanted")}});
  EXPECT_EQ(t1["tenantId"], "t1");
  json def = t1["deployedProcessDefinitions"].begin().value();
  EXPECT_EQ(def["version"], 1);
  EXPECT_EQ(def["tenantId"], "t1");
  EXPECT_EQ(get("/process-definition/key/tenanted/tenant-id/t1")["id"], def["id"]);
  EXPECT_TRUE(get("/process-definition/key/tenanted")["tenantId"].is_null());
  EXPECT_EQ(count("/process-definition/count?key=tenanted&tenantIdIn=t1"), 1);
  EXPECT_EQ(count("/process-definition/count?key=tenanted&withoutTenantId=true"), 1);
  EXPECT_EQ(count("/deployment/count?tenantIdIn=t1"), 1);
}

TEST_F(DeploymentTest, ConcurrentDeploymentsGetDistinctVersions) {
  constexpr int kThreads = 6;
  std::vector<std::thread> threads;
  std::vector<int> status(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      std::string xml = model("invoice.bpmn", "raced");
      xml.insert(xml.find("<bpmn:startEvent"), "<!-- " + std::to_string(i) + " -->");
      status[i] = deploy({{"d", "invoice.bpmn", xml}}).status;
    });
  }
  for (auto& t : threads) t.join();
  for (int s : status) EXPECT_EQ(s, 200);
  json all = get("/process-definition?key=raced&sortBy=version&sortOrder=asc");
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads));
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(all[i]["version"], i + 1);
}

TEST(DeploymentSamplesTest, SamplesAreDeployedOnceAtStartAndBrokenOnesSkipped) {
  fs::path dir = fs::temp_directory_path() / ("dpc-samples-" + std::to_string(getpid()));
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "invoice.bpmn") << model("invoice.bpmn", "sampled");
  std::ofstream(dir / "sub" / "broken.bpmn") << read_data("missing_target.bpmn");
  std::ofstream(dir / "readme.txt") << "not a sample";
  // Forms go into the same deployment; a broken one is skipped like a broken model.
  std::ofstream(dir / "sub" / "ok.form") << R"({"id":"ok","components":[{"type":"textfield","key":"a"}]})";
  std::ofstream(dir / "sub" / "broken.form") << "{not json";
  std::string db = create_test_database("samples");
  for (int round = 0; round < 2; ++round) {
    int port = free_port();
    ServerProcess server({"serve", "--no-access-log"},
                         {{"DPC_DATABASE_URL", db}, {"DPC_PORT", std::to_string(port)},
                          {"DPC_SAMPLES_DIR", dir.string()}},
                         "", "/tmp/dpc-samples-" + std::to_string(getpid()) + ".log");
    ASSERT_TRUE(server.wait_for_health(port, 30s)) << server.log();
    auto deps = json::parse(http_request(port, "GET", "/engine-rest/deployment?name=dpc-samples").body);
    ASSERT_EQ(deps.size(), 1u) << "round " << round;
    auto res = json::parse(http_request(port, "GET", "/engine-rest/deployment/" +
                                                         deps[0]["id"].get<std::string>() + "/resources").body);
    ASSERT_EQ(res.size(), 2u) << res;
    EXPECT_EQ(res[0]["name"], "invoice.bpmn");
    EXPECT_EQ(res[1]["name"], "sub/ok.form");
    auto defs = json::parse(http_request(port, "GET", "/engine-rest/process-definition?key=sampled").body);
    EXPECT_EQ(defs.size(), 1u);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait_exit(20s), 0);
  }
  fs::remove_all(dir);
}

}  // namespace
