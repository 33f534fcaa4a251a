// Async continuations (camunda:asyncBefore / asyncAfter / async): the token stops before an
// element, or after it has ended, and a job of type "message" continues it in a new command
// (its own transaction). Also the settings every new job takes from its element.
//
// asyncBefore: the token rests at the element without starting it (no activity instance
// yet, as Camunda's transition instance); the job activates the element.
// asyncAfter: the element ends (history, boundary timers), the outgoing flows are chosen as
// usual, and one job per chosen flow takes it (a token per flow, as Camunda does for a fork).
#include "dpc/core/strings.h"
#include "instance_run.h"
#include "scripts.h"

namespace dpc::engine {

using State = ExecutionRecord::State;

namespace {

constexpr const char* kBefore = "async-before";
constexpr const char* kAfterPrefix = "async-after:";

}  // namespace

Status InstanceRun::apply_job_settings(JobRecord& job, const bpmn::Element& el,
                                       const std::string& execution_id) {
  job.exclusive = el.async.exclusive;
  job.retry_cycle = el.async.failed_job_retry_time_cycle;
  if (!job.retry_cycle.empty() && job.retry_cycle.find("${") != std::string::npos) {
    auto expr = juel::Expression::compile(job.retry_cycle);
    if (expr) {
      auto v = evaluate(*expr, execution_id);
      if (!v) return v.error();
      job.retry_cycle = v->is_null() ? "" : v->to_string();
    }
  }
  job.retries = initial_retries(job.retry_cycle);
  const std::optional<juel::Expression>* priority = &el.async.job_priority;
  if (!*priority) priority = &model().job_priority;
  if (*priority) {
    auto v = evaluate(**priority, execution_id);
    if (!v) return v.error();
    std::optional<long long> n;
    if (v->is_number()) n = static_cast<long long>(v->as_number());
    else if (!v->is_null()) n = parse_int(v->to_string());
    if (!n) return Error::invalid("job priority of '" + el.id + "' is not a number");
    job.priority = *n;
  }
  return {};
}

namespace {

JobRecord message_job(const ProcessInstanceRecord& instance, const DeployedProcess& process,
                      const std::string& execution_id, const bpmn::Element& el, Millis now) {
  JobRecord j;
  j.type = "message";
  j.process_instance_id = instance.id;
  j.execution_id = execution_id;
  j.activity_id = el.id;
  j.process_definition_id = process.id;
  j.process_definition_key = process.key;
  j.tenant_id = instance.tenant_id;
  j.due = now;
  j.created = now;
  return j;
}

}  // namespace

Status InstanceRun::wait_async_before(const Step& step, const bpmn::Element& el) {
  ExecutionRecord& e = modify_execution(step.execution_id);
  e.activity_id = el.id;
  e.activity_instance_id.clear();  // the activity has not started yet
  e.incoming_flow_id = step.flow_id;
  e.state = State::kWaiting;
  JobRecord j = message_job(instance_, *process_, step.execution_id, el, now());
  j.id = new_id();
  j.handler_config = kBefore;
  if (auto st = apply_job_settings(j, el, step.execution_id); !st) return st;
  jobs_.insert(std::move(j));
  return {};
}

bool InstanceRun::leave_async_after(const std::string& execution_id,
                                    const std::vector<bpmn::FlowIndex>& flows) {
  const ExecutionRecord& e = execution(execution_id);
  const bpmn::Element* el = model().find(e.activity_id);
  if (!el || !el->async.after || e.activity_instance_id.empty()) return false;
  end_activity(e, false);
  const std::string parent = e.parent_id;
  std::vector<std::string> flow_ids;
  for (bpmn::FlowIndex f : flows) flow_ids.push_back(model().flows[f].id);
  if (flow_ids.empty()) flow_ids.emplace_back();  // the job ends the token
  for (size_t i = 0; i < flow_ids.size(); ++i) {
    std::string id = execution_id;
    if (i > 0) {
      id = add_execution(parent).id;
    }
    ExecutionRecord& t = modify_execution(id);
    t.activity_id = el->id;
    t.activity_instance_id.clear();  // ended; the job only takes the flow
    t.state = State::kWaiting;
    JobRecord j = message_job(instance_, *process_, id, *el, now());
    j.id = new_id();
    j.handler_config = kAfterPrefix + flow_ids[i];
    if (auto st = apply_job_settings(j, *el, id); !st) {
      pending_error_ = st.error();
      return true;
    }
    jobs_.insert(std::move(j));
  }
  return true;
}

Status InstanceRun::fire_async_job(const JobRecord& job) {
  const ExecutionRecord* e = executions_.find(job.execution_id);
  const bpmn::Element* el = model().find(job.activity_id);
  if (!e || !el || e->activity_id != el->id || e->state != State::kWaiting) return {};  // stale
  std::string id = e->id;
  if (job.handler_config == kBefore) {
    ExecutionRecord& t = modify_execution(id);
    t.state = State::kActive;
    agenda_.push_back({id, el->index, t.incoming_flow_id, true});
    return run();
  }
  if (!job.handler_config.starts_with(kAfterPrefix)) {
    return Error::invalid("job " + job.id + " has an unknown handler '" + job.handler_config + "'");
  }
  std::string flow_id = job.handler_config.substr(std::string(kAfterPrefix).size());
  modify_execution(id).state = State::kActive;
  if (flow_id.empty()) {
    end_token(id);
    return run();
  }
  for (const bpmn::SequenceFlow& f : model().flows) {
    if (f.id == flow_id) {
      if (!f.listeners.empty()) {  // the flow is taken now: its `take` listeners (listeners.cpp)
        if (auto st = fire_execution_listeners(*this, id, f.listeners, "take", "sequence flow '" + f.id + "'"); !st) {
          return st;
        }
      }
      emit_flow_taken(f);
      agenda_.push_back({id, f.target, f.id});
      return run();
    }
  }
  return Error::invalid("job " + job.id + ": sequence flow '" + flow_id + "' is not in the process");
}

}  // namespace dpc::engine
