// The rules for jobs and external tasks changed from outside their element; see work_rules.h.
#include "work_rules.h"

#include "dpc/core/strings.h"
#include "dpc/core/user_operation.h"
#include "dpc/engine/job_executor.h"

namespace dpc::engine {

namespace {

Error task_not_found(const std::string& id) {
  return Error::not_found("External task with id " + id + " does not exist");
}
Error job_not_found(const std::string& id) {
  return Error::not_found("Job with id " + id + " does not exist");
}

// The ids a SetJobRetries / SetExternalTaskRetries entry of the user operation log names,
// with the retries before the change as its original value.
void note_retries_operation(OperationContext c, std::optional<int> retries_before) {
  note_user_operation_context(c);
  note_user_operation_org_value("retries", retries_before ? std::optional<std::string>(std::to_string(*retries_before))
                                                          : std::nullopt);
}

}  // namespace

bool lock_held_by(const ExternalTaskRecord& task, const std::string& worker, Millis now) {
  return task.lock_expiration && *task.lock_expiration > now && task.worker_id == worker;
}

WorkRules::WorkRules(Rows rows, Millis now, Emit emit)
    : rows_(rows), now_(now), emit_(std::move(emit)) {}

Status WorkRules::fail_external_task(const std::string& id, const ExternalTaskFailure& f) {
  const ExternalTaskRecord* found = rows_.external_tasks.find(id);
  if (!found) return task_not_found(id);
  if (!lock_held_by(*found, f.worker_id, now_)) {
    return Error::invalid("Failure of External Task " + id + " cannot be reported by worker '" +
                              f.worker_id + "'. It is locked by worker '" + found->worker_id + "'.",
                          "BadUserRequestException");
  }
  ExternalTaskRecord* t = rows_.external_tasks.modify(id);
  t->retries = f.retries;
  t->error_message = f.message;
  t->error_details = f.details;
  // The lock is kept until the retry timeout passes, so no worker picks it up earlier.
  t->lock_expiration.reset();
  if (f.retries > 0 && f.retry_timeout > 0) t->lock_expiration = now_ + f.retry_timeout;
  emit_(t->activity_id, "failure");
  if (f.retries == 0) {
    raise_incident("failedExternalTask", t->id, t->process_instance_id, t->execution_id,
                   t->activity_id, t->process_definition_id, f.message);
  }
  return {};
}

Status WorkRules::extend_lock(const std::string& id, const std::string& worker_id, Millis duration) {
  const ExternalTaskRecord* found = rows_.external_tasks.find(id);
  if (!found) return task_not_found(id);
  if (!lock_held_by(*found, worker_id, now_)) {
    return Error::invalid("Cannot extend a lock that was not acquired by the worker '" + worker_id + "'",
                          "BadUserRequestException");
  }
  ExternalTaskRecord* t = rows_.external_tasks.modify(id);
  t->lock_expiration = now_ + duration;
  emit_(t->activity_id, "lockExtended");
  return {};
}

Status WorkRules::unlock(const std::string& id) {
  ExternalTaskRecord* t = rows_.external_tasks.modify(id);
  if (!t) return task_not_found(id);
  t->lock_expiration.reset();
  t->worker_id.clear();
  emit_(t->activity_id, "unlock");
  return {};
}

template <class Row>
void WorkRules::set_retries_of(Row& r, int retries, OperationContext c, const char* incident,
                               const std::string& last_error) {
  c.process_instance_id = r.process_instance_id;
  c.execution_id = r.execution_id;
  c.process_definition_id = r.process_definition_id;
  c.process_definition_key = r.process_definition_key;
  note_retries_operation(c, r.retries);
  r.retries = retries;
  emit_(r.activity_id, "retries");
  if (retries == 0) {
    raise_incident(incident, r.id, r.process_instance_id, r.execution_id, r.activity_id,
                   r.process_definition_id, last_error);
  } else {
    resolve_incidents(r.id);
  }
}

Status WorkRules::set_external_task_retries(const std::string& id, int retries) {
  ExternalTaskRecord* t = rows_.external_tasks.modify(id);
  if (!t) return task_not_found(id);
  OperationContext c;
  c.external_task_id = t->id;
  set_retries_of(*t, retries, c, "failedExternalTask", t->error_message);
  return {};
}

Status WorkRules::fail_job(const std::string& id, const JobFailure& f, Millis default_wait) {
  const JobRecord* found = rows_.jobs.find(id);
  if (!found) return job_not_found(id);
  if (!f.owner.empty() && found->lock_owner != f.owner) return {};  // taken over meanwhile
  JobRecord* j = rows_.jobs.modify(id);
  RetryStep step = next_retry(j->retry_cycle, j->retries, now_, default_wait);
  // Out of retries: it runs as soon as someone gives it retries again.
  if (step.retries == 0) step.due = now_;
  j->retries = step.retries;
  j->exception_message = f.error.message;
  j->exception_stacktrace = job_failure_details(f.error, j->id, j->process_instance_id);
  j->failed_activity_id = j->activity_id;
  j->lock_owner.clear();
  j->lock_expiration.reset();
  j->due = step.due;
  emit_(j->activity_id, "failure");
  if (step.retries == 0) {
    raise_incident("failedJob", j->id, j->process_instance_id, j->execution_id, j->activity_id,
                   j->process_definition_id, f.error.message);
  }
  return {};
}

Status WorkRules::set_job_retries(const std::string& id, int retries) {
  JobRecord* j = rows_.jobs.modify(id);
  if (!j) return job_not_found(id);
  OperationContext c;
  c.job_id = j->id;
  set_retries_of(*j, retries, c, "failedJob", j->exception_message);
  return {};
}

Status WorkRules::set_job_due_date(const std::string& id, Millis due) {
  JobRecord* j = rows_.jobs.modify(id);
  if (!j) return job_not_found(id);
  j->due = due;
  emit_(j->activity_id, "dueDate");
  return {};
}

void WorkRules::raise_incident(const char* type, const std::string& configuration,
                               const std::string& process_instance_id,
                               const std::string& execution_id, const std::string& activity_id,
                               const std::string& process_definition_id,
                               const std::string& message) {
  bool open = !rows_.incidents.select([&](const IncidentRecord& i) {
                                 return i.configuration == configuration;
                               }).empty();
  if (open) return;
  IncidentRecord inc;
  inc.id = new_uuid();
  inc.type = type;
  inc.message = message;
  inc.process_instance_id = process_instance_id;
  inc.execution_id = execution_id;
  inc.activity_id = activity_id;
  inc.process_definition_id = process_definition_id;
  inc.configuration = configuration;
  inc.created = now_;
  rows_.incidents.insert(std::move(inc));
  emit_(activity_id, "incident");
}

void WorkRules::resolve_incidents(const std::string& configuration) {
  std::vector<std::pair<std::string, std::string>> ended;  // incident id, activity id
  for (const IncidentRecord* i : rows_.incidents.select([&](const IncidentRecord& i) {
         return i.configuration == configuration;
       })) {
    ended.emplace_back(i->id, i->activity_id);
  }
  for (const auto& [id, activity_id] : ended) {
    rows_.incidents.erase(id);
    rows_.resolved.push_back({id, now_});
    emit_(activity_id, "incidentResolved");
  }
}

}  // namespace dpc::engine
