// Live events (GET /api/events) and the case story over real HTTP against real `dpc serve`
// nodes: a user never receives an event about a task they may not see; an event made on one
// node reaches a subscriber on another (and the latency task created -> event received is
// printed); Last-Event-ID resumes without loss or repeats; anonymous is 401; a bad
// Last-Event-ID is 400; the sequence flows a case took; Camunda's /history/detail with the
// user who changed each variable.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* const kPassword = "Live-events-pass-2026";

struct Event {
  long long id = 0;
  std::string kind;
  json data;
  std::chrono::steady_clock::time_point received;
};

// A subscriber: GET /api/events on a raw connection, its chunks decoded and its events
// parsed on a reader thread.
class EventClient {
 public:
  EventClient(int port, const std::string& authorization, const std::string& last_event_id = "") {
    fd_ = connect_to(port);
    if (fd_ < 0) return;
    std::string req = "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                      "Authorization: " + authorization + "\r\n";
    if (!last_event_id.empty()) req += "Last-Event-ID: " + last_event_id + "\r\n";
    req += "\r\n";
    if (send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return;
    // The head: once it is here the subscription is registered.
    std::string raw;
    char buf[4096];
    while (raw.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return;
      raw.append(buf, static_cast<size_t>(n));
    }
    size_t end = raw.find("\r\n\r\n");
    head_ = raw.substr(0, end);
    chunked_ = raw.substr(end + 4);
    status_ = std::stoi(head_.substr(9, 3));
    reader_ = std::thread([this] { read_loop(); });
  }
  ~EventClient() { disconnect(); }

  int status() const { return status_; }
  const std::string& head() const { return head_; }
  void disconnect() {
    if (fd_ >= 0) shutdown(fd_, SHUT_RDWR);
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  // Waits until `pred(events)` holds; false after `timeout`.
  bool wait(std::chrono::milliseconds timeout, const std::function<bool(const std::vector<Event>&)>& pred) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return pred(events_); });
  }
  std::vector<Event> events() {
    std::lock_guard lock(mu_);
    return events_;
  }
  // Waits until the server ends the stream (the last chunk and the close).
  bool wait_closed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return closed_; });
  }
  bool saw_last_chunk() {
    std::lock_guard lock(mu_);
    return last_chunk_;
  }
  std::string text() {
    std::lock_guard lock(mu_);
    return text_;
  }

 private:
  void read_loop() {
    char buf[4096];
    for (;;) {
      decode();
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      chunked_.append(buf, static_cast<size_t>(n));
    }
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // Chunked transfer coding → SSE text → events.
  void decode() {
    for (;;) {
      size_t line = chunked_.find("\r\n");
      if (line == std::string::npos) break;
      size_t size = std::stoul(chunked_.substr(0, line), nullptr, 16);
      if (chunked_.size() < line + 2 + size + 2) break;
      if (size == 0) {
        std::lock_guard lock(mu_);
        last_chunk_ = true;
      }
      std::string payload = chunked_.substr(line + 2, size);
      chunked_.erase(0, line + 2 + size + 2);
      std::lock_guard lock(mu_);
      text_ += payload;
      pending_ += payload;
      for (size_t end; (end = pending_.find("\n\n")) != std::string::npos;) {
        std::string block = pending_.substr(0, end);
        pending_.erase(0, end + 2);
        Event e;
        bool any = false;
        size_t at = 0;
        while (at <= block.size()) {
          size_t nl = block.find('\n', at);
          std::string l = block.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
          if (l.rfind("id: ", 0) == 0) e.id = std::stoll(l.substr(4)), any = true;
          if (l.rfind("event: ", 0) == 0) e.kind = l.substr(7);
          if (l.rfind("data: ", 0) == 0) e.data = json::parse(l.substr(6));
          if (nl == std::string::npos) break;
          at = nl + 1;
        }
        if (any) {
          e.received = std::chrono::steady_clock::now();
          events_.push_back(std::move(e));
        }
      }
      cv_.notify_all();
    }
  }

  int fd_ = -1;
  int status_ = 0;
  std::string head_, chunked_, pending_, text_;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Event> events_;
  bool closed_ = false;
  bool last_chunk_ = false;
};

bool has_task_event(const std::vector<Event>& events, const std::string& type, const std::string& task_id) {
  return std::any_of(events.begin(), events.end(), [&](const Event& e) {
    return e.kind == "task" && e.data.value("type", "") == type && e.data.value("taskId", "") == task_id;
  });
}

