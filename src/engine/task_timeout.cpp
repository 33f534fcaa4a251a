// Timeout task listeners (camunda:taskListener event="timeout" with a timerEventDefinition):
// when a user task is created, each one gets a timer job on the task's token; when the job
// fires while the task is still open, that listener runs. The job ends with the activity
// (delete_jobs_of), so a completed task's timeouts never fire. timeDuration and timeDate;
// a timeCycle is accepted with a deploy warning and never fires (script_check.cpp).
#include <cctype>

#include "dpc/core/time_format.h"
#include "instance_run.h"
#include "scripts.h"

namespace dpc::engine {

namespace {
constexpr std::string_view kTimeoutHandler = "task-timeout:";
}

bool task_timeout_supported(const bpmn::Listener& l) {
  return l.timeout_timer.starts_with("duration:") || l.timeout_timer.starts_with("date:");
}

Status InstanceRun::schedule_task_timeouts(const std::string& task_id) {
  const TaskRecord* t = tasks_.find(task_id);
  const bpmn::Element* el = t ? model().find(t->task_definition_key) : nullptr;
  if (!el || !el->user_task) return {};
  for (const bpmn::Listener& l : el->user_task->task_listeners) {
    if (l.event != "timeout" || !task_timeout_supported(l)) continue;
    const bool duration = l.timeout_timer.starts_with("duration:");
    std::string text = l.timeout_timer.substr(l.timeout_timer.find(':') + 1);
    auto expr = juel::Expression::compile(text);
    if (!expr) return Error::invalid("timeout listener '" + l.id + "' of '" + el->id + "': " + expr.error().message);
    auto v = evaluate(*expr, t->execution_id);
    if (!v) return v.error();
    std::optional<Millis> due;
    if (v->is_date_time()) due = v->as_date_time().millis;
    else if (v->is_date()) due = v->as_date().millis;
    else {
      std::string trimmed;
      for (char c : v->to_string()) if (!std::isspace(static_cast<unsigned char>(c))) trimmed += c;
      due = duration ? add_iso_duration(trimmed, now()) : parse_date_time(trimmed);
    }
    if (!due) {
      return Error::invalid("timeout listener '" + l.id + "' of '" + el->id + "': '" + v->to_string() +
                            "' is not an ISO 8601 " + (duration ? "duration" : "date-time"));
    }
    JobRecord j;
    j.id = new_id();
    j.type = "timer";
    j.process_instance_id = instance_.id;
    j.execution_id = t->execution_id;
    j.activity_id = el->id;
    j.process_definition_id = process_->id;
    j.process_definition_key = process_->key;
    j.tenant_id = instance_.tenant_id;
    j.due = *due;
    j.created = now();
    j.handler_config = std::string(kTimeoutHandler) + l.id;
    if (auto st = apply_job_settings(j, *el, t->execution_id); !st) return st;
    jobs_.insert(std::move(j));
  }
  return {};
}

bool InstanceRun::is_task_timeout_job(const JobRecord& job) {
  return job.handler_config.starts_with(kTimeoutHandler);
}

Status InstanceRun::fire_task_timeout(const JobRecord& job) {
  const std::string listener_id = job.handler_config.substr(kTimeoutHandler.size());
  auto open = tasks_.select([&](const TaskRecord& t) {
    return t.execution_id == job.execution_id && t.task_definition_key == job.activity_id;
  });
  if (open.empty()) return {};  // the task is gone; the job was stale
  if (auto st = fire_task_listeners(*this, open.front()->id, "timeout", listener_id); !st) return st;
  return run();
}

}  // namespace dpc::engine
