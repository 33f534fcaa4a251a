// Group commit of new instances (PgRuntimeStore::write_alone) against a real PostgreSQL:
//  * in the store, many threads write at once, some with an instance id another thread
//    also writes: every distinct instance is stored exactly once with all its rows, each
//    duplicate gets an error and leaves nothing behind, whichever batch it shared;
//  * over REST, concurrent starts of a straight-through and a user-task process: every
//    instance is there with its history, tasks and engine event row, as if started alone.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <barrier>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "deploy.h"
#include "dpc/store/database.h"
#include "history_statements.h"
#include "dpc/store/runtime_store.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using namespace dpc::engine;
using nlohmann::json;
using dpc::Status;

namespace {

long long count(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::nontransaction tx(c);
  return tx.exec(sql)[0][0].as<long long>();
}

// One start of gc_straight (kModels) over REST on a fresh connection.
HttpResponse start_straight(int port) {
  return http_request(port, "POST", "/engine-rest/process-definition/key/gc_straight/start",
                      R"({"variables": {"amount": {"value": 7, "type": "Integer"}}})",
                      {{"Content-Type", "application/json"}});
}

// The changes of one started instance: straight through (history only) or resting in a
// wait state (runtime rows too). Row ids carry `tag` so that the rows of a duplicate that
// failed can be told apart from those of the instance that was stored.
ChangeSet new_instance(const std::string& id, const std::string& tag, bool waits) {
  ChangeSet c;
  ProcessInstanceRecord p;
  p.id = id;
  p.definition_id = "gc:1:x";
  p.definition_key = "gc";
  p.definition_version = 1;
  p.business_key = tag;
  p.start_time = 1700000000000;
  p.start_activity_id = "s";
  if (!waits) {
    p.state = "COMPLETED";
    p.end_time = p.start_time + 1;
    p.end_activity_id = "e";
    c.instance_ended = true;
  }
  c.instance_inserted = p;
  ActivityInstanceRecord a;
  a.id = "act-" + tag;
  a.activity_id = "s";
  a.activity_type = "startEvent";
  a.process_instance_id = id;
  a.process_definition_id = p.definition_id;
  a.process_definition_key = p.definition_key;
  a.execution_id = id;
  a.start_time = p.start_time;
  a.end_time = p.start_time;
  c.activities_inserted.push_back(a);
  for (const char* ev : {"start", "end"}) {
    c.events.push_back({id, "gc", 1, "s", "startEvent", ev, tag, p.start_time});
  }
  if (waits) {
    ExecutionRecord root;
    root.id = id;
    root.process_instance_id = id;
    root.state = ExecutionRecord::State::kScope;
    ExecutionRecord token;
    token.id = "exe-" + tag;
    token.process_instance_id = id;
    token.parent_id = id;
    token.activity_id = "wait";
    token.activity_instance_id = "act-wait-" + tag;
    token.state = ExecutionRecord::State::kWaiting;
    c.executions.inserted = {root, token};
  }
  return c;
}

TEST(GroupCommit, ConcurrentNewInstancesAreEachStoredOnceAndAFailureStaysWithItsCommand) {
  std::string url = create_test_database("gc_store");
  dpc::store::Database db(url);
  ASSERT_TRUE(db.migrate(dpc::store::embedded_migrations()).ok());
  auto store = dpc::store::make_runtime_store(db);

  // 48 writers; writers 40..47 reuse the instance ids of writers 0..7.
  constexpr int kWriters = 48, kDistinct = 40;
  std::vector<Status> results(kWriters);
  std::barrier sync(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      ChangeSet c = new_instance("gc-" + std::to_string(i % kDistinct), "w" + std::to_string(i),
                                 i % 2 == 1);
      sync.arrive_and_wait();
      results[i] = store->write_alone(c);
    });
  }
  for (auto& t : threads) t.join();

  int failed = 0;
  for (int i = 0; i < kWriters; ++i) {
    if (!results[i]) ++failed;
    if (i < kWriters - kDistinct) {
      // Of the two writers of one id exactly one succeeded.
      EXPECT_NE(results[i].ok(), results[i + kDistinct].ok()) << "id gc-" << i;
    } else if (i < kDistinct) {
      EXPECT_TRUE(results[i].ok()) << "writer " << i << ": " << results[i].error().message;
    }
  }
  EXPECT_EQ(failed, kWriters - kDistinct);
  EXPECT_EQ(count(url, "SELECT count(*) FROM hi_proc_inst"), kDistinct);
  EXPECT_EQ(count(url, "SELECT count(*) FROM hi_act_inst"), kDistinct);
  EXPECT_EQ(count(url, "SELECT count(*) FROM engine_event"), kDistinct);
  // Waiting instances (odd ids) have their runtime rows; straight-through ones none.
  EXPECT_EQ(count(url, "SELECT count(*) FROM proc_inst"), kDistinct / 2);
  EXPECT_EQ(count(url, "SELECT count(*) FROM execution"), kDistinct);
  // Every stored row belongs to the writer whose instance was stored.
  for (int i = 0; i < kWriters; ++i) {
    std::string tag = "w" + std::to_string(i);
    long long want = results[i].ok() ? 1 : 0;
    EXPECT_EQ(count(url, "SELECT count(*) FROM hi_proc_inst WHERE business_key = '" + tag + "'"), want) << tag;
    EXPECT_EQ(count(url, "SELECT count(*) FROM hi_act_inst WHERE id = 'act-" + tag + "'"), want) << tag;
    EXPECT_EQ(count(url, "SELECT count(*) FROM engine_event WHERE business_key = '" + tag + "'"), want) << tag;
    if (i % 2 == 1) {
      EXPECT_EQ(count(url, "SELECT count(*) FROM execution WHERE id = 'exe-" + tag + "'"), want) << tag;
    }
  }
}