std::string user_task_process(const std::string& key, const std::string& candidate_group) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://dpc/tests">
  <bpmn:process id=")" + key + R"(" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start"/>
    <bpmn:userTask id="work" name="Review )" + key + R"(" camunda:candidateGroups=")" + candidate_group + R"("/>
    <bpmn:exclusiveGateway id="gw" default="small"/>
    <bpmn:endEvent id="end_small"/>
    <bpmn:endEvent id="end_big"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="gw"/>
    <bpmn:sequenceFlow id="small" sourceRef="gw" targetRef="end_small"/>
    <bpmn:sequenceFlow id="big" sourceRef="gw" targetRef="end_big">
      <bpmn:conditionExpression>${amount &gt; 100}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>)";
}

class EventsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("events", port_);
    for (const auto& [user, group] : {std::pair{"alice", "front"}, std::pair{"bob", "risk"},
                                      std::pair{"carol", "audit"}}) {
      json body = {{"profile", {{"id", user}, {"firstName", user}, {"lastName", "T"}, {"email", std::string(user) + "@x.org"}}},
                   {"credentials", {{"password", kPassword}}}};
      ASSERT_EQ(admin("POST", "/engine-rest/user/create", body.dump()).status, 204);
      admin("POST", "/engine-rest/group/create", json{{"id", group}, {"name", group}, {"type", "WORKFLOW"}}.dump());
      ASSERT_EQ(admin("PUT", std::string("/engine-rest/group/") + group + "/members/" + user).status, 204);
    }
    ASSERT_EQ(deploy_resource(port_, "front", "front.bpmn", user_task_process("front_case", "front")).status, 200);
    ASSERT_EQ(deploy_resource(port_, "risk", "risk.bpmn", user_task_process("risk_case", "risk")).status, 200);
    // carol may read the tasks of front_case (READ_TASK on the definition) and its history.
    grant("carol", {"READ_TASK", "READ_HISTORY"}, 6, "front_case");
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static void grant(const std::string& user, std::vector<std::string> permissions, int resource_type,
                    const std::string& resource_id) {
    json body = {{"type", 1}, {"userId", user}, {"permissions", permissions}, {"resourceType", resource_type},
                 {"resourceId", resource_id}};
    auto r = admin("POST", "/engine-rest/authorization/create", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static HttpResponse admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return http_request(port_, method, path, body, {{"Content-Type", "application/json"}});
  }
  static HttpResponse as(const std::string& user, const std::string& method, const std::string& path,
                         const std::string& body = "") {
    return http_request(port_, method, path, body,
                        {{"Content-Type", "application/json"}, {"Authorization", basic_auth(user, kPassword)}});
  }
  static std::string start(int port, const std::string& key, long long amount = 10) {
    auto r = http_request(port, "POST", "/engine-rest/process-definition/key/" + key + "/start",
                          json{{"variables", {{"amount", {{"value", amount}, {"type", "Long"}}}}}}.dump(),
                          {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["id"].get<std::string>() : "";
  }
  static std::string task_of(int port, const std::string& instance) {
    auto r = http_request(port, "GET", "/engine-rest/task?processInstanceId=" + instance);
    EXPECT_EQ(r.status, 200) << r.body;
    auto list = json::parse(r.body);
    return list.empty() ? "" : list[0]["id"].get<std::string>();
  }

  static int port_;
  static ServerProcess* server_;
};
int EventsTest::port_ = 0;
ServerProcess* EventsTest::server_ = nullptr;

TEST_F(EventsTest, AnonymousIs401AndABadLastEventIdIs400) {
  auto r = http_request(port_, "GET", "/api/events", "", {{"Authorization", ""}});
  EXPECT_EQ(r.status, 401) << r.body;
  auto bad = http_request(port_, "GET", "/api/events?lastEventId=abc");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("lastEventId"), std::string::npos) << bad.body;
  EventClient wrong(port_, basic_auth("alice", "not her password"));
  EXPECT_EQ(wrong.status(), 401);
}

TEST_F(EventsTest, AUserNeverReceivesAnEventAboutATaskTheyMayNotSee) {
  EventClient alice(port_, basic_auth("alice", kPassword));
  EventClient bob(port_, basic_auth("bob", kPassword));
  EventClient carol(port_, basic_auth("carol", kPassword));
  EventClient admin_events(port_, default_authorization());
  ASSERT_EQ(alice.status(), 200);
  EXPECT_NE(alice.head().find("text/event-stream"), std::string::npos) << alice.head();
  ASSERT_EQ(bob.status(), 200);

  std::string front = start(port_, "front_case");
  std::string front_task = task_of(port_, front);
  ASSERT_FALSE(front_task.empty());
  // alice (candidate group front) and carol (READ_TASK on front_case) hear of it.
  ASSERT_TRUE(alice.wait(5s, [&](auto& ev) { return has_task_event(ev, "created", front_task); })) << alice.text();
  ASSERT_TRUE(carol.wait(5s, [&](auto& ev) { return has_task_event(ev, "created", front_task); })) << carol.text();
  auto created = alice.events().back();
  EXPECT_EQ(created.data["processInstanceId"], front);
  EXPECT_EQ(created.data["processDefinitionKey"], "front_case");
  EXPECT_EQ(created.data["name"], "Review front_case");
  EXPECT_TRUE(created.data["assignee"].is_null());

  // alice claims and completes it: assigned, completed; the instance ends (alice may not
  // read the instance: only the admin hears that).
  ASSERT_EQ(as("alice", "POST", "/engine-rest/task/" + front_task + "/claim", json{{"userId", "alice"}}.dump()).status, 204);
  ASSERT_TRUE(alice.wait(5s, [&](auto& ev) { return has_task_event(ev, "assigned", front_task); })) << alice.text();
  ASSERT_EQ(as("alice", "POST", "/engine-rest/task/" + front_task + "/complete", "{}").status, 204);
  ASSERT_TRUE(alice.wait(5s, [&](auto& ev) { return has_task_event(ev, "completed", front_task); })) << alice.text();
  ASSERT_TRUE(admin_events.wait(5s, [&](auto& ev) {
    return std::any_of(ev.begin(), ev.end(), [&](const Event& e) {
      return e.kind == "instance" && e.data["type"] == "ended" && e.data["processInstanceId"] == front;
    });
  })) << admin_events.text();

  // bob's own task: he hears of it, and by then of nothing of front_case.
  std::string risk = start(port_, "risk_case");
  std::string risk_task = task_of(port_, risk);
  ASSERT_TRUE(bob.wait(5s, [&](auto& ev) { return has_task_event(ev, "created", risk_task); })) << bob.text();
  ASSERT_TRUE(admin_events.wait(5s, [&](auto& ev) { return has_task_event(ev, "created", risk_task); }));
  std::this_thread::sleep_for(300ms);
  for (const auto& e : bob.events()) {
    EXPECT_NE(e.data.value("processDefinitionKey", ""), "front_case") << bob.text();
    EXPECT_NE(e.kind, "instance") << bob.text();
  }
  for (const auto& e : alice.events()) {
    EXPECT_NE(e.data.value("taskId", ""), risk_task) << alice.text();
    EXPECT_NE(e.kind, "instance") << alice.text();
  }
  for (const auto& e : carol.events()) EXPECT_NE(e.data.value("taskId", ""), risk_task) << carol.text();
  // Each event has an id, increasing for one subscriber.
  auto all = admin_events.events();
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].id, all[i].id);
}

