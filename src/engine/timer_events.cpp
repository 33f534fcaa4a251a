// Timer events: the due date of a timer definition (ISO 8601 timeDate and timeDuration, with
// `${...}` expressions), the intermediate timer catch event, timer boundary events, and
// firing a timer job.
#include <cctype>
#include <ctime>

#include "dpc/core/time_format.h"
#include "element_behavior.h"
#include "instance_run.h"

namespace dpc::engine {

namespace {

using State = ExecutionRecord::State;

}  // namespace

std::optional<Millis> add_iso_duration(std::string_view text, Millis from) {
  if (text.size() < 2 || (text[0] != 'P' && text[0] != 'p')) return std::nullopt;
  long long years = 0, months = 0, days = 0;
  double seconds = 0;
  bool in_time = false, any = false;
  size_t i = 1;
  while (i < text.size()) {
    char c = text[i];
    if (c == 'T' || c == 't') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == ',')) ++i;
    if (i == start || i >= text.size()) return std::nullopt;
    std::string number(text.substr(start, i - start));
    for (auto& ch : number) if (ch == ',') ch = '.';
    double n = 0;
    try {
      n = std::stod(number);
    } catch (...) {
      return std::nullopt;
    }
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
    any = true;
    bool whole = number.find('.') == std::string::npos;
    if (!in_time) {
      if (!whole) return std::nullopt;
      if (unit == 'Y') years += static_cast<long long>(n);
      else if (unit == 'M') months += static_cast<long long>(n);
      else if (unit == 'W') days += 7 * static_cast<long long>(n);
      else if (unit == 'D') days += static_cast<long long>(n);
      else return std::nullopt;
    } else {
      if (unit == 'H') seconds += n * 3600;
      else if (unit == 'M') seconds += n * 60;
      else if (unit == 'S') seconds += n;
      else return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  Millis t = from;
  if (years || months) {
    std::time_t secs = static_cast<std::time_t>(t >= 0 ? t / 1000 : (t - 999) / 1000);
    Millis rest = t - static_cast<Millis>(secs) * 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    long long total = tm.tm_year * 12LL + tm.tm_mon + years * 12 + months;
    tm.tm_year = static_cast<int>(total / 12);
    tm.tm_mon = static_cast<int>(total % 12);
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = tm.tm_year + 1900;
    int last = kDays[tm.tm_mon] + (tm.tm_mon == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (tm.tm_mday > last) tm.tm_mday = last;
    t = static_cast<Millis>(timegm(&tm)) * 1000 + rest;
  }
  t += days * 86400000LL + static_cast<Millis>(seconds * 1000 + (seconds >= 0 ? 0.5 : -0.5));
  return t;
}

Status InstanceRun::create_timer_job(const std::string& execution_id, const bpmn::Element& ev) {
  if (!ev.event.timer) return Error::invalid("timer event '" + ev.id + "' has no timer definition");
  const bpmn::TimerDefinition& def = *ev.event.timer;
  using Type = bpmn::TimerDefinition::Type;
  std::string text;
  std::optional<Millis> due;
  if (def.value.is_literal()) {
    text = def.value.source();
  } else {
    auto v = evaluate(def.value, execution_id);
    if (!v) return v.error();
    if (def.type == Type::kDate && v->is_date_time()) due = v->as_date_time().millis;
    else if (def.type == Type::kDate && v->is_date()) due = v->as_date().millis;
    else if (!v->is_null()) text = v->to_string();
  }
  std::string cycle_next;  // the cycle of the timer after this one (timer_cycle.cpp)
  if (!due && def.type == Type::kCycle) {
    auto step = cycle_step(text, now());
    if (!step) return Error::invalid("timer event '" + ev.id + "': " + step.error().message);
    due = step->due;
    // Only a non-interrupting boundary timer (or event subprocess start) fires more than once.
    if ((ev.kind == bpmn::ElementKind::kBoundaryEvent ||
         (ev.kind == bpmn::ElementKind::kStartEvent && ev.parent != bpmn::kNone)) &&
        !ev.cancel_activity) {
      cycle_next = step->next;
    }
  }
  if (!due) {
    std::string trimmed;
    for (char c : text) if (!std::isspace(static_cast<unsigned char>(c))) trimmed += c;
    due = def.type == Type::kDate ? parse_date_time(trimmed) : add_iso_duration(trimmed, now());
  }
  if (!due) {
    return Error::invalid("timer event '" + ev.id + "': '" + text + "' is not an ISO 8601 " +
                          (def.type == Type::kDate ? "date-time" : "duration"));
  }
  JobRecord j;
  j.id = new_id();
  j.type = "timer";
  j.process_instance_id = instance_.id;
  j.execution_id = execution_id;
  j.activity_id = ev.id;
  j.process_definition_id = process_->id;
  j.process_definition_key = process_->key;
  j.tenant_id = instance_.tenant_id;
  j.due = *due;
  j.created = now();
  j.handler_config = cycle_next;
  if (auto st = apply_job_settings(j, ev, execution_id); !st) return st;
  jobs_.insert(std::move(j));
  return {};
}

Status InstanceRun::schedule_boundary_timers(const std::string& execution_id,
                                             const bpmn::Element& activity) {
  for (bpmn::ElementIndex b : activity.boundary_events) {
    const bpmn::Element& ev = element(b);
    if (ev.event.kind != bpmn::EventKind::kTimer) continue;
    if (auto st = create_timer_job(execution_id, ev); !st) return st;
  }
  return evaluate_conditions_of(execution_id);  // conditional boundary events (conditional_events.cpp)
}

void InstanceRun::delete_jobs_of(const std::string& execution_id) {
  std::vector<std::string> ids;
  for (const JobRecord* j : jobs_.select([&](const JobRecord& j) { return j.execution_id == execution_id; })) {
    ids.push_back(j->id);
  }
  for (const auto& id : ids) jobs_.erase(id);
}

Status InstanceRun::fire_job(const std::string& job_id) {
  const JobRecord* found = jobs_.find(job_id);
  if (!found) return Error::not_found("Job with id " + job_id + " does not exist");
  JobRecord job = *found;
  jobs_.erase(job_id);
  if (job.type == "message") return fire_async_job(job);  // async_continuation.cpp
  if (is_task_timeout_job(job)) return fire_task_timeout(job);  // task_timeout.cpp
  const bpmn::Element* ev = model().find(job.activity_id);
  const ExecutionRecord* e = executions_.find(job.execution_id);
  if (!ev || !e) return {};  // the token moved on; the job was stale
  std::string execution_id = e->id;
  if (ev->kind == bpmn::ElementKind::kIntermediateCatchEvent) {
    if (waits_at_event_gateway_for(*e, *ev)) {
      if (auto st = pass_event_gateway(execution_id, *ev); !st) return st;  // event_gateway.cpp
    } else if (e->activity_id != ev->id) {
      return {};
    }
    modify_execution(execution_id).state = State::kActive;
    if (auto st = complete_element(execution_id); !st) return st;
    return run();
  }
  if (ev->kind == bpmn::ElementKind::kStartEvent && ev->parent != bpmn::kNone) {
    return fire_event_subprocess_timer(job, *ev);  // event_subprocess.cpp
  }
  if (ev->kind != bpmn::ElementKind::kBoundaryEvent || ev->attached_to == bpmn::kNone) {
    return Error::invalid("job " + job_id + " names element '" + ev->id + "', which is no timer event");
  }
  if (e->activity_id != element(ev->attached_to).id) return {};
  if (!ev->cancel_activity) {
    // Non-interrupting: the host stays; a new token starts at the boundary event, and a
    // timeCycle schedules its next firing.
    if (!job.handler_config.empty()) {
      auto step = cycle_step(job.handler_config, job.due);
      if (!step) return step.error();
      schedule_next_cycle(job, step->next, step->due);
    }
    ExecutionRecord token;
    token.id = new_id();
    token.process_instance_id = instance_.id;
    token.parent_id = e->parent_id;
    token.state = State::kActive;
    executions_.insert(token);
    agenda_.push_back({token.id, ev->index, ""});
    return run();
  }
  // Interrupting: the host activity (its task, external task, inner tokens) is cancelled and
  // its token continues from the boundary event.
  interrupt_host(execution_id, ev->index);
  return run();
}

void InstanceRun::schedule_next_cycle(const JobRecord& job, const std::string& next_cycle,
                                      Millis next_due) {
  JobRecord next = job;
  next.id = new_id();
  next.due = next_due;
  next.created = now();
  next.handler_config = next_cycle;
  next.retries = initial_retries(next.retry_cycle);
  next.lock_owner.clear();
  next.lock_expiration.reset();
  next.exception_message.clear();
  next.exception_stacktrace.clear();
  next.failed_activity_id.clear();
  jobs_.insert(std::move(next));
}

Status intermediate_catch_event(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  if (el.event.kind != bpmn::EventKind::kTimer) {
    return Error::invalid("intermediate catch event '" + el.id + "' with a " +
                          std::string(bpmn::to_string(el.event.kind)) +
                          " definition cannot be executed by this version of dpc yet");
  }
  if (auto st = run.create_timer_job(id, el); !st) return st;
  run.wait(id);
  return {};
}

}  // namespace dpc::engine