const char* kModels = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="gc_straight" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="calc" camunda:expression="${amount * 2}" camunda:resultVariable="doubled"/>
    <bpmn:exclusiveGateway id="gw" default="low"/>
    <bpmn:endEvent id="high_end"/><bpmn:endEvent id="low_end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="calc"/>
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="gw"/>
    <bpmn:sequenceFlow id="high" sourceRef="gw" targetRef="high_end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${doubled &gt; 100}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="low" sourceRef="gw" targetRef="low_end"/>
  </bpmn:process>
  <bpmn:process id="gc_user" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:userTask id="review"/><bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";

// The prepared history statements on a fresh database: each one is valid SQL, and ending an
// activity instance finds its row through the primary key even in the generic plan made
// while hi_act_inst was tiny and never analyzed (the set-based form that stood here scanned
// the whole table with such a plan until autovacuum's first ANALYZE, which halved user-task
// round trips on a fresh database).
TEST(GroupCommit, HistoryStatementsPrepareAndEndActivitiesByIndexOnAFreshDatabase) {
  std::string url = create_test_database("gc_plans");
  dpc::store::Database db(url);
  ASSERT_TRUE(db.migrate(dpc::store::embedded_migrations()).ok());
  pqxx::connection c(url);
  dpc::store::prepare_history_statements(c);  // throws if any statement does not prepare
  pqxx::nontransaction tx(c);
  tx.exec("SET plan_cache_mode = force_generic_plan");
  tx.exec("INSERT INTO hi_act_inst (id, activity_id, activity_type, proc_inst_id, proc_def_id, "
          "proc_def_key, start_time) SELECT 'a' || i, 's', 'startEvent', 'p', 'd', 'k', 1 "
          "FROM generate_series(1, 20) i");
  std::string plan;
  for (const auto& row : tx.exec("EXPLAIN EXECUTE dpc_hi_act_end('a7', '5', 'false')")) {
    plan += row[0].as<std::string>() + "\n";
  }
  EXPECT_NE(plan.find("Index Scan using hi_act_inst_pkey"), std::string::npos) << plan;
  tx.exec("EXECUTE dpc_hi_act_end('a7', '5', 'true')");
  EXPECT_EQ(tx.exec("SELECT end_time, canceled FROM hi_act_inst WHERE id = 'a7'")[0][0].as<long long>(), 5);
  EXPECT_EQ(count(url, "SELECT count(*) FROM hi_act_inst WHERE end_time IS NOT NULL"), 1);
}