TEST_F(EventsTest, LastEventIdResumesWithoutLossOrRepeats) {
  std::set<std::string> before_tasks, after_tasks;
  long long last = 0;
  {
    EventClient first(port_, basic_auth("bob", kPassword));
    std::string t = task_of(port_, start(port_, "risk_case"));
    before_tasks.insert(t);
    ASSERT_TRUE(first.wait(5s, [&](auto& ev) { return has_task_event(ev, "created", t); })) << first.text();
    last = first.events().back().id;
  }  // disconnected
  for (int i = 0; i < 3; ++i) after_tasks.insert(task_of(port_, start(port_, "risk_case")));
  start(port_, "front_case");  // not bob's
  EventClient again(port_, basic_auth("bob", kPassword), std::to_string(last));
  ASSERT_EQ(again.status(), 200);
  ASSERT_TRUE(again.wait(5s, [&](auto& ev) {
    return std::all_of(after_tasks.begin(), after_tasks.end(),
                       [&](const std::string& t) { return has_task_event(ev, "created", t); });
  })) << again.text();
  // Live events go on after the replay, once each.
  std::string live = task_of(port_, start(port_, "risk_case"));
  ASSERT_TRUE(again.wait(5s, [&](auto& ev) { return has_task_event(ev, "created", live); })) << again.text();
  std::set<long long> ids;
  for (const auto& e : again.events()) {
    EXPECT_GT(e.id, last);
    EXPECT_TRUE(ids.insert(e.id).second) << "event " << e.id << " twice";
    EXPECT_FALSE(before_tasks.count(e.data.value("taskId", ""))) << again.text();
    EXPECT_NE(e.data.value("processDefinitionKey", ""), "front_case");
  }
  EXPECT_EQ(ids.size(), 4u) << again.text();
}

