// Shared fixture of the Tasklist REST tests (task_extras_test.cpp, filter_test.cpp): one
// real `dpc serve` per suite, users and groups created over REST, authorizations, a small
// user-task process, and JSON helpers. Every request goes over real HTTP.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

namespace dpc::test {

class TasklistFixture : public ::testing::Test {
 protected:
  static constexpr const char* kPassword = "Tasklist-pass-2026";

  static void start_server(const std::string& name) {
    port_ = free_port();
    server_ = start_test_server(name, port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse admin(const std::string& method, const std::string& path, const std::string& body = "",
                            std::map<std::string, std::string> headers = {}) {
    headers.emplace("Content-Type", "application/json");
    return http_request(port_, method, path, body, headers);
  }
  static HttpResponse as(const std::string& user, const std::string& method, const std::string& path,
                         const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    headers.emplace("Content-Type", "application/json");
    if (user != kTestAdminUser) headers["Authorization"] = basic_auth(user, kPassword);
    return http_request(port_, method, path, body, headers);
  }
  static void create_user(const std::string& id, const std::vector<std::string>& groups = {}) {
    nlohmann::json body = {
        {"profile", {{"id", id}, {"firstName", id}, {"lastName", "Test"}, {"email", id + "@example.org"}}},
        {"credentials", {{"password", kPassword}}}};
    auto r = admin("POST", "/engine-rest/user/create", body.dump());
    ASSERT_EQ(r.status, 204) << r.body;
    for (const auto& g : groups) {
      if (admin("GET", "/engine-rest/group/" + g).status == 404) {
        auto c = admin("POST", "/engine-rest/group/create",
                       nlohmann::json{{"id", g}, {"name", g + " team"}, {"type", "WORKFLOW"}}.dump());
        ASSERT_EQ(c.status, 204) << c.body;
      }
      auto m = admin("PUT", "/engine-rest/group/" + g + "/members/" + id);
      ASSERT_EQ(m.status, 204) << m.body;
    }
  }
  // type 1 grant, 2 revoke; who "user:x" or "group:x".
  static std::string authorize(int type, const std::string& who, std::vector<std::string> permissions,
                               int resource_type, const std::string& resource_id) {
    nlohmann::json body = {{"type", type}, {"permissions", permissions}, {"resourceType", resource_type},
                           {"resourceId", resource_id}};
    if (who.rfind("user:", 0) == 0) body["userId"] = who.substr(5);
    else body["groupId"] = who.substr(6);
    auto r = admin("POST", "/engine-rest/authorization/create", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? nlohmann::json::parse(r.body).value("id", "") : "";
  }
  // A process with one user task `work` whose candidate groups are `groups`.
  static void deploy_task_process(const std::string& key, const std::string& groups) {
    std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id=")" + key + R"(" name="Process )" + key + R"(" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:userTask id="work" name="Review" camunda:candidateGroups=")" + groups + R"("/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>)";
    auto r = deploy_resource(port_, key, key + ".bpmn", xml);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Starts `key` and returns the id of its task.
  static std::string start_task(const std::string& key, const nlohmann::json& variables = nlohmann::json::object(),
                                const std::string& business_key = "") {
    nlohmann::json body = {{"variables", variables}};
    if (!business_key.empty()) body["businessKey"] = business_key;
    auto r = admin("POST", "/engine-rest/process-definition/key/" + key + "/start", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return "";
    std::string pi = nlohmann::json::parse(r.body)["id"];
    auto t = get_json(admin("GET", "/engine-rest/task?processInstanceId=" + pi));
    EXPECT_EQ(t.size(), 1u);
    return t.size() == 1 ? t[0]["id"].get<std::string>() : "";
  }
  static nlohmann::json get_json(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? nlohmann::json::parse(r.body) : nlohmann::json();
  }
  static nlohmann::json task(const std::string& id) { return get_json(admin("GET", "/engine-rest/task/" + id)); }
  static long long count_of(const HttpResponse& r) { return get_json(r).value("count", -1LL); }
  static std::set<std::string> ids_of(const nlohmann::json& list) {
    std::set<std::string> out;
    for (const auto& t : list) out.insert(t["id"].get<std::string>());
    return out;
  }
  static nlohmann::json var(const nlohmann::json& value, const std::string& type) {
    return {{"value", value}, {"type", type}};
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

}  // namespace dpc::test
