// A fixture for engine tests that run jobs (timers, async continuations) on the in-memory
// store: one process "p" built from a body of BPMN elements, a runtime and job commands on a
// clock the test moves, and readers of the stored state.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "dpc/bpmn/parser.h"
#include "dpc/engine/job_executor.h"
#include "dpc/engine/runtime_service.h"
#include "memory_store.h"

namespace dpc::engine::test {

inline std::string process(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="30">
)" + body + R"(
  </bpmn:process>
</bpmn:definitions>)";
}

inline std::string flow(const std::string& id, const std::string& from, const std::string& to) {
  return "<bpmn:sequenceFlow id=\"" + id + "\" sourceRef=\"" + from + "\" targetRef=\"" + to + "\"/>\n";
}

class OneDefinition : public ProcessDefinitionSource {
 public:
  void set(const std::string& xml) {
    auto parsed = bpmn::parse_bpmn(xml);
    ASSERT_TRUE(parsed.ok()) << (parsed.report.errors.empty() ? "" : parsed.report.errors[0].message);
    auto d = std::make_shared<DeployedProcess>();
    d->key = "p";
    d->version = 1;
    d->id = "p:1:test";
    d->model = parsed.definitions->processes.at(0);
    def_ = d;
  }
  Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string&) override {
    return std::shared_ptr<const DeployedProcess>(def_);
  }
  Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(const std::string&) override {
    return std::shared_ptr<const DeployedProcess>(def_);
  }

 private:
  std::shared_ptr<DeployedProcess> def_;
};

class JobFixture : public ::testing::Test {
 protected:
  JobFixture() : runtime(store, defs, [this] { return clock; }), jobs(store, defs, [this] { return clock; }) {}

  void model(std::string body) { defs.set(process(body)); }
  std::string start() {
    auto r = runtime.start_by_key("p", "", {}, false);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->instance.id : "";
  }
  std::vector<JobRecord> job_rows(const std::string& instance) {
    auto it = store.data().running.find(instance);
    return it == store.data().running.end() ? std::vector<JobRecord>{} : it->second.jobs;
  }
  std::vector<std::string> task_keys(const std::string& instance) {
    std::vector<std::string> out;
    auto it = store.data().running.find(instance);
    if (it == store.data().running.end()) return out;
    for (auto& t : it->second.tasks) out.push_back(t.task_definition_key);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string task_id(const std::string& instance, const std::string& key) {
    for (auto& t : store.data().running[instance].tasks) if (t.task_definition_key == key) return t.id;
    return "";
  }
  const ActivityInstanceRecord* activity(const std::string& id) {
    for (auto& a : store.data().activities) if (a.activity_id == id) return &a;
    return nullptr;
  }
  bool running(const std::string& instance) { return store.data().running.count(instance) > 0; }
  // Fires a job as the executor does: true when it ran (or is gone for good).
  bool fire(const std::string& job_id) {
    auto r = jobs.execute(job_id);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() && *r;
  }

  MemoryStore store;
  OneDefinition defs;
  Millis clock = 1700000000000;
  RuntimeService runtime;
  JobCommands jobs;
};

}  // namespace dpc::engine::test