TEST_F(EventsTest, ServerStopEndsOpenStreamsCleanly) {
  int port = free_port();
  ServerProcess* node = start_test_server("events_stop", port);
  EventClient c(port, default_authorization());
  ASSERT_EQ(c.status(), 200);
  auto t0 = std::chrono::steady_clock::now();
  stop_test_server(node);  // a clean exit (code 0) with the stream open
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);  // not the 10 s grace of requests in flight
  EXPECT_TRUE(c.wait_closed(5s));
  EXPECT_TRUE(c.saw_last_chunk());  // ended by the server, not cut
}

TEST_F(EventsTest, SequenceFlowsTakenInOrderWithReadHistory) {
  std::string id = start(port_, "front_case", 500);
  std::string task = task_of(port_, id);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + task + "/complete", "{}").status, 204);
  auto r = admin("GET", "/api/history/process-instance/" + id + "/sequence-flows");
  ASSERT_EQ(r.status, 200) << r.body;
  auto flows = json::parse(r.body);
  ASSERT_EQ(flows.size(), 3u) << r.body;
  EXPECT_EQ(flows[0]["sequenceFlowId"], "f1");
  EXPECT_EQ(flows[1]["sequenceFlowId"], "f2");
  EXPECT_EQ(flows[2]["sequenceFlowId"], "big");  // amount 500 > 100
  EXPECT_LE(flows[0]["time"].get<std::string>(), flows[1]["time"].get<std::string>());
  EXPECT_EQ(flows[0]["time"].get<std::string>().size(), std::string("2026-01-01T00:00:00.000+0000").size());
  // carol holds READ_HISTORY on front_case, bob does not; an unknown instance is 404.
  EXPECT_EQ(as("carol", "GET", "/api/history/process-instance/" + id + "/sequence-flows").status, 200);
  EXPECT_EQ(as("bob", "GET", "/api/history/process-instance/" + id + "/sequence-flows").status, 403);
  EXPECT_EQ(admin("GET", "/api/history/process-instance/nope/sequence-flows").status, 404);
}

