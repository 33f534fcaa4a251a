// POST /signal and signals thrown by instances: every signal catch and boundary event
// subscribed to the name is triggered, and the latest definitions with a signal start event
// of that name start, in one transaction. A signal thrown inside an instance reached its own
// subscriptions in the throwing command (event_triggers.cpp); the other instances get it
// here, after that command committed (so a throwing instance never waits for other
// instances' locks while holding its own).
#include <map>

#include <spdlog/spdlog.h>

#include "dpc/engine/runtime_service.h"
#include "event_commands.h"

namespace dpc::engine {

namespace {
// Signals that start instances that throw signals...: a cycle must end somewhere.
constexpr int kMaxSignalDepth = 8;
}  // namespace

Status RuntimeService::broadcast_signal(const std::string& name, const VariableMap& variables,
                                        const TargetCheck& may_reach) {
  if (name.empty()) return Error::invalid("No signal name given");
  return broadcast({name, "", variables}, 0, may_reach);
}

Status RuntimeService::broadcast(const ThrownSignal& signal, int depth, const TargetCheck& may_reach) {
  std::vector<std::string> missing;
  return with_definitions_loaded(definitions_, missing, [&] {
    // The signals this command throws are broadcast one level deeper (run_command).
    return run_command([&](RuntimeTransaction& tx, CommandState* state) -> Status {
      EventCommand cmd(tx, definitions_, clock_, state);
      SubscriptionQuery q;
      q.kind = "signal";
      q.event_name = signal.name;
      auto subs = tx.find_subscriptions(q);
      if (!subs) return subs.error();
      auto starts = cmd.start_targets(bpmn::EventKind::kSignal, signal.name);
      if (!starts) return starts.error();
      std::map<std::string, std::vector<const EventSubscriptionRecord*>> by_instance;
      for (const auto& sub : *subs) {
        if (sub.process_instance_id == signal.from_instance_id) continue;
        by_instance[sub.process_instance_id].push_back(&sub);
      }
      for (const auto& [instance_id, list] : by_instance) {
        auto run = cmd.lock(instance_id);
        if (!run) return run.error();
        if (!*run || (*run)->ended() || (*run)->instance().suspended) continue;
        InstanceRun& r = **run;
        for (const EventSubscriptionRecord* sub : list) {
          const ExecutionRecord* e = r.executions().find(sub->execution_id);
          if (!e) continue;
          bool still = false;
          for (const auto& now : r.subscriptions_of(*e)) {
            still = still || (now.kind == "signal" && now.event_name == signal.name &&
                              now.activity_id == sub->activity_id);
          }
          if (!still) continue;
          if (may_reach) {
            if (auto ok = may_reach(r.instance().definition_key, r.instance().id); !ok) return ok;
          }
          Status t = r.trigger_event(sub->execution_id, sub->activity_id, signal.variables);
          if (!t && t.error().kind == ErrorKind::kNotFound) continue;
          if (!t) {
            if (r.missing_decision()) state->missing_decision = r.missing_decision();
            return t;
          }
        }
      }
      if (!cmd.missing().empty()) {
        missing = cmd.missing();
        return cmd.missing_error();
      }
      for (const auto& target : *starts) {
        if (may_reach) {
          if (auto ok = may_reach(target.process->key, ""); !ok) return ok;
        }
        InstanceRun& run = cmd.create(target.process, "");
        if (auto t = run.start_at(target.start_event, signal.variables); !t) {
          if (run.missing_decision()) state->missing_decision = run.missing_decision();
          return t;
        }
      }
      return cmd.write_all();
    }, depth);
  });
}

void RuntimeService::broadcast_thrown(const std::vector<ThrownSignal>& signals, int depth) {
  if (signals.empty()) return;
  if (depth + 1 >= kMaxSignalDepth) {
    spdlog::warn("signal '{}': signals thrown {} levels deep are not broadcast further",
                 signals.front().name, depth + 1);
    return;
  }
  // The throwing command has committed; a failure here cannot undo it, so it is logged.
  for (const auto& t : signals) {
    if (auto s = broadcast(t, depth + 1); !s) {
      spdlog::error("broadcasting signal '{}' thrown by instance {}: {}", t.name,
                    t.from_instance_id, s.error().message);
    }
  }
}

}  // namespace dpc::engine
