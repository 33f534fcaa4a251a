// POST /message: message correlation across instances and message start events.
#include <algorithm>
#include <map>

#include "dpc/engine/runtime_service.h"
#include "event_commands.h"
#include "operation_log.h"

namespace dpc::engine {

namespace {

// Correlation keys compare values, not storage types: 1 as Integer equals 1 as Long.
bool same_value(const TypedValue& a, const TypedValue& b) {
  auto integral = [](ValueType t) {
    return t == ValueType::kShort || t == ValueType::kInteger || t == ValueType::kLong;
  };
  if (integral(a.type) && integral(b.type)) return a.integer == b.integer;
  if (a.type != b.type) return false;
  switch (a.type) {
    case ValueType::kNull: return true;
    case ValueType::kBoolean: return a.boolean == b.boolean;
    case ValueType::kDouble: return a.number == b.number;
    case ValueType::kDate: return a.integer == b.integer;
    default: return a.text == b.text;
  }
}

Error mismatch(const std::string& name, const std::string& why) {
  return Error::invalid("Cannot correlate message '" + name + "': " + why,
                        "MismatchingMessageCorrelationException");
}

}  // namespace

Result<std::vector<RuntimeService::CorrelationResult>> RuntimeService::correlate(
    const MessageCorrelation& m) {
  std::vector<CorrelationResult> results;
  std::vector<std::string> missing;
  // Camunda's CorrelateMessage entry (its instance: the first one the correlation locks).
  DefaultUserOperation logged(operation("CorrelateMessage", "ProcessInstance", kCategoryOperator,
                                        {{"messageName", std::nullopt, m.message_name}}));
  Status st = with_definitions_loaded(definitions_, missing, [&] {
    return run_command([&](RuntimeTransaction& tx, CommandState* state) -> Status {
      results.clear();
      EventCommand cmd(tx, definitions_, clock_, state);
      SubscriptionQuery q;
      q.kind = "message";
      q.event_name = m.message_name;
      q.process_instance_id = m.process_instance_id;
      q.business_key = m.business_key;
      q.correlation_keys = m.correlation_keys;
      auto subs = tx.find_subscriptions(q);
      if (!subs) return subs.error();
      std::vector<EventCommand::StartTarget> starts;
      if (m.process_instance_id.empty()) {
        auto found = cmd.start_targets(bpmn::EventKind::kMessage, m.message_name);
        if (!found) return found.error();
        starts = std::move(*found);
      }
      // Lock the candidate instances (ascending ids) and check each subscription again
      // from the locked state: a concurrent command may have consumed it.
      std::map<std::string, std::vector<const EventSubscriptionRecord*>> by_instance;
      for (const auto& s : *subs) by_instance[s.process_instance_id].push_back(&s);
      struct Match {
        InstanceRun* run;
        std::string execution_id, event_id;
      };
      std::vector<Match> matches;
      for (const auto& [instance_id, list] : by_instance) {
        auto run = cmd.lock(instance_id);
        if (!run) return run.error();
        if (!*run || (*run)->ended() || (*run)->instance().suspended) continue;
        InstanceRun& r = **run;
        bool keys_match = std::all_of(m.correlation_keys.begin(), m.correlation_keys.end(),
                                      [&](const auto& kv) {
                                        auto v = r.get_variable(r.instance().id, kv.first);
                                        return v && same_value(*v, kv.second);
                                      });
        if (!keys_match) continue;
        for (const EventSubscriptionRecord* s : list) {
          const ExecutionRecord* e = r.executions().find(s->execution_id);
          if (!e) continue;
          for (const auto& now : r.subscriptions_of(*e)) {
            if (now.kind == "message" && now.event_name == m.message_name &&
                now.activity_id == s->activity_id) {
              matches.push_back({&r, s->execution_id, s->activity_id});
              break;
            }
          }
        }
      }
      if (!cmd.missing().empty()) {
        missing = cmd.missing();
        return cmd.missing_error();
      }
      size_t total = matches.size() + starts.size();
      if (total == 0) {
        return mismatch(m.message_name, "No process definition or execution matches the parameters");
      }
      if (total > 1 && !m.all) {
        return mismatch(m.message_name, std::to_string(total) +
                                            " executions or process definitions match the correlation keys");
      }
      if (m.may_reach) {
        for (const Match& x : matches) {
          if (auto ok = m.may_reach(x.run->instance().definition_key, x.run->instance().id); !ok) return ok;
        }
        for (const auto& target : starts) {
          if (auto ok = m.may_reach(target.process->key, ""); !ok) return ok;
        }
      }
      for (const Match& x : matches) {
        Status s = x.run->trigger_event(x.execution_id, x.event_id, m.variables);
        if (!s && s.error().kind == ErrorKind::kNotFound) continue;  // consumed by an earlier match
        if (!s) {
          if (x.run->missing_decision()) state->missing_decision = x.run->missing_decision();
          return s;
        }
        CorrelationResult r;
        r.execution_id = x.execution_id;
        r.instance = x.run->instance();
        r.ended = x.run->ended();
        if (m.variables_in_result) r.variables = x.run->result_variables();
        results.push_back(std::move(r));
      }
      for (const auto& target : starts) {
        InstanceRun& run = cmd.create(target.process, m.business_key);
        if (auto s = run.start_at(target.start_event, m.variables); !s) {
          if (run.missing_decision()) state->missing_decision = run.missing_decision();
          return s;
        }
        CorrelationResult r;
        r.started = true;
        r.instance = run.instance();
        r.ended = run.ended();
        if (m.variables_in_result) r.variables = run.result_variables();
        results.push_back(std::move(r));
      }
      return cmd.write_all();
    });
  });
  if (!st) return st.error();
  return results;
}

}  // namespace dpc::engine
