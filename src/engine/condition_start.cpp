// POST /condition: Camunda's evaluation of conditional start events. Every latest definition
// (or the one named) whose process-level conditional start event holds for the given
// variables gets a new instance started there, all in one transaction.
#include <spdlog/spdlog.h>

#include "dpc/engine/runtime_service.h"
#include "event_commands.h"

namespace dpc::engine {

Result<std::vector<StartedInstance>> RuntimeService::evaluate_start_conditions(
    const VariableMap& variables, const std::string& business_key,
    const std::string& definition_id, const TargetCheck& may_start) {
  std::vector<std::string> missing;
  std::vector<StartedInstance> started;
  Status st = with_definitions_loaded(definitions_, missing, [&]() -> Status {
    return run_command([&](RuntimeTransaction& tx, CommandState* state) -> Status {
      started.clear();  // of an attempt rolled back
      EventCommand cmd(tx, definitions_, clock_, state);
      std::vector<std::string> ids;
      if (!definition_id.empty()) {
        ids.push_back(definition_id);
      } else {
        auto latest = tx.latest_definition_ids();
        if (!latest) return latest.error();
        ids = std::move(*latest);
      }
      std::vector<InstanceRun*> runs;
      for (const auto& id : ids) {
        auto process = definitions_.cached_process(id);
        if (!process) {
          missing.push_back(id);
          continue;
        }
        if (process->suspended) continue;
        for (bpmn::ElementIndex i : process->model->start_events) {
          const bpmn::Element& el = process->model->elements[i];
          if (el.kind != bpmn::ElementKind::kStartEvent || el.parent != bpmn::kNone ||
              el.event.kind != bpmn::EventKind::kConditional) {
            continue;
          }
          // The condition sees exactly the given variables (a throwaway run, nothing stored).
          InstanceRun probe(process, clock_);
          probe.create(business_key);
          for (const auto& [name, value] : variables) probe.set_variable_local(probe.instance().id, name, value);
          auto holds = probe.evaluate(el.event.condition, probe.instance().id);
          if (!holds) return holds.error();
          if (!holds->is_bool()) {
            return Error::invalid("condition of start event '" + el.id + "' did not give a boolean");
          }
          if (!holds->as_bool()) continue;
          if (may_start) {
            if (auto ok = may_start(process->key, ""); !ok) return ok;
          }
          InstanceRun& run = cmd.create(process, business_key);
          if (auto t = run.start_at(i, variables); !t) {
            if (run.missing_decision()) state->missing_decision = run.missing_decision();
            return t;
          }
          runs.push_back(&run);
          break;  // one instance per definition
        }
      }
      if (!cmd.missing().empty()) {
        missing = cmd.missing();
        return cmd.missing_error();
      }
      if (!missing.empty()) return Error::unavailable("process definitions not loaded yet");
      if (runs.empty()) {
        return Error::invalid("No subscriptions were found during evaluation of the conditional start events.");
      }
      for (InstanceRun* r : runs) started.push_back({r->instance(), r->ended(), {}});
      return cmd.write_all();
    });
  });
  if (!st) return st.error();
  return started;
}

}  // namespace dpc::engine
