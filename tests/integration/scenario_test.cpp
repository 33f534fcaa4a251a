// The data-driven BPMN scenario suite: every tests/scenarios/<name>.json names a model
// (<name>.bpmn beside it) and a list of steps, run against a real `dpc serve` on a fresh
// database over the Camunda REST API. See tests/scenarios/README.md for the step language.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(DPC_SCENARIO_DIR)) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

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
    std::string log = "/tmp/dpc-scenarios-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    process_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--no-access-log", "--test-clock"},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", create_test_database("scen")},
                                           {"DPC_PORT", std::to_string(port_)},
                                           {"DPC_SAMPLES_DIR", "/nonexistent"}},
        "", log);
    if (!process_->wait_for_health(port_, 30s)) ADD_FAILURE() << process_->log();
  }
  int port_;
  std::unique_ptr<ServerProcess> process_;
};

json call(const std::string& method, const std::string& path, const json& body = nullptr,
          int expect = -1) {
  auto r = http_request(Server::get().port(), method, path, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}});
  if (expect >= 0) {
    EXPECT_EQ(r.status, expect) << method << " " << path << " -> " << r.body;
  }
  if (r.body.empty()) return json(nullptr);
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json(r.body) : j;
}

std::string deploy(const std::string& name, const std::string& xml) {
  std::string boundary = "----dpcScenarioBoundary7MA4YWxkTrZu0gW";
  std::string body = "--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n" + name +
                     "\r\n--" + boundary +
                     "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + name +
                     ".bpmn\"\r\nContent-Type: application/xml\r\n\r\n" + xml + "\r\n--" +
                     boundary + "--\r\n";
  auto r = http_request(Server::get().port(), "POST", "/engine-rest/deployment/create", body,
                        {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.body;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> strings(const json& arr) {
  std::vector<std::string> out;
  for (const auto& e : arr) out.push_back(e.get<std::string>());
  return out;
}

// Runs one scenario; the current process instance is remembered between steps.
class ScenarioRun {
 public:
  explicit ScenarioRun(std::string name) : name_(std::move(name)) {}

  void step(const json& s) {
    SCOPED_TRACE("step " + s.dump());
    if (s.contains("start")) return start(s);
    if (s.contains("tasks")) {
      EXPECT_EQ(open_task_keys(), sorted(strings(s["tasks"])));
      return;
    }
    if (s.contains("complete")) return complete(s);
    if (s.contains("claim")) {
      auto id = task_id(s["claim"]);
      expect_message(s, call("POST", "/engine-rest/task/" + id + "/claim", {{"userId", s["user"]}},
                             s.value("status", 204)));
      return;
    }
    if (s.contains("externalTasks")) {
      json list = call("GET", "/engine-rest/external-task?processInstanceId=" + instance_, nullptr, 200);
      std::vector<std::string> topics;
      for (const auto& t : list) topics.push_back(t["topicName"]);
      EXPECT_EQ(sorted(topics), sorted(strings(s["externalTasks"])));
      return;
    }
    if (s.contains("work")) return work(s);
    if (s.contains("variables")) return variables(s);
    if (s.contains("history")) {
      json acts = call("GET", "/engine-rest/history/activity-instance?processInstanceId=" + instance_ +
                       "&finished=true", nullptr, 200);
      std::vector<std::string> ids;
      for (const auto& a : acts) {
        if (!a["canceled"].get<bool>()) ids.push_back(a["activityId"]);
      }
      EXPECT_EQ(sorted(ids), sorted(strings(s["history"])));
      return;
    }
    if (s.contains("canceled")) {
      json acts = call("GET", "/engine-rest/history/activity-instance?processInstanceId=" + instance_ +
                       "&canceled=true", nullptr, 200);
      std::vector<std::string> ids;
      for (const auto& a : acts) ids.push_back(a["activityId"]);
      EXPECT_EQ(sorted(ids), sorted(strings(s["canceled"])));
      return;
    }
    if (s.contains("ended")) {
      json hi = call("GET", "/engine-rest/history/process-instance/" + instance_, nullptr, 200);
      bool ended = !hi["endTime"].is_null();
      // "within": ms to wait for it (work that runs after another command committed).
      for (auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(s.value("within", 0));
           ended != s["ended"].get<bool>() && std::chrono::steady_clock::now() < deadline;) {
        std::this_thread::sleep_for(50ms);
        hi = call("GET", "/engine-rest/history/process-instance/" + instance_, nullptr, 200);
        ended = !hi["endTime"].is_null();
      }
      EXPECT_EQ(ended, s["ended"].get<bool>()) << hi.dump();
      if (s.contains("state")) {
        EXPECT_EQ(hi["state"], s["state"]);
      }
      if (s.contains("businessKey")) {
        EXPECT_EQ(hi["businessKey"], s["businessKey"]);
      }
      return;
    }
    if (s.contains("delete")) {
      // "skipCustomListeners": true adds that query parameter; "status"/"message" expect a failure.
      std::string query = s.value("skipCustomListeners", false) ? "?skipCustomListeners=true" : "";
      expect_message(s, call("DELETE", "/engine-rest/process-instance/" + instance_ + query, nullptr,
                             s.value("status", 204)));
      return;
    }
    if (s.contains("setVariables")) {
      call("POST", "/engine-rest/process-instance/" + instance_ + "/variables",
           {{"modifications", s["setVariables"]}}, 204);
      return;
    }
    if (s.contains("task")) return task_info(s);
    if (s.contains("unclaim")) {
      expect_message(s, call("POST", "/engine-rest/task/" + task_id(s["unclaim"]) + "/unclaim", nullptr,
                             s.value("status", 204)));
      return;
    }
    if (s.contains("assign")) {
      expect_message(s, call("POST", "/engine-rest/task/" + task_id(s["assign"]) + "/assignee",
                             {{"userId", s["user"]}}, s.value("status", 204)));
      return;
    }
    if (s.contains("assignees")) {
      // {"assignees": {"a": "anna"}}: the assignee history shows for the (first) instance of each
      // activity, in both the historic activity instance and the historic task.
      for (const auto& [activity, user] : s["assignees"].items()) {
        json acts = call("GET", "/engine-rest/history/activity-instance?processInstanceId=" + instance_ +
                         "&activityId=" + activity, nullptr, 200);
        json tasks = call("GET", "/engine-rest/history/task?processInstanceId=" + instance_ +
                          "&taskDefinitionKey=" + activity, nullptr, 200);
        ASSERT_FALSE(acts.empty() || tasks.empty()) << activity;
        EXPECT_EQ(acts[0]["assignee"], user) << acts.dump();
        EXPECT_EQ(tasks[0]["assignee"], user) << tasks.dump();
      }
      return;
    }
    if (s.contains("incidents")) return incidents(s);
    if (s.contains("activities")) {
      json tree = call("GET", "/engine-rest/process-instance/" + instance_ + "/activity-instances", nullptr, 200);
      std::vector<std::string> ids;
      collect_activities(tree, ids);
      EXPECT_EQ(sorted(ids), sorted(strings(s["activities"]))) << tree.dump();
      if (s.contains("parents")) {  // activity id -> the activity id of its parent instance
        std::map<std::string, std::string> parents;
        collect_parents(tree, parents);
        for (const auto& [child, parent] : s["parents"].items()) {
          EXPECT_EQ(parents[child], parent.get<std::string>()) << child << " in " << tree.dump();
        }
      }
      return;
    }
    if (s.contains("externalTaskActivities")) {
      json list = call("GET", "/engine-rest/external-task?processInstanceId=" + instance_, nullptr, 200);
      std::vector<std::string> ids;
      for (const auto& t : list) ids.push_back(t["activityId"]);
      EXPECT_EQ(sorted(ids), sorted(strings(s["externalTaskActivities"])));
      return;
    }
    if (s.contains("correlate")) return correlate(s);
    if (s.contains("signal")) {
      call("POST", "/engine-rest/signal",
           {{"name", s["signal"]}, {"variables", s.value("with", json::object())}},
           s.value("status", 204));
      return;
    }
    if (s.contains("latestInstanceOf")) {
      json list = call("GET", "/engine-rest/history/process-instance?processDefinitionKey=" +
                                  s["latestInstanceOf"].get<std::string>() +
                                  "&sortBy=startTime&sortOrder=desc", nullptr, 200);
      ASSERT_FALSE(list.empty()) << "no instance of " << s["latestInstanceOf"];
      if (s.contains("count")) EXPECT_EQ(list.size(), s["count"].get<size_t>()) << list.dump();
      instance_ = list[0]["id"];
      instances_.push_back(instance_);
      return;
    }
    if (s.contains("switchTo")) {
      ASSERT_LT(s["switchTo"].get<size_t>(), instances_.size());
      instance_ = instances_[s["switchTo"].get<size_t>()];
      return;
    }
    if (s.contains("jobs") || s.contains("setJobRetries") || s.contains("executeJob")) return jobs(s);
    if (s.contains("advanceClock")) {
      // Moves the server's engine clock, then waits until no job is due any more.
      json r = call("POST", "/api/test/clock", {{"advance", s["advanceClock"]}}, 200);
      EXPECT_EQ(r.value("dueJobs", -1), 0) << r.dump();
      clock_moved_ = true;
      return;
    }
    if (s.contains("modify")) return modify(s);
    if (s.contains("suspendDefinition")) {
      call("PUT", "/engine-rest/process-definition/key/" + s["suspendDefinition"].get<std::string>() + "/suspended",
           {{"suspended", s.value("suspended", true)},
            {"includeProcessInstances", s.value("includeProcessInstances", false)}}, 204);
      return;
    }
    if (s.contains("definitionJobs")) {
      json list = call("GET", "/engine-rest/job?processDefinitionKey=" + s["definitionJobs"].get<std::string>(),
                       nullptr, 200);
      if (s.contains("count")) EXPECT_EQ(list.size(), s["count"].get<size_t>()) << list.dump();
      if (s.contains("suspended")) {
        for (const auto& j : list) EXPECT_EQ(j["suspended"], s["suspended"]) << j.dump();
      }
      return;
    }
    if (s.contains("instanceCount")) {
      json c = call("GET", "/engine-rest/history/process-instance/count?processDefinitionKey=" +
                               s["instanceCount"].get<std::string>(), nullptr, 200);
      EXPECT_EQ(c["count"], s["count"]) << "instances of " << s["instanceCount"];
      return;
    }
    if (s.contains("suspend")) {
      call("PUT", "/engine-rest/process-instance/" + instance_ + "/suspended",
           {{"suspended", s["suspend"]}}, 204);
      return;
    }
    if (s.contains("calledInstance")) {
      // The current instance becomes the one it called with that process key (call activity).
      json list = call("GET", "/engine-rest/history/process-instance?superProcessInstanceId=" + instance_ +
                       "&processDefinitionKey=" + s["calledInstance"].get<std::string>(), nullptr, 200);
      std::vector<std::string> ids;
      bool running = s.value("running", false);  // the first still running one of several
      for (const auto& p : list) {
        if (p["superProcessInstanceId"] != instance_) continue;
        if (!running || p["endTime"].is_null()) ids.push_back(p["id"]);
      }
      if (running && !ids.empty()) ids.resize(1);
      ASSERT_EQ(ids.size(), 1u) << "called instances of " << s["calledInstance"] << ": " << list.dump();
      instance_ = ids[0];
      return;
    }
    if (s.contains("callerInstance")) {
      // Back to the instance that called the current one.
      json p = call("GET", "/engine-rest/history/process-instance/" + instance_, nullptr, 200);
      ASSERT_TRUE(p["superProcessInstanceId"].is_string()) << "no caller: " << p.dump();
      instance_ = p["superProcessInstanceId"];
      return;
    }
    ADD_FAILURE() << "unknown step " << s.dump();
  }

 private:
  // POST /message: to the current instance unless businessKey, correlationKeys or
  // "anyInstance" say otherwise; "results" expects the resultTypes (resultEnabled), and a
  // ProcessDefinition result makes the instance it started the current one.
  void correlate(const json& s) {
    json body = {{"messageName", s["correlate"]},
                 {"processVariables", s.value("with", json::object())}};
    bool scoped = s.contains("businessKey") || s.contains("correlationKeys") ||
                  s.value("anyInstance", false);
    if (!scoped) body["processInstanceId"] = instance_;
    for (const char* f : {"businessKey", "correlationKeys", "all"}) {
      if (s.contains(f)) body[f] = s[f];
    }
    int status = s.value("status", s.contains("results") ? 200 : 204);
    if (s.contains("results")) body["resultEnabled"] = true;
    if (s.contains("resultVariables")) body["variablesInResultEnabled"] = true;
    json r = call("POST", "/engine-rest/message", body, status);
    expect_message(s, r);
    if (!s.contains("results") || status != 200) return;
    std::vector<std::string> types;
    for (const auto& x : r) {
      types.push_back(x["resultType"]);
      if (x["resultType"] == "ProcessDefinition") {
        instance_ = x["processInstance"]["id"];
        instances_.push_back(instance_);
      }
    }
    EXPECT_EQ(sorted(types), sorted(strings(s["results"]))) << r.dump();
    for (const auto& name : s.value("resultVariables", json::array())) {
      for (const auto& x : r) {
        EXPECT_TRUE(x["variables"].is_object() && x["variables"].contains(name)) << r.dump();
      }
    }
  }

  void start(const json& s) {
    json body = {{"variables", s.value("variables", json::object())}};
    if (s.contains("businessKey")) body["businessKey"] = s["businessKey"];
    int status = s.value("status", 200);
    json r = call("POST", "/engine-rest/process-definition/key/" + s["start"].get<std::string>() + "/start",
                  body, status);
    if (status == 200) {
      instance_ = r["id"];
      instances_.push_back(instance_);
    } else {
      expect_message(s, r);
    }
  }
  static void expect_message(const json& s, const json& r) {
    if (!s.contains("message")) return;
    ASSERT_TRUE(r.is_object() && r.contains("message") && r["message"].is_string()) << r.dump();
    EXPECT_NE(r["message"].get<std::string>().find(s["message"].get<std::string>()),
              std::string::npos) << r.dump();
  }
  // Process variables from history: the process-instance scope wins over a same-named
  // variable of an inner scope (a shadowing one).
  void variables(const json& s) {
    json list = call("GET", "/engine-rest/history/variable-instance?processInstanceId=" + instance_,
                     nullptr, 200);
    json vars = json::object();
    json types = json::object();
    std::set<std::string> from_instance_scope;
    for (const auto& v : list) {
      std::string name = v["name"];
      if (v.value("state", "CREATED") == "DELETED") continue;
      bool process_scope = v["executionId"] == instance_ && v["taskId"].is_null();
      if (from_instance_scope.count(name) && !process_scope) continue;
      if (process_scope) from_instance_scope.insert(name);
      vars[name] = v["value"];
      types[name] = v["type"];
    }
    for (auto& [k, v] : s["variables"].items()) {
      ASSERT_TRUE(vars.contains(k)) << "no variable " << k << " in " << vars.dump();
      EXPECT_EQ(vars[k], v) << k;
    }
    const json expected_types = s.value("types", json::object());  // items() must not outlive it
    for (auto& [k, t] : expected_types.items()) {
      ASSERT_TRUE(types.contains(k)) << "no variable " << k << " in " << vars.dump();
      EXPECT_EQ(types[k], t) << "type of " << k;
    }
    for (const auto& k : s.value("absent", json::array())) {
      EXPECT_FALSE(from_instance_scope.count(k.get<std::string>())) << k << " is a process variable: " << vars.dump();
    }
  }
  // The open user task `key`: compares the given TaskDto fields, its candidates (from the
  // identity links) and, with dueInDays, that the due date is that many days from now.
  void task_info(const json& s) {
    std::string id = task_id(s["task"]);
    json t = call("GET", "/engine-rest/task/" + id, nullptr, 200);
    const json expect = s.value("expect", json::object());  // items() must not outlive it
    for (auto& [k, v] : expect.items()) {
      EXPECT_EQ(t[k], v) << "task field " << k << " in " << t.dump();
    }
    if (s.contains("candidateUsers") || s.contains("candidateGroups")) {
      json links = call("GET", "/engine-rest/task/" + id + "/identity-links?type=candidate", nullptr, 200);
      std::vector<std::string> users, groups;
      for (const auto& l : links) {
        if (l["userId"].is_string()) users.push_back(l["userId"]);
        if (l["groupId"].is_string()) groups.push_back(l["groupId"]);
      }
      if (s.contains("candidateUsers")) EXPECT_EQ(sorted(users), sorted(strings(s["candidateUsers"])));
      if (s.contains("candidateGroups")) EXPECT_EQ(sorted(groups), sorted(strings(s["candidateGroups"])));
    }
    if (s.contains("dueInDays")) {
      ASSERT_TRUE(t["due"].is_string()) << "no due date: " << t.dump();
      json c = call("GET", "/engine-rest/task/count?processInstanceId=" + instance_ + "&taskDefinitionKey=" +
                    s["task"].get<std::string>() + "&dueAfter=" + camunda_date(s["dueInDays"].get<int>() * 24 - 1) +
                    "&dueBefore=" + camunda_date(s["dueInDays"].get<int>() * 24 + 1), nullptr, 200);
      EXPECT_EQ(c["count"], 1) << "due " << t["due"] << " is not about " << s["dueInDays"] << " days from now";
    }
  }
  static std::string camunda_date(int hours_from_now) {
    auto t = std::chrono::system_clock::now() + std::chrono::hours(hours_from_now);
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000%%2B0000", &tm);
    return buf;
  }
  void incidents(const json& s) {
    json list = call("GET", "/engine-rest/incident?processInstanceId=" + instance_, nullptr, 200);
    std::vector<std::string> ids;
    for (const auto& i : list) {
      ids.push_back(i["activityId"]);
      if (s.contains("type")) EXPECT_EQ(i["incidentType"], s["type"]) << i.dump();
      if (s.contains("message")) {
        EXPECT_NE(i["incidentMessage"].get<std::string>().find(s["message"].get<std::string>()),
                  std::string::npos) << i.dump();
      }
    }
    EXPECT_EQ(sorted(ids), sorted(strings(s["incidents"])));
  }
  // {"jobs": [activity ids], "retries": n}, {"setJobRetries": "activity", "retries": n},
  // {"executeJob": "activity", "status": 204}. Camunda's JobDto has no activity id, so jobs
  // are found with the activityId filter.
  void jobs(const json& s) {
    const std::string base = "/engine-rest/job?processInstanceId=" + instance_;
    if (s.contains("jobs")) {
      json all = call("GET", base, nullptr, 200);
      std::map<std::string, int> expected;
      for (const auto& a : strings(s["jobs"])) ++expected[a];
      EXPECT_EQ(all.size(), s["jobs"].size()) << all.dump();
      for (const auto& [activity, n] : expected) {
        json list = call("GET", base + "&activityId=" + activity, nullptr, 200);
        EXPECT_EQ(static_cast<int>(list.size()), n) << activity << ": " << all.dump();
      }
      if (s.contains("retries")) {
        for (const auto& j : all) EXPECT_EQ(j["retries"], s["retries"]) << j.dump();
      }
      if (s.contains("suspended")) {
        for (const auto& j : all) EXPECT_EQ(j["suspended"], s["suspended"]) << j.dump();
      }
      return;
    }
    std::string activity = s.contains("setJobRetries") ? s["setJobRetries"] : s["executeJob"];
    json list = call("GET", base + "&activityId=" + activity, nullptr, 200);
    ASSERT_EQ(list.size(), 1u) << "jobs at " << activity << ": " << list.dump();
    std::string id = list[0]["id"];
    if (s.contains("setJobRetries")) {
      call("PUT", "/engine-rest/job/" + id + "/retries", {{"retries", s["retries"]}}, 204);
    } else {
      json r = call("POST", "/engine-rest/job/" + id + "/execute", nullptr, s.value("status", 204));
      expect_message(s, r);
    }
  }
  static void collect_parents(const json& node, std::map<std::string, std::string>& out) {
    for (const auto& c : node.value("childActivityInstances", json::array())) {
      out[c["activityId"].get<std::string>()] = node["activityId"].get<std::string>();
      collect_parents(c, out);
    }
  }
  // {"modify": [instruction...], "skipIoMappings": b, "skipCustomListeners": b}: POST
  // /process-instance/{id}/modification. Instructions are Camunda's; where an id is needed,
  // "activityInstanceOf": "a" / "transitionInstanceOf": "a" / "ancestorInstanceOf": "sub"
  // take the id of the first instance of that activity in the activity instance tree.
  void modify(const json& s) {
    json tree = call("GET", "/engine-rest/process-instance/" + instance_ + "/activity-instances", nullptr, 200);
    json instructions = json::array();
    for (json in : s["modify"]) {
      for (auto [from, to] : {std::pair{"activityInstanceOf", "activityInstanceId"},
                              std::pair{"transitionInstanceOf", "transitionInstanceId"},
                              std::pair{"ancestorInstanceOf", "ancestorActivityInstanceId"}}) {
        if (!in.contains(from)) continue;
        std::string id = instance_id_in(tree, in[from], std::string(from) == "transitionInstanceOf");
        ASSERT_FALSE(id.empty()) << "no instance of " << in[from] << " in " << tree.dump();
        in[to] = id;
        in.erase(from);
      }
      instructions.push_back(in);
    }
    json body = {{"instructions", instructions}};
    for (const char* f : {"skipIoMappings", "skipCustomListeners"}) {
      if (s.contains(f)) body[f] = s[f];
    }
    json r = call("POST", "/engine-rest/process-instance/" + instance_ + "/modification", body,
                  s.value("status", 204));
    expect_message(s, r);
  }
  // The first activity instance (or, with `transition`, transition instance) of `activity`.
  static std::string instance_id_in(const json& node, const std::string& activity, bool transition) {
    if (transition) {
      for (const auto& c : node.value("childTransitionInstances", json::array())) {
        if (c["activityId"] == activity) return c["id"];
      }
    }
    for (const auto& c : node.value("childActivityInstances", json::array())) {
      if (!transition && c["activityId"] == activity) return c["id"];
      std::string deeper = instance_id_in(c, activity, transition);
      if (!deeper.empty()) return deeper;
    }
    return "";
  }
  // Activity instances and transition instances (tokens waiting at async continuations).
  static void collect_activities(const json& node, std::vector<std::string>& out) {
    for (const auto& c : node.value("childActivityInstances", json::array())) {
      out.push_back(c["activityId"]);
      collect_activities(c, out);
    }
    for (const auto& c : node.value("childTransitionInstances", json::array())) out.push_back(c["activityId"]);
  }
  std::vector<std::string> open_task_keys() {
    json list = call("GET", "/engine-rest/task?processInstanceId=" + instance_, nullptr, 200);
    std::vector<std::string> keys;
    for (const auto& t : list) keys.push_back(t["taskDefinitionKey"]);
    return sorted(keys);
  }
  std::string task_id(const std::string& key) {
    json list = call("GET", "/engine-rest/task?processInstanceId=" + instance_ +
                     "&taskDefinitionKey=" + key, nullptr, 200);
    if (list.empty()) {
      ADD_FAILURE() << "no open task " << key;
      return "missing";
    }
    return list[0]["id"];
  }
  void complete(const json& s) {
    std::string key = s["complete"];
    std::string id;
    if (s.value("again", false)) {
      ASSERT_TRUE(completed_.count(key)) << "task " << key << " was not completed before";
      id = completed_[key];
    } else {
      id = task_id(key);
    }
    int status = s.value("status", 204);
    json r = call("POST", "/engine-rest/task/" + id + "/complete",
                  {{"variables", s.value("with", json::object())}}, status);
    if (status == 204) completed_[key] = id;
    expect_message(s, r);
  }
  void work(const json& s) {
    std::string topic = s["work"];
    json locked = call("POST", "/engine-rest/external-task/fetchAndLock",
                       {{"workerId", "scenario-worker"}, {"maxTasks", 1},
                        {"topics", {{{"topicName", topic}, {"lockDuration", 60000},
                                     {"processDefinitionKey", process_key_of_instance()}}}}},
                       200);
    ASSERT_EQ(locked.size(), 1u) << "nothing to fetch for topic " << topic;
    std::string id = locked[0]["id"];
    if (s.contains("activity")) EXPECT_EQ(locked[0]["activityId"], s["activity"]);
    const json fetched = s.value("fetched", json::object());  // items() must not outlive it
    for (auto& [k, v] : fetched.items()) {
      ASSERT_TRUE(locked[0]["variables"].contains(k)) << "worker did not get " << k << ": " << locked[0].dump();
      EXPECT_EQ(locked[0]["variables"][k]["value"], v) << k;
    }
    if (s.contains("bpmnError")) {
      call("POST", "/engine-rest/external-task/" + id + "/bpmnError",
           {{"workerId", "scenario-worker"}, {"errorCode", s["bpmnError"]},
            {"errorMessage", s.value("errorMessage", "")},
            {"variables", s.value("with", json::object())}}, s.value("status", 204));
    } else if (s.contains("fail")) {
      call("POST", "/engine-rest/external-task/" + id + "/failure",
           {{"workerId", "scenario-worker"}, {"errorMessage", s["fail"]}, {"retries", 0}}, 204);
    } else {
      json r = call("POST", "/engine-rest/external-task/" + id + "/complete",
                    {{"workerId", "scenario-worker"}, {"variables", s.value("with", json::object())},
                     {"localVariables", s.value("local", json::object())}},
                    s.value("status", 204));
      expect_message(s, r);
    }
  }
  std::string process_key_of_instance() {
    json p = call("GET", "/engine-rest/history/process-instance/" + instance_, nullptr, 200);
    return p.value("processDefinitionKey", "");
  }

  std::string name_;
  std::string instance_;
  std::vector<std::string> instances_;  // every instance made current, in order (switchTo)
 public:
  // Scenarios that moved the clock put it back, so the next ones see real time.
  ~ScenarioRun() {
    if (clock_moved_) call("POST", "/api/test/clock", {{"offsetMillis", 0}, {"waitMillis", 0}}, 200);
  }
 private:
  bool clock_moved_ = false;
  std::map<std::string, std::string> completed_;  // task definition key → last completed task id
};

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, Runs) {
  fs::path dir = DPC_SCENARIO_DIR;
  json scenario = json::parse(read_file(dir / (GetParam() + ".json")));
  std::string xml = read_file(dir / scenario.value("model", GetParam() + ".bpmn"));
  deploy(GetParam(), xml);
  ScenarioRun run(GetParam());
  for (const auto& s : scenario["steps"]) {
    run.step(s);
    if (HasFatalFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Bpmn, ScenarioTest, ::testing::ValuesIn(scenario_names()),
                         [](const auto& info) {
                           std::string n = info.param;
                           std::replace_if(n.begin(), n.end(), [](char c) { return !isalnum(c); }, '_');
                           return n;
                         });

}  // namespace
