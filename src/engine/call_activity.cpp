// Call activities: the behaviour (the token waits; a CallRequest in the ChangeSet asks
// CallActivityStore to start the called instance in the same transaction), the
// continuation when the called instance completed (camunda:out, then the token moves on),
// and how a called process is found (CalledProcessLookup, definition sources).
//
// camunda:in: `source` (a variable visible from the call activity), `sourceExpression`
// (evaluated there), `variables="all"` (every visible variable; with local="true" only the
// call activity's local ones), `businessKey` (the called instance's business key).
// camunda:out: `source` / `sourceExpression` / `variables="all"` over the called instance's
// process variables at its end, set from the call activity (as setVariable does).
// BPMN errors and escalations the called instance does not catch reach the caller
// (call_activity_events.cpp).
#include <mutex>

#include "dpc/core/strings.h"
#include "dpc/engine/definition_source.h"
#include "dpc/engine/repository.h"
#include "dpc/engine/runtime_service.h"
#include "element_behavior.h"
#include "instance_run.h"
#include "value_conversion.h"

namespace dpc::engine {

std::string CalledProcessLookup::text() const {
  std::string out = "'";
  out.append(key).append("' (binding ").append(binding);
  if (binding == "version" && version) out.append(" ").append(std::to_string(*version));
  if (binding == "versionTag") out.append(" ").append(version_tag);
  if (binding == "deployment") out.append(" ").append(deployment_id);
  if (!tenant_id.empty()) out.append(", tenant ").append(tenant_id);
  out.append(")");
  return out;
}

Result<std::shared_ptr<const DeployedProcess>> ProcessDefinitionSource::load_called_process(
    const CalledProcessLookup& l) {
  if (l.binding != "latest" && !l.binding.empty()) {
    return Error::invalid("called process " + l.text() + ": this definition source knows only binding latest");
  }
  return latest_process_by_key(l.key);
}

Result<std::shared_ptr<const DeployedProcess>> RepositoryDefinitionSource::load_called_process(
    const CalledProcessLookup& l) {
  ProcessDefinitionQuery q;
  q.key = l.key;
  if (l.tenant_id.empty()) q.without_tenant_id = true;
  else q.tenant_ids = {l.tenant_id};
  if (l.binding == "version") {
    if (!l.version) return Error::invalid("called process " + l.text() + " has binding version but no version");
    q.version = *l.version;
  } else if (l.binding == "versionTag") {
    q.version_tag = l.version_tag;
  } else if (l.binding == "deployment") {
    q.deployment_id = l.deployment_id;
  } else {
    q.latest_version = true;
  }
  q.sorting = {{"version", true}};
  q.page.max_results = 1;
  auto found = repository_.definitions(q);
  if (!found) return found.error();
  if (found->empty()) return Error::not_found("no process definition found for called element " + l.text());
  auto p = process_by_id(found->front().id);
  if (!p) return p.error();
  std::unique_lock lock(mu_);
  called_[l.text()] = {*p, std::chrono::steady_clock::now()};
  return *p;
}

std::shared_ptr<const DeployedProcess> RepositoryDefinitionSource::cached_called_process(
    const CalledProcessLookup& l) {
  std::shared_lock lock(mu_);
  auto it = called_.find(l.text());
  if (it == called_.end()) return nullptr;
  if ((l.binding == "latest" || l.binding.empty()) &&
      std::chrono::steady_clock::now() - it->second.loaded > kLatestTtl) {
    return nullptr;
  }
  return it->second.process;
}

namespace {

// Expressions of camunda:out sourceExpression see the called instance's final variables.
class VariablesContext : public juel::Context {
 public:
  VariablesContext(const VariableMap& variables, Millis now) : variables_(variables), now_(now) {}
  std::optional<juel::Value> variable(std::string_view name) const override {
    auto it = variables_.find(std::string(name));
    if (it == variables_.end()) return std::nullopt;
    return to_juel(it->second);
  }
  std::int64_t now_millis() const override { return now_; }