TEST_F(EventsTest, HistoryDetailListsVariableChangesWithTheUser) {
  std::string id = start(port_, "front_case", 7);
  std::string task = task_of(port_, id);
  ASSERT_EQ(as("alice", "POST", "/engine-rest/task/" + task + "/claim", json{{"userId", "alice"}}.dump()).status, 204);
  ASSERT_EQ(as("alice", "POST", "/engine-rest/task/" + task + "/complete",
               json{{"variables", {{"amount", {{"value", 9}, {"type", "Long"}}}}}}.dump()).status, 204);
  auto r = admin("GET", "/engine-rest/history/detail?processInstanceId=" + id + "&sortBy=time&sortOrder=asc");
  ASSERT_EQ(r.status, 200) << r.body;
  auto details = json::parse(r.body);
  ASSERT_EQ(details.size(), 2u) << r.body;
  EXPECT_EQ(details[0]["type"], "variableUpdate");
  EXPECT_EQ(details[0]["variableName"], "amount");
  EXPECT_EQ(details[0]["value"], 7);
  EXPECT_EQ(details[0]["variableType"], "Long");
  EXPECT_EQ(details[0]["revision"], 1);
  EXPECT_EQ(details[0]["initial"], true);
  EXPECT_EQ(details[0]["userId"], kTestAdminUser);
  EXPECT_EQ(details[1]["value"], 9);
  EXPECT_EQ(details[1]["revision"], 2);
  EXPECT_EQ(details[1]["userId"], "alice");
  EXPECT_EQ(details[1]["variableInstanceId"], details[0]["variableInstanceId"]);
  EXPECT_EQ(details[1]["processDefinitionKey"], "front_case");
  EXPECT_FALSE(details[1]["processDefinitionId"].is_null());
  // Filters, sorting, paging, count.
  std::string var = details[0]["variableInstanceId"];
  auto desc = json::parse(admin("GET", "/engine-rest/history/detail?variableInstanceId=" + var +
                                           "&sortBy=time&sortOrder=desc&maxResults=1").body);
  ASSERT_EQ(desc.size(), 1u);
  EXPECT_EQ(desc[0]["value"], 9);
  auto by_alice = json::parse(admin("GET", "/engine-rest/history/detail?processInstanceId=" + id + "&userId=alice").body);
  ASSERT_EQ(by_alice.size(), 1u);
  EXPECT_EQ(by_alice[0]["revision"], 2);
  EXPECT_EQ(json::parse(admin("GET", "/engine-rest/history/detail/count?processInstanceId=" + id).body)["count"], 2);
  EXPECT_EQ(json::parse(admin("GET", "/engine-rest/history/detail?taskId=" + task).body).size(), 0u);  // none task-local
  EXPECT_EQ(json::parse(admin("GET", "/engine-rest/history/detail?processInstanceId=" + id + "&formFields=true").body).size(), 0u);
  auto post = admin("POST", "/engine-rest/history/detail", json{{"processInstanceId", id}}.dump());
  ASSERT_EQ(post.status, 200) << post.body;
  EXPECT_EQ(json::parse(post.body).size(), 2u);
  // Bad input: 400 naming the parameter.
  auto bad = admin("GET", "/engine-rest/history/detail?sortBy=nope&sortOrder=asc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("sortBy"), std::string::npos) << bad.body;
  EXPECT_EQ(admin("GET", "/engine-rest/history/detail?maxResults=-1").status, 400);
  // Visibility: carol (READ_HISTORY on front_case) sees them, bob nothing.
  EXPECT_EQ(json::parse(as("carol", "GET", "/engine-rest/history/detail?processInstanceId=" + id).body).size(), 2u);
  EXPECT_EQ(json::parse(as("bob", "GET", "/engine-rest/history/detail?processInstanceId=" + id).body).size(), 0u);
}

// Two nodes on one database: an event made on one reaches a subscriber of the other
// (LISTEN/NOTIFY). Prints the latency from the start request to the event's arrival.
TEST(EventsTwoNodes, AnEventMadeOnOneNodeReachesASubscriberOnTheOther) {
  std::string url = create_test_database("events_nodes");
  int ports[2] = {free_port(), free_port()};
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < 2; ++i) {
    std::string log = "/tmp/dpc-events-node-" + std::to_string(getpid()) + "-" + std::to_string(i) + ".log";
    unlink(log.c_str());
    nodes.push_back(std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--no-access-log"},
        std::map<std::string, std::string>{{"DPC_DATABASE_URL", url},
                                           {"DPC_PORT", std::to_string(ports[i])},
                                           {"DPC_SAMPLES_DIR", "/nonexistent"}},
        "", log));
    ASSERT_TRUE(nodes[i]->wait_for_health(ports[i], 60s)) << nodes[i]->log();
  }
  ASSERT_EQ(deploy_resource(ports[0], "front", "front.bpmn", user_task_process("node_case", "front")).status, 200);
  EventClient on_b(ports[1], default_authorization());
  ASSERT_EQ(on_b.status(), 200);
  std::vector<double> millis;
  for (int i = 0; i < 20; ++i) {
    auto sent = std::chrono::steady_clock::now();
    auto r = http_request(ports[0], "POST", "/engine-rest/process-definition/key/node_case/start", "{}",
                          {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body;
    std::string id = json::parse(r.body)["id"];
    Event got;
    ASSERT_TRUE(on_b.wait(5s, [&](const std::vector<Event>& ev) {
      for (const auto& e : ev) {
        if (e.kind == "task" && e.data["type"] == "created" && e.data["processInstanceId"] == id) {
          got = e;
          return true;
        }
      }
      return false;
    })) << on_b.text();
    millis.push_back(std::chrono::duration<double, std::milli>(got.received - sent).count());
  }
  std::sort(millis.begin(), millis.end());
  double median = millis[millis.size() / 2];
  std::printf("[ figure ] live event latency, task created on node A -> event received on node B: "
              "median %.1f ms, max %.1f ms (%zu tasks)\n", median, millis.back(), millis.size());
  EXPECT_LT(median, 500.0);
  for (auto& n : nodes) {
    n->signal(SIGTERM);
    EXPECT_EQ(n->wait_exit(20s), 0) << n->log();
  }
}

}  // namespace
