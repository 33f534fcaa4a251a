// Business rule tasks: camunda:decisionRef (+ decisionRefBinding latest | deployment |
// version | versionTag, decisionRefVersion, decisionRefVersionTag, decisionRefTenantId)
// evaluated over the variables visible from the task; camunda:resultVariable receives the
// result as camunda:mapDecisionResult maps it (resultList by default).
#include "dpc/engine/decision_evaluation.h"
#include "dpc/engine/decision_history.h"
#include "dpc/core/strings.h"
#include "element_behavior.h"

namespace dpc::engine {

Result<std::shared_ptr<const DeployedDecision>> InstanceRun::decision(const DecisionLookup& lookup) {
  if (!decisions_) {
    return Error::invalid("business rule task: no decisions are available to this command");
  }
  if (auto d = decisions_->cached_decision(lookup)) return d;
  missing_decision_ = lookup;
  return Error::unavailable("decision " + lookup.key + " is not loaded yet");
}

namespace {

Result<std::string> text_of(InstanceRun& run, const juel::Expression& e, const std::string& id) {
  if (e.source().empty()) return std::string();
  auto v = run.evaluate(e, id);
  if (!v) return v.error();
  return v->is_null() ? std::string() : v->to_string();
}

Status evaluate_into(InstanceRun& run, const std::string& id, const bpmn::ServiceConfig& s,
                     const DecisionLookup& lookup) {
  auto decision = run.decision(lookup);
  if (!decision) return decision.error();
  VariableMap variables = run.visible_variables(id);
  auto result = evaluate_decision(**decision, variables);
  if (!result) return result.error();
  HistoricDecisionInstanceRecord h = trace_decision(**decision, variables, *result, run.now());
  const ExecutionRecord& e = run.execution(id);
  h.process_definition_id = run.process().id;
  h.process_definition_key = run.process().key;
  h.process_instance_id = run.instance().id;
  h.activity_id = e.activity_id;
  h.activity_instance_id = e.activity_instance_id;
  run.record_decision(std::move(h));
  if (!s.result_variable.empty()) {
    auto mapped = map_decision_result(*result, s.map_decision_result);
    if (!mapped) return mapped.error();
    run.set_variable(id, s.result_variable, std::move(*mapped));
  }
  return run.complete_element(id);
}

}  // namespace

std::optional<DecisionLookup> literal_decision_lookup(const bpmn::ServiceConfig& s,
                                                      const DeployedProcess& process,
                                                      const std::string& instance_tenant) {
  if (!s.decision_ref.is_literal() || s.decision_ref.source().empty()) return std::nullopt;
  DecisionLookup lookup;
  lookup.key = s.decision_ref.source();
  lookup.binding = s.decision_ref_binding.empty() ? "latest" : s.decision_ref_binding;
  if (lookup.binding == "version") {
    if (!s.decision_ref_version.is_literal()) return std::nullopt;
    auto n = parse_int(s.decision_ref_version.source());
    if (!n) return std::nullopt;
    lookup.version = static_cast<int>(*n);
  }
  lookup.version_tag = s.decision_ref_version_tag;
  lookup.deployment_id = process.deployment_id;
  lookup.tenant_id = s.decision_ref_tenant_id.empty() ? instance_tenant : s.decision_ref_tenant_id;
  return lookup;
}

Status business_rule_task(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  const auto& s = *el.service;
  if (auto literal = literal_decision_lookup(s, run.process(), run.instance().tenant_id)) {
    return evaluate_into(run, id, s, *literal);
  }
  DecisionLookup lookup;
  auto key = text_of(run, s.decision_ref, id);
  if (!key) return key.error();
  lookup.key = *key;
  lookup.binding = s.decision_ref_binding.empty() ? "latest" : s.decision_ref_binding;
  if (lookup.binding == "version") {
    auto v = text_of(run, s.decision_ref_version, id);
    if (!v) return v.error();
    auto n = parse_int(*v);
    if (!n) {
      return Error::invalid("business rule task '" + el.id + "': decisionRefVersion '" + *v +
                            "' is not a number");
    }
    lookup.version = static_cast<int>(*n);
  }
  lookup.version_tag = s.decision_ref_version_tag;
  lookup.deployment_id = run.process().deployment_id;
  lookup.tenant_id = s.decision_ref_tenant_id.empty() ? run.instance().tenant_id
                                                       : s.decision_ref_tenant_id;
  return evaluate_into(run, id, s, lookup);
}

}  // namespace dpc::engine
