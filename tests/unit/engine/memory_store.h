// An in-memory RuntimeStore for engine unit tests: whole-store copy per transaction, so a
// failed command leaves nothing behind, exactly the property the real store must have.
#pragma once

#include <map>
#include <mutex>

#include "dpc/engine/runtime_service.h"
#include "dpc/engine/runtime_store.h"

namespace dpc::engine::test {

struct MemoryData {
  std::map<std::string, InstanceSnapshot> running;
  std::map<std::string, ProcessInstanceRecord> history;  // every instance ever started
  std::vector<ActivityInstanceRecord> activities;
  std::vector<VariableUpdateRecord> variable_updates;
  std::vector<EngineEvent> events;
  std::vector<EventSubscriptionRecord> subscriptions;
};

template <typename R>
void apply_rows(std::vector<R>& rows, const RowChanges<R>& c) {
  for (const auto& id : c.deleted) {
    std::erase_if(rows, [&](const R& r) { return r.id == id; });
  }
  for (const auto& u : c.updated) {
    for (auto& r : rows) {
      if (r.id == u.id) r = u;
    }
  }
  for (const auto& i : c.inserted) rows.push_back(i);
}

class MemoryTransaction : public RuntimeTransaction {
 public:
  explicit MemoryTransaction(MemoryData& d) : d_(d) {}
  Result<std::optional<InstanceSnapshot>> lock_instance(const std::string& id) override {
    auto it = d_.running.find(id);
    if (it == d_.running.end()) return std::optional<InstanceSnapshot>{};
    InstanceSnapshot s = it->second;
    for (const auto& c : d_.subscriptions) {
      if (c.kind == "compensate" && c.process_instance_id == id) s.compensations.push_back(c);
    }
    return std::optional<InstanceSnapshot>{std::move(s)};
  }
  Result<std::string> instance_of_task(const std::string& id) override {
    for (auto& [iid, s] : d_.running) {
      for (auto& t : s.tasks) if (t.id == id) return iid;
    }
    return std::string();
  }
  Result<std::string> instance_of_external_task(const std::string& id) override {
    for (auto& [iid, s] : d_.running) {
      for (auto& t : s.external_tasks) if (t.id == id) return iid;
    }
    return std::string();
  }
  Result<std::string> instance_of_execution(const std::string& id) override {
    for (auto& [iid, s] : d_.running) {
      for (auto& e : s.executions) if (e.id == id) return iid;
    }
    return std::string();
  }
  Result<std::string> instance_of_super_execution(const std::string& id) override {
    for (auto& [iid, s] : d_.running) {
      if (s.instance.super_execution_id == id) return iid;
    }
    return std::string();
  }
  Result<std::string> instance_of_job(const std::string& id) override {
    for (auto& [iid, s] : d_.running) {
      for (auto& j : s.jobs) if (j.id == id) return iid;
    }
    return std::string();
  }
  Result<std::vector<WaitingExecution>> waiting_executions(const std::string& instance_id,
                                                           const std::string& business_key) override {
    std::vector<WaitingExecution> out;
    for (auto& [iid, s] : d_.running) {
      if (!instance_id.empty() && iid != instance_id) continue;
      if (!business_key.empty() && s.instance.business_key != business_key) continue;
      for (auto& e : s.executions) {
        if (e.state == ExecutionRecord::State::kWaiting) {
          out.push_back({e.id, iid, s.instance.definition_id, e.activity_id});
        }
      }
    }
    return out;
  }
  Result<std::vector<EventSubscriptionRecord>> find_subscriptions(const SubscriptionQuery& q) override {
    std::vector<EventSubscriptionRecord> out;
    for (const auto& s : d_.subscriptions) {
      auto it = d_.running.find(s.process_instance_id);
      if (it == d_.running.end() || it->second.instance.suspended) continue;
      if (!q.kind.empty() && s.kind != q.kind) continue;
      if (!q.event_name.empty() && s.event_name != q.event_name) continue;
      if (!q.process_instance_id.empty() && s.process_instance_id != q.process_instance_id) continue;
      if (!q.business_key.empty() && it->second.instance.business_key != q.business_key) continue;
      out.push_back(s);
    }
    return out;
  }
  Result<std::vector<std::string>> latest_definition_ids() override {
    return std::vector<std::string>{};  // no message/signal start events in memory tests
  }
  Status write(const ChangeSet& c) override {
    for (const auto& e : c.subscriptions.cleared_executions) {
      std::erase_if(d_.subscriptions, [&](const EventSubscriptionRecord& s) {
        return s.execution_id == e && s.kind != "compensate";
      });
    }
    for (const auto& s : c.subscriptions.inserted) d_.subscriptions.push_back(s);
    apply_rows(d_.subscriptions, c.compensations);
    const ProcessInstanceRecord* inst =
        c.instance_inserted ? &*c.instance_inserted
                            : (c.instance_updated ? &*c.instance_updated : nullptr);
    std::string id;
    if (inst) {
      id = inst->id;
      d_.history[id] = *inst;
    } else {
      // Find the instance from any changed row.
      for (const auto& e : c.executions.inserted) id = e.process_instance_id;
      for (const auto& e : c.executions.updated) id = e.process_instance_id;
      for (const auto& v : c.variable_updates) id = v.process_instance_id;
      for (const auto& t : c.tasks.updated) id = t.process_instance_id;
      for (const auto& j : c.jobs.inserted) id = j.process_instance_id;
      for (const auto& t : c.tasks_history_updated) id = t.task.process_instance_id;
      for (const auto& a : c.activities_inserted) id = a.process_instance_id;
      // Only deletions (a modification cancelling an async-waiting token): the instance
      // holding the deleted execution.
      for (const auto& gone : c.executions.deleted) {
        for (const auto& [iid, s] : d_.running) {
          for (const auto& e : s.executions) if (e.id == gone) id = iid;
        }
      }
    }
    if (c.instance_inserted) d_.running[id].instance = *inst;
    if (c.instance_ended) {
      d_.running.erase(id);
      std::erase_if(d_.subscriptions, [&](const EventSubscriptionRecord& s) { return s.process_instance_id == id; });
    } else if (!id.empty()) {
      auto& s = d_.running[id];
      if (inst) s.instance = *inst;
      apply_rows(s.executions, c.executions);
      apply_rows(s.tasks, c.tasks);
      apply_rows(s.external_tasks, c.external_tasks);
      apply_rows(s.variables, c.variables);
      apply_rows(s.incidents, c.incidents);
      apply_rows(s.jobs, c.jobs);
    }
    for (const auto& a : c.activities_inserted) d_.activities.push_back(a);
    for (const auto& a : c.activities_ended) {
      for (auto& h : d_.activities) {
        if (h.id == a.id) {
          h.end_time = a.end_time;
          h.canceled = a.canceled;
        }
      }
    }
    for (const auto& v : c.variable_updates) d_.variable_updates.push_back(v);
    for (const auto& e : c.events) d_.events.push_back(e);
    return {};
  }

 private:
  MemoryData& d_;
};

class MemoryStore : public RuntimeStore {
 public:
  Status transact(const std::function<Status(RuntimeTransaction&)>& command) override {
    std::lock_guard lock(mu_);
    MemoryData copy = data_;
    MemoryTransaction tx(copy);
    Status st = command(tx);
    if (st) data_ = std::move(copy);
    return st;
  }
  MemoryData& data() { return data_; }

 private:
  std::mutex mu_;
  MemoryData data_;
};

}  // namespace dpc::engine::test