 private:
  const VariableMap& variables_;
  Millis now_;
};

}  // namespace

Status call_activity(InstanceRun& run, const std::string& execution_id, const bpmn::Element& el) {
  return run.start_call(execution_id, el);
}

void InstanceRun::set_caller(const std::string& instance_id, const std::string& execution_id) {
  instance_.super_process_instance_id = instance_id;
  instance_.super_execution_id = execution_id;
}

Status InstanceRun::start_call(const std::string& execution_id, const bpmn::Element& el) {
  const auto& cfg = *el.call_activity;
  CallRequest call;
  call.super_process_instance_id = instance_.id;
  call.super_execution_id = execution_id;
  auto key = evaluate(cfg.called_element, execution_id);
  if (!key) return key.error();
  call.lookup.key = key->is_null() ? "" : key->to_string();
  if (call.lookup.key.empty()) return Error::invalid("call activity '" + el.id + "' names no process");
  call.lookup.binding = cfg.binding.empty() ? "latest" : cfg.binding;
  call.lookup.tenant_id = cfg.tenant_id.empty() ? instance_.tenant_id : cfg.tenant_id;
  if (call.lookup.binding == "deployment") call.lookup.deployment_id = process_->deployment_id;
  if (call.lookup.binding == "versionTag") call.lookup.version_tag = cfg.version_tag;
  if (call.lookup.binding == "version") {
    auto v = evaluate(cfg.version, execution_id);
    if (!v) return v.error();
    std::optional<long long> n;
    if (v->is_number()) n = static_cast<long long>(v->as_number());
    else if (!v->is_null()) n = parse_int(v->to_string());
    if (!n) return Error::invalid("call activity '" + el.id + "': calledElementVersion is not a number");
    call.lookup.version = static_cast<int>(*n);
  }
  for (const auto& in : cfg.inputs) {
    if (in.business_key) {
      auto bk = evaluate(*in.business_key, execution_id);
      if (!bk) return bk.error();
      call.business_key = bk->is_null() ? "" : bk->to_string();
      continue;
    }
    if (in.all) {
      VariableMap all = in.local ? local_variables(execution_id) : visible_variables(execution_id);
      for (auto& [name, value] : all) call.variables.insert_or_assign(name, value);
      continue;
    }
    std::string target = in.target.empty() ? in.source : in.target;
    if (in.source_expression) {
      auto v = evaluate(*in.source_expression, execution_id);
      if (!v) return v.error();
      call.variables.insert_or_assign(target, from_juel(*v));
    } else if (!in.source.empty()) {
      auto v = get_variable(execution_id, in.source);
      call.variables.insert_or_assign(target, v ? *v : TypedValue::null());
    }
  }
  call_requests_.push_back(std::move(call));
  wait(execution_id);
  return {};
}

Status InstanceRun::called_instance_completed(const std::string& execution_id,
                                              const VariableMap& called_variables) {
  const ExecutionRecord* e = executions_.find(execution_id);
  const bpmn::Element* el = e ? model().find(e->activity_id) : nullptr;
  if (!e || !el || !el->call_activity || e->state != ExecutionRecord::State::kWaiting) {
    return {};  // the call activity was left meanwhile (canceled): nothing to continue
  }
  VariablesContext ctx(called_variables, now());
  for (const auto& out : el->call_activity->outputs) {
    if (out.all) {
      for (const auto& [name, value] : called_variables) {
        if (out.local) set_variable_local(execution_id, name, value);
        else set_variable(execution_id, name, value);
      }
      continue;
    }
    std::string target = out.target.empty() ? out.source : out.target;
    if (target.empty()) continue;
    TypedValue value;
    if (out.source_expression) {
      auto v = out.source_expression->evaluate(ctx);
      if (!v) {
        return Error::invalid("camunda:out of call activity '" + el->id + "': unable to evaluate '" +
                              out.source_expression->source() + "': " + v.error().message);
      }
      value = from_juel(*v);
    } else {
      auto it = called_variables.find(out.source);
      if (it != called_variables.end()) value = it->second;
    }
    if (out.local) set_variable_local(execution_id, target, std::move(value));
    else set_variable(execution_id, target, std::move(value));
  }
  modify_execution(execution_id).state = ExecutionRecord::State::kActive;
  if (auto st = complete_element(execution_id); !st) return st;
  return run();
}

}  // namespace dpc::engine