TEST(GroupCommit, ConcurrentStartsOverRestAreComplete) {
  int port = free_port();
  std::string url;
  ServerProcess* server = start_test_server("gc_rest", port, &url);
  ASSERT_EQ(deploy_resource(port, "gc", "gc.bpmn", kModels).status, 200);

  constexpr int kThreads = 16, kPerThread = 25;
  std::mutex mu;
  std::map<std::string, int> amount_of;   // straight-through instance -> its amount
  std::set<std::string> waiting;          // user-task instances
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads keep one connection for all their starts: a start answered from
      // the group commit's writer thread must leave the connection reading the next request.
      std::optional<HttpConnection> kept;
      if (t % 2 == 1) kept.emplace(port);
      for (int i = 0; i < kPerThread; ++i) {
        bool straight = (t + i) % 2 == 0;
        int amount = t * 10 + i;  // doubled > 100 from amount 51 on: both end events occur
        json body = {{"businessKey", "bk-" + std::to_string(t) + "-" + std::to_string(i)},
                     {"variables", {{"amount", {{"value", amount}, {"type", "Integer"}}}}}};
        std::string path = std::string("/engine-rest/process-definition/key/") +
                           (straight ? "gc_straight" : "gc_user") + "/start";
        auto r = kept ? kept->request("POST", path, body.dump(), {{"Content-Type", "application/json"}})
                      : http_request(port, "POST", path, body.dump(),
                                     {{"Content-Type", "application/json"}});
        auto j = json::parse(r.body, nullptr, false);
        if (r.status != 200 || !j.contains("id")) {
          ++bad;
          continue;
        }
        std::lock_guard lock(mu);
        if (straight) {
          amount_of[j["id"]] = amount;
          if (!j["ended"].get<bool>()) ++bad;
        } else {
          waiting.insert(j["id"].get<std::string>());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(bad.load(), 0);
  ASSERT_EQ(amount_of.size() + waiting.size(), size_t{kThreads * kPerThread});

  auto get = [&](const std::string& path) {
    auto r = http_request(port, "GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  };
  EXPECT_EQ(get("/engine-rest/history/process-instance/count?processDefinitionKey=gc_straight&finished=true")["count"],
            amount_of.size());
  EXPECT_EQ(get("/engine-rest/task/count?processDefinitionKey=gc_user")["count"], waiting.size());
  EXPECT_EQ(get("/engine-rest/process-instance/count?processDefinitionKey=gc_user")["count"], waiting.size());
  // Every user-task instance has its own task; every straight-through one took the right end.
  for (const auto& id : waiting) {
    auto tasks = get("/engine-rest/task?processInstanceId=" + id);
    ASSERT_EQ(tasks.size(), 1u) << id;
    EXPECT_EQ(tasks[0]["taskDefinitionKey"], "review");
  }
  for (const auto& [id, amount] : amount_of) {
    auto acts = get("/engine-rest/history/activity-instance?processInstanceId=" + id +
                    "&sortBy=startTime&sortOrder=asc");
    std::set<std::string> ids;
    for (const auto& a : acts) ids.insert(a["activityId"].get<std::string>());
    std::set<std::string> want = {"s", "calc", "gw", amount * 2 > 100 ? "high_end" : "low_end"};
    EXPECT_EQ(ids, want) << id;
    auto vars = get("/engine-rest/history/variable-instance?processInstanceId=" + id);
    std::map<std::string, long long> values;
    for (const auto& v : vars) values[v["name"]] = v["value"].get<long long>();
    EXPECT_EQ(values["amount"], amount) << id;
    EXPECT_EQ(values["doubled"], amount * 2) << id;
  }
  // One engine event row per instance, its events in order.
  pqxx::connection c(url);
  pqxx::nontransaction tx(c);
  auto rows = tx.exec(
      "SELECT proc_inst_id, array_to_string(element_ids, ','), array_to_string(events, ',') "
      "FROM engine_event WHERE definition_key = 'gc_straight'");
  EXPECT_EQ(rows.size(), amount_of.size());
  for (const auto& r : rows) {
    std::string id = r[0].as<std::string>();
    ASSERT_TRUE(amount_of.count(id)) << id;
    bool high = amount_of[id] * 2 > 100;
    std::string end = high ? "high_end" : "low_end";
    // Each flow taken is an event too (the path of the case), between the two ends.
    EXPECT_EQ(r[1].as<std::string>(),
              "s,s,f1,calc,calc,f2,gw,gw," + std::string(high ? "high" : "low") + "," + end + "," + end) << id;
    EXPECT_EQ(r[2].as<std::string>(), "start,end,take,start,end,take,start,end,take,start,end") << id;
  }
  stop_test_server(server);
}

// The history rows of a start travel in PostgreSQL's binary array format: every value type
// reads back exactly as it was given (text with quotes, backslashes and non-ASCII letters,
// negative and large numbers, fractions, dates, JSON, bytes including zero bytes, nulls).
TEST(GroupCommit, EveryValueTypeOfAStartReadsBackExactly) {
  int port = free_port();
  ServerProcess* server = start_test_server("gc_types", port);
  ASSERT_EQ(deploy_resource(port, "gc", "gc.bpmn", kModels).status, 200);
  json vars = {
      {"text", {{"value", "a \"quoted\" \\ back\\slash, {braces}, NULL, Grüße ✓"}, {"type", "String"}}},
      {"empty", {{"value", ""}, {"type", "String"}}},
      {"amount", {{"value", -2147483648LL}, {"type", "Integer"}}},
      {"big", {{"value", -9007199254740991LL}, {"type", "Long"}}},
      {"small", {{"value", -32768}, {"type", "Short"}}},
      {"rate", {{"value", -0.1234567890123}, {"type", "Double"}}},
      {"yes", {{"value", true}, {"type", "Boolean"}}},
      {"no", {{"value", false}, {"type", "Boolean"}}},
      {"when", {{"value", "2026-11-23T10:15:30.123+0000"}, {"type", "Date"}}},
      {"doc", {{"value", "{\"k\":[1,\"two\",null]}"}, {"type", "Json"}}},
      {"blob", {{"value", "AAEC/wBhYg=="}, {"type", "Bytes"}}},
      {"nothing", {{"value", nullptr}, {"type", "Null"}}}};
  auto r = http_request(port, "POST", "/engine-rest/process-definition/key/gc_straight/start",
                        json{{"variables", vars}}.dump(), {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string id = json::parse(r.body)["id"];
  auto list = json::parse(
      http_request(port, "GET", "/engine-rest/history/variable-instance?processInstanceId=" + id).body);
  std::map<std::string, json> got;
  for (const auto& v : list) got[v["name"]] = v;
  for (const auto& [name, given] : vars.items()) {
    ASSERT_TRUE(got.count(name)) << name;
    EXPECT_EQ(got[name]["type"], given["type"]) << name;
    if (name == "amount") {
      EXPECT_EQ(got[name]["value"], -2147483648LL);
    } else if (name == "doc") {
      const json& v = got[name]["value"];  // the JSON text, or (as dpc answers) the parsed JSON
      EXPECT_EQ(v.is_string() ? json::parse(v.get<std::string>()) : v,
                json::parse(given["value"].get<std::string>()));
    } else {
      EXPECT_EQ(got[name]["value"], given["value"]) << name;
    }
  }
  EXPECT_EQ(got["doubled"]["value"], -4294967296LL);  // amount * 2 by the expression
  stop_test_server(server);
}

// Connections to PostgreSQL die while starts run concurrently (every backend of the
// database terminated, three times): each start answered 200 is stored, the others get an
// error, and the server carries on.
TEST(GroupCommit, StartsAnsweredOkSurviveLostConnections) {
  int port = free_port();
  std::string url;
  ServerProcess* server = start_test_server("gc_kill", port, &url);
  ASSERT_EQ(deploy_resource(port, "gc", "gc.bpmn", kModels).status, 200);
  std::mutex mu;
  std::vector<std::string> stored;
  std::atomic<int> failed{0};
  std::atomic<bool> running{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      while (running) {
        auto r = start_straight(port);
        auto j = json::parse(r.body, nullptr, false);
        if (r.status == 200 && j.contains("id")) {
          std::lock_guard lock(mu);
          stored.push_back(j["id"]);
        } else {
          ++failed;
        }
      }
    });
  }
  int terminated = 0;
  {
    pqxx::connection c(url);
    pqxx::nontransaction tx(c);
    for (int round = 0; round < 3; ++round) {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      terminated += tx.exec(
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
          "current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")[0][0]
                        .as<int>();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  running = false;
  for (auto& t : threads) t.join();
  EXPECT_GT(terminated, 0);
  ASSERT_GT(stored.size(), 100u);
  pqxx::connection c(url);
  pqxx::nontransaction tx(c);
  std::set<std::string> in_history;
  for (const auto& r : tx.exec("SELECT id FROM hi_proc_inst WHERE definition_key = 'gc_straight'")) {
    in_history.insert(r[0].as<std::string>());
  }
  for (const auto& id : stored) EXPECT_TRUE(in_history.count(id)) << "answered 200 but not stored: " << id;
  // Afterwards everything works again.
  auto r = start_straight(port);
  EXPECT_EQ(r.status, 200) << r.body;
  std::printf("lost connections: %d backends terminated, %zu starts stored, %d failed\n", terminated,
              stored.size(), failed.load());
  stop_test_server(server);
}

// Starts are answered from the group commit's writer thread. A client that sends starts
// without reading the answers fills its socket; that must stall only its own connection,
// never the writer and with it every other start of the node.
TEST(GroupCommit, AClientThatStopsReadingDoesNotHoldUpOtherStarts) {
  int port = free_port();
  std::string url;
  ServerProcess* server = start_test_server("gc_stall", port, &url);
  ASSERT_EQ(deploy_resource(port, "gc", "gc.bpmn", kModels).status, 200);

  // The stalled clients: a small receive buffer, big answers (a 16 KB variable returned),
  // and starts sent one after another without reading anything. Several, so that the answer
  // that no longer fits is, for at least one of them, one the writer thread writes.
  std::string body = json{{"withVariablesInReturn", true},
                          {"variables", {{"amount", {{"value", 1}, {"type", "Integer"}}},
                                         {"blob", {{"value", std::string(16384, 'x')}, {"type", "String"}}}}}}
                         .dump();
  std::string request = "POST /engine-rest/process-definition/key/gc_straight/start HTTP/1.1\r\n"
                        "Host: x\r\nAuthorization: " + default_authorization() +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  constexpr int kStalled = 4;
  std::vector<int> fds;
  std::atomic<int> pipelined{0};
  std::vector<std::thread> stalled;
  for (int i = 0; i < kStalled; ++i) {
    int fd = connect_to(port, 4096);
    ASSERT_GE(fd, 0);
    timeval send_limit{10, 0};  // the server stops reading from it: sending ends by timeout
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof send_limit);
    fds.push_back(fd);
    stalled.emplace_back([&, fd] {
      for (int n = 0; n < 1000; ++n) {
        if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) break;
        ++pipelined;
      }
    });
  }

  // Meanwhile, for 6 seconds, other clients start instances; each answer must come
  // (HttpConnection gives up after 30 s without one).
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> others;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(6);
  for (int t = 0; t < 6; ++t) {
    others.emplace_back([&] {
      HttpConnection c(port);
      while (std::chrono::steady_clock::now() < until) {
        auto r = c.request("POST", "/engine-rest/process-definition/key/gc_straight/start",
                           R"({"variables":{"amount":{"value":3,"type":"Integer"}}})",
                           {{"Content-Type", "application/json"}});
        (r.status == 200 ? ok : failed)++;
        if (r.status != 200) break;
      }
    });
  }
  for (auto& t : others) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 600);
  for (int fd : fds) shutdown(fd, SHUT_RDWR);
  for (auto& t : stalled) t.join();
  for (int fd : fds) close(fd);
  EXPECT_GT(pipelined.load(), kStalled * 20);  // they did send backlogs of starts
  // The server still answers and stops cleanly.
  EXPECT_EQ(http_request(port, "GET", "/engine-rest/engine").status, 200);
  stop_test_server(server);
}

}  // namespace
