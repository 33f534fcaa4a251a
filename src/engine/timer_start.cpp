// Timer start events: their jobs at deployment and the job after a cycle's firing. See
// timer_start.h.
#include "timer_start.h"

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"

namespace dpc::engine {

Result<std::vector<JobRecord>> start_timer_jobs(const bpmn::ProcessDefinition& model,
                                                const ProcessDefinitionRecord& def, Millis now) {
  std::vector<JobRecord> out;
  using Type = bpmn::TimerDefinition::Type;
  for (const bpmn::Element& el : model.elements) {
    if (el.kind != bpmn::ElementKind::kStartEvent || el.parent != bpmn::kNone ||
        el.event.kind != bpmn::EventKind::kTimer || !el.event.timer) {
      continue;
    }
    const bpmn::TimerDefinition& t = *el.event.timer;
    std::string text(trim(t.value.source()));
    JobRecord j;
    j.id = new_uuid();
    j.type = "timer";
    j.activity_id = el.id;
    j.process_definition_id = def.id;
    j.process_definition_key = def.key;
    j.tenant_id = def.tenant_id;
    j.created = now;
    std::optional<Millis> due;
    if (t.type == Type::kCycle) {
      auto step = cycle_step(text, now);
      if (!step) return Error::invalid("timer start event '" + el.id + "': " + step.error().message);
      due = step->due;
      j.handler_config = step->next;
    } else if (t.type == Type::kDate) {
      due = parse_date_time(text);
    } else {
      due = add_iso_duration(text, now);
    }
    if (!due) return Error::invalid("timer start event '" + el.id + "': '" + text + "' is not valid");
    j.due = *due;
    j.exclusive = el.async.exclusive;
    j.retry_cycle = el.async.failed_job_retry_time_cycle;
    j.retries = initial_retries(j.retry_cycle);
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::optional<JobRecord>> next_start_timer(const JobRecord& fired, Millis now) {
  if (fired.handler_config.empty()) return std::optional<JobRecord>{};
  auto step = cycle_step(fired.handler_config, fired.due);
  if (!step) return step.error();
  JobRecord next = fired;
  next.id = new_uuid();
  next.due = step->due;
  next.created = now;
  next.handler_config = step->next;
  next.retries = initial_retries(next.retry_cycle);
  next.lock_owner.clear();
  next.lock_expiration.reset();
  next.exception_message.clear();
  next.exception_stacktrace.clear();
  next.failed_activity_id.clear();
  return std::optional<JobRecord>{std::move(next)};
}

}  // namespace dpc::engine
