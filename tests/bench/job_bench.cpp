// Job executor figures over the REST API, for one or more nodes on one database. Prints one
// line per figure.
//   job_bench <instances> <timers> <port> [<port>...]
// (a) jobs executed per second: <instances> instances wait at a signal catch event; one
//     POST /signal moves all of them, in one transaction, onto an asyncBefore no-op
//     expression service task, so the jobs exist all at once. The figure is the jobs
//     counted right after the signal, divided by the time until none is left.
// (b) timer delay: <timers> instances wait at a timer whose timeDate they all share (a
//     whole second far enough ahead to start them all); the delay of each is the end time of
//     its timer activity instance minus that due time. min / median / p99 / max in ms.
// Instances are started through all the ports, round robin, with 8 client threads.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "http_client.h"

using dpc::test::HttpConnection;
using nlohmann::json;

namespace {

std::vector<int> g_ports;
const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

std::int64_t wall_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// Camunda's date format, "2026-11-23T19:40:00.123+0000" (dpc answers in UTC).
std::int64_t parse_date(const std::string& s) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

std::string models(const std::string& timer_due) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:signal id="go" name="bench-jobs-go"/>
  <bpmn:process id="bench_jobs" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="gate"><bpmn:signalEventDefinition signalRef="go"/></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="noop" camunda:asyncBefore="true" camunda:expression="${true}"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gate"/>
    <bpmn:sequenceFlow id="f2" sourceRef="gate" targetRef="noop"/>
    <bpmn:sequenceFlow id="f3" sourceRef="noop" targetRef="e"/>
  </bpmn:process>
  <bpmn:process id="bench_timers" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDate>)" + timer_due + R"(</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>)";
}

// Starts `n` instances of `key` through all ports with 8 threads; returns the failures.
int start_instances(const std::string& key, int n) {
  std::atomic<int> next{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpConnection c(g_ports[t % g_ports.size()]);
      for (int i = next++; i < n; i = next++) {
        if (c.request("POST", "/engine-rest/process-definition/key/" + key + "/start", "{}", kJson).status != 200) {
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return failed;
}

long long count(HttpConnection& c, const std::string& path) {
  auto r = c.request("GET", "/engine-rest" + path);
  if (r.status != 200) return -1;
  return json::parse(r.body)["count"].get<long long>();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: job_bench <instances> <timers> <port> [<port>...]\n");
    return 2;
  }
  const int instances = std::stoi(argv[1]), timers = std::stoi(argv[2]);
  for (int i = 3; i < argc; ++i) g_ports.push_back(std::stoi(argv[i]));
  const size_t nodes = g_ports.size();
  HttpConnection c(g_ports[0]);

  // The shared due time: a whole second, far enough ahead to start every timer instance
  // (measured: the starts of (a) tell how fast starts go).
  auto t_start = std::chrono::steady_clock::now();
  std::int64_t due_guess = wall_millis() + 600000;  // replaced below, once the start rate is known
  auto r = dpc::test::deploy_resource(g_ports[0], "job-bench", "job-bench.bpmn", models(dpc::test::iso_utc(due_guess)));
  if (r.status != 200) {
    std::fprintf(stderr, "deploy failed: %d %s\n", r.status, r.body.c_str());
    return 1;
  }

  // (a)
  if (int f = start_instances("bench_jobs", instances); f) std::fprintf(stderr, "  (%d starts failed)\n", f);
  double start_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  auto sig = c.request("POST", "/engine-rest/signal", json{{"name", "bench-jobs-go"}}.dump(), kJson);
  if (sig.status != 204) {
    std::fprintf(stderr, "signal failed: %d %s\n", sig.status, sig.body.c_str());
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  long long jobs = count(c, "/job/count?processDefinitionKey=bench_jobs");
  while (count(c, "/job/count?processDefinitionKey=bench_jobs") > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("(a) async continuation jobs/s, %zu node(s): %.0f  (%lld jobs in %.2f s)\n", nodes,
              jobs / secs, jobs, secs);

  // (b) Redeploy with a due time that leaves three times the time the starts of (a) took per instance, plus 10 s.
  double per_start = start_secs / std::max(1, instances);
  std::int64_t due = (wall_millis() + static_cast<std::int64_t>(per_start * timers * 3000) + 10000) / 1000 * 1000;
  r = dpc::test::deploy_resource(g_ports[0], "job-bench-timers", "job-bench.bpmn", models(dpc::test::iso_utc(due)));
  if (r.status != 200) return 1;
  auto def = c.request("GET", "/engine-rest/process-definition/key/bench_timers");
  const std::string definition_id = json::parse(def.body)["id"];
  if (int f = start_instances("bench_timers", timers); f) std::fprintf(stderr, "  (%d starts failed)\n", f);
  if (wall_millis() >= due) std::fprintf(stderr, "  (the starts took longer than planned: some timers were due already)\n");
  while (count(c, "/history/process-instance/count?processDefinitionId=" + definition_id + "&finished=true") <
         timers) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::vector<std::int64_t> delays;
  for (int first = 0; first < timers; first += 500) {
    auto list = c.request("GET", "/engine-rest/history/activity-instance?processDefinitionId=" + definition_id +
                                 "&activityId=wait&finished=true&firstResult=" + std::to_string(first) +
                                 "&maxResults=500");
    for (const auto& a : json::parse(list.body)) {
      delays.push_back(parse_date(a["endTime"].get<std::string>()) - due);
    }
  }
  std::sort(delays.begin(), delays.end());
  if (delays.empty()) return 1;
  auto at = [&](double q) { return delays[std::min(delays.size() - 1, static_cast<size_t>(q * delays.size()))]; };
  std::printf("(b) timer delay after the due time, %zu timers due in the same second, %zu node(s): "
              "min %lld ms, median %lld ms, p99 %lld ms, max %lld ms\n",
              delays.size(), nodes, static_cast<long long>(delays.front()), static_cast<long long>(at(0.5)),
              static_cast<long long>(at(0.99)), static_cast<long long>(delays.back()));
  return 0;
}
