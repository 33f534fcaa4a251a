#include "dpc/engine/job_executor.h"

#include "dpc/core/metrics.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "instance_loader.h"
#include "instance_run.h"
#include "operation_log.h"
#include "timer_start.h"
#include "work_rules.h"

namespace dpc::engine {

namespace {
constexpr int kMaxLoads = 32;  // definitions/decisions loaded outside the transaction, then again
}  // namespace

JobCommands::JobCommands(RuntimeStore& store, ProcessDefinitionSource& definitions, Clock clock,
                         Millis retry_delay)
    : store_(store), definitions_(definitions), clock_(std::move(clock)), retry_delay_(retry_delay) {}

namespace {

// What a job's command could not do inside its transaction: a definition or decision to load
// first (then the command runs again), and the signals it threw (broadcast after the commit).
struct JobAttempt {
  std::string missing_definition;
  std::optional<DecisionLookup> missing_decision;
  std::vector<ThrownSignal> thrown;
};

// Runs `command(tx, attempt)` in one transaction, again after loading what it missed (never
// inside the transaction: commands take no second connection), then broadcasts its signals.
template <typename F>
Status transact_loading(RuntimeStore& store, ProcessDefinitionSource& definitions,
                        DecisionSource* decisions, RuntimeService* runtime, F&& command) {
  for (int round = 0;; ++round) {
    JobAttempt attempt;
    Status st = store.transact([&](RuntimeTransaction& tx) { return command(tx, attempt); });
    if (!st && attempt.missing_decision && decisions && round < kMaxLoads) {
      auto loaded = decisions->load_decision(*attempt.missing_decision);
      if (!loaded) return loaded.error();
      continue;
    }
    if (!st && !attempt.missing_definition.empty() && round < kMaxLoads) {
      auto loaded = definitions.process_by_id(attempt.missing_definition);
      if (!loaded) return loaded.error();
      continue;
    }
    if (st && !attempt.thrown.empty() && runtime) runtime->broadcast_thrown(attempt.thrown);
    return st;
  }
}

// Writes what a job's run changed (keeping the signals it threw), or notes the decision it
// found missing when it failed.
Status write_run(RuntimeTransaction& tx, InstanceRun& run, const Status& ran, JobAttempt& attempt) {
  if (!ran) {
    attempt.missing_decision = run.missing_decision();
    return ran;
  }
  ChangeSet changes = run.changes();
  attempt.thrown = changes.signals;
  return tx.write(changes);
}

}  // namespace

Result<bool> JobCommands::execute(const std::string& job_id) {
  bool ran = true;
  bool no_instance = false;
  Status st = transact_loading(store_, definitions_, decisions_, runtime_,
                               [&](RuntimeTransaction& tx, JobAttempt& attempt) -> Status {
    ran = true;
    no_instance = false;
    auto instance_id = tx.instance_of_job(job_id);
    if (!instance_id) return instance_id.error();
    if (instance_id->empty()) {  // deleted meanwhile (its task completed first), or a start timer
      no_instance = true;
      return {};
    }
    auto locked = lock_and_load(tx, definitions_, clock_, decisions_, *instance_id);
    if (!locked) return locked.error();
    if (!locked->missing_definition.empty()) {
      attempt.missing_definition = locked->missing_definition;
      return locked->missing();
    }
    if (!locked->run) return {};  // ended meanwhile
    InstanceRun& run = *locked->run;
    if (run.instance().suspended) {
      ran = false;
      return {};
    }
    if (!run.jobs().find(job_id)) return {};  // deleted with its task, its token moved on
    return write_run(tx, run, run.fire_job(job_id), attempt);
  });
  if (!st) return st.error();
  if (no_instance && jobs_) {
    auto job = jobs_->job(job_id);
    if (!job) return job.error();
    if (*job && (*job)->process_instance_id.empty()) {
      // A suspended process definition's timer start events wait until it is activated.
      auto suspended = jobs_->suspended(job_id);
      if (!suspended) return suspended.error();
      if (*suspended) return false;
      if ((*job)->type.rfind("batch", 0) == 0) {
        if (!batch_handler_) return Error::unavailable("this node runs no batch jobs");
        return batch_handler_(**job);
      }
      return fire_start_timer(**job);
    }
  }
  return ran;
}

Result<bool> JobCommands::fire_start_timer(const JobRecord& job) {
  Status st = transact_loading(store_, definitions_, decisions_, runtime_,
                               [&](RuntimeTransaction& tx, JobAttempt& attempt) -> Status {
    auto process = definitions_.cached_process(job.process_definition_id);
    if (!process) {
      attempt.missing_definition = job.process_definition_id;
      return Error::unavailable("process definition " + attempt.missing_definition + " is not loaded yet");
    }
    const bpmn::Element* start = process->model->find(job.activity_id);
    if (!start) return Error::invalid("timer start event '" + job.activity_id + "' is not in " + job.process_definition_id);
    // The timer moves on (or ends) in the same transaction as the instance it starts.
    ChangeSet timers;
    timers.jobs.deleted.push_back(job.id);
    auto next = next_start_timer(job, clock_());
    if (!next) return next.error();
    if (*next) timers.jobs.inserted.push_back(std::move(**next));
    if (auto s = tx.write(timers); !s) return s;
    InstanceRun run(process, clock_);
    run.set_decisions(decisions_);
    run.create("");
    return write_run(tx, run, run.start_at(start->index, {}), attempt);
  });
  if (!st) return st.error();
  return true;
}

Result<bool> JobCommands::execute_on_demand(const std::string& job_id) {
  auto ran = execute(job_id);
  if (ran || ran.error().kind == ErrorKind::kNotFound) return ran;
  // The attempt counts, as when the job executor runs it.
  Status failed = fail(job_id, {"", ran.error()});
  if (!failed) spdlog::warn("job {}: recording the failure failed: {}", job_id, failed.error().message);
  return ran;
}

Status JobCommands::fail(const std::string& job_id, const JobFailure& failure) {
  return on_job(job_id, [&](WorkRules& work) { return work.fail_job(job_id, failure, retry_delay_); });
}

Status JobCommands::set_retries(const std::string& job_id, int retries, std::optional<Millis> due) {
  return on_job(job_id, [&](WorkRules& work) -> Status {
    if (Status st = work.set_job_retries(job_id, retries); !st) return st;
    return due ? work.set_job_due_date(job_id, *due) : Status{};
  });
}

Status JobCommands::set_due_date(const std::string& job_id, std::optional<Millis> due) {
  return on_job(job_id, [&](WorkRules& work) { return work.set_job_due_date(job_id, due.value_or(clock_())); });
}

Status JobCommands::on_job(const std::string& job_id, const std::function<Status(WorkRules&)>& rule) {
  bool logged = false;  // the caller's user operation went into the write
  Status st = transact_loading(store_, definitions_, decisions_, runtime_,
                               [&](RuntimeTransaction& inner, JobAttempt& attempt) -> Status {
    OperationLogTransaction tx(inner, definitions_, clock_());
    auto instance_id = tx.instance_of_job(job_id);
    if (!instance_id) return instance_id.error();
    if (!instance_id->empty()) {
      auto locked = lock_and_load(tx, definitions_, clock_, decisions_, *instance_id);
      if (!locked) return locked.error();
      if (!locked->missing_definition.empty()) {
        attempt.missing_definition = locked->missing_definition;
        return locked->missing();
      }
      if (!locked->run) return Error::not_found("Job with id " + job_id + " does not exist");
      InstanceRun& run = *locked->run;
      WorkRules work = run.work();
      if (Status s = rule(work); !s) return s;
      Status written = tx.write(run.changes());
      logged = tx.logged();
      return written;
    }
    // A job of no instance: its own row is what the command locks and changes.
    auto locked = tx.lock_job(job_id);
    if (!locked) return locked.error();
    if (!*locked) return Error::not_found("Job with id " + job_id + " does not exist");
    TrackedTable<JobRecord> jobs;
    TrackedTable<ExternalTaskRecord> no_tasks;
    TrackedTable<IncidentRecord> incidents;
    std::vector<ResolvedIncident> resolved;
    jobs.load((*locked)->job);
    for (auto& i : (*locked)->incidents) incidents.load(std::move(i));
    WorkRules work({jobs, no_tasks, incidents, resolved}, clock_(), [](const std::string&, const char*) {});
    if (Status s = rule(work); !s) return s;
    ChangeSet changes;
    changes.jobs = jobs.changes();
    changes.incidents = incidents.changes();
    changes.incidents_resolved = std::move(resolved);
    // The caller's operation (SetJobRetries) names the job's definition, as no instance.
    ProcessInstanceRecord none;
    none.definition_id = (*locked)->job.process_definition_id;
    none.definition_key = (*locked)->job.process_definition_key;
    auto process = definitions_.cached_process(none.definition_id);
    logged = add_user_operation(changes, none, process ? process->deployment_id : "", clock_());
    return tx.write(changes);
  });
  if (st && logged) mark_user_operation_written();
  return st;
}

std::string job_failure_details(const Error& error, const std::string& job_id,
                                const std::string& process_instance_id) {
  std::string type = error.type.empty() ? "org.camunda.bpm.engine.ProcessEngineException" : error.type;
  return type + ": " + error.message + "\n\tat dpc job " + job_id + " (process instance " +
         process_instance_id + ")\n";
}

JobExecutor::JobExecutor(JobStore& jobs, JobCommands& commands, std::string owner, Options options)
    : jobs_(jobs), commands_(commands), owner_(std::move(owner)), options_(options) {}

JobExecutor::~JobExecutor() { stop(); }

void JobExecutor::start() {
  std::lock_guard lock(mu_);
  if (!threads_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.threads); ++i) threads_.emplace_back([this] { loop(); });
}

void JobExecutor::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void JobExecutor::wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  cv_.notify_all();
}

void JobExecutor::job_created(Millis due) {
  {
    std::lock_guard lock(mu_);
    earliest_known_ = std::min(earliest_known_, due);
  }
  cv_.notify_all();
}

int JobExecutor::run_batch() {
  Millis now = commands_.now();
  auto acquired = jobs_.acquire(owner_, now, options_.lock_millis, options_.batch_size);
  if (!acquired) {
    spdlog::warn("job executor: acquisition failed: {}", acquired.error().message);
    return -1;
  }
  auto& metrics = metrics::node();
  metrics.jobs_acquired.add(acquired->size());
  for (const auto& job : *acquired) {
    metrics.job_threads_busy.add();
    auto ran = commands_.execute(job.id);
    metrics.job_threads_busy.sub();
    if (ran && *ran) metrics.jobs_executed.add();
    if (!ran) {
      metrics.jobs_failed.add();
      spdlog::warn("job {} of instance {} failed: {}", job.id, job.process_instance_id,
                   ran.error().message);
      auto failed = commands_.fail(job.id, {owner_, ran.error()});
      if (!failed) spdlog::warn("job {}: recording the failure failed: {}", job.id, failed.error().message);
    } else if (!*ran) {
      auto released = jobs_.release(job.id, owner_);
      if (!released) spdlog::warn("job {}: releasing it failed: {}", job.id, released.error().message);
    }
  }
  return static_cast<int>(acquired->size());
}

void JobExecutor::run_due_jobs() {
  while (run_batch() > 0) {
  }
}

void JobExecutor::loop() {
  Millis idle = 50;  // backoff: grows to max_idle while nothing is due
  while (true) {
    std::uint64_t wakes_seen;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      wakes_seen = wakes_;
      if (earliest_known_ <= commands_.now()) earliest_known_ = INT64_MAX;
    }
    int n = run_batch();
    if (n >= options_.batch_size) {
      idle = 50;
      continue;  // more may be due
    }
    // Sleep until the earliest due job known, at most `idle`.
    Millis wait = idle;
    if (n >= 0) {
      auto next = jobs_.next_due();
      if (next && *next) wait = std::min(wait, std::max<Millis>(0, **next - commands_.now()));
    }
    std::unique_lock lock(mu_);
    const Millis known_at_sleep = earliest_known_;
    Millis known = known_at_sleep == INT64_MAX ? INT64_MAX : known_at_sleep - commands_.now();
    wait = std::max<Millis>(n == 0 ? 10 : 0, std::min(wait, known));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait);
    // A new job (or another node's NOTIFY, or a moved test clock) ends the sleep early.
    bool woken = cv_.wait_until(lock, deadline, [&] {
      return stopping_ || wakes_ != wakes_seen || earliest_known_ != known_at_sleep;
    });
    idle = (woken || n > 0) ? 50 : std::min(idle * 2, options_.max_idle);
  }
}

}  // namespace dpc::engine

namespace dpc::engine {

namespace {

// The earliest due time of the jobs `changes` writes, after those of `earliest`.
void note_jobs(const ChangeSet& changes, std::optional<Millis>& earliest) {
  if (changes.instance_ended) return;
  for (const auto& j : changes.jobs.inserted) earliest = std::min(earliest.value_or(j.due), j.due);
}

// Passes everything through, remembering the earliest due time of the jobs written.
class NotingTransaction : public ForwardingTransaction {
 public:
  using ForwardingTransaction::ForwardingTransaction;
  Status write(const ChangeSet& changes) override {
    note_jobs(changes, earliest);
    return inner_.write(changes);
  }
  std::optional<Millis> earliest;
};

}  // namespace

void JobNotifyingStore::wake_for(const std::optional<Millis>& earliest) {
  if (!earliest) return;
  if (JobExecutor* e = executor_.load()) e->job_created(*earliest);
}

Status JobNotifyingStore::write_alone(const ChangeSet& changes) {
  std::optional<Millis> earliest;
  note_jobs(changes, earliest);
  Status st = inner_.write_alone(changes);
  if (st) wake_for(earliest);
  return st;
}

void JobNotifyingStore::write_alone_then(std::shared_ptr<const ChangeSet> changes,
                                         std::function<void(Status)> done) {
  std::optional<Millis> earliest;
  note_jobs(*changes, earliest);
  inner_.write_alone_then(std::move(changes), [this, earliest, done = std::move(done)](Status st) {
    if (st) wake_for(earliest);
    done(std::move(st));
  });
}

Status JobNotifyingStore::transact(const std::function<Status(RuntimeTransaction&)>& command) {
  std::optional<Millis> earliest;
  Status st = inner_.transact([&](RuntimeTransaction& tx) {
    NotingTransaction noting(tx);
    Status s = command(noting);
    earliest = noting.earliest;
    return s;
  });
  if (st) wake_for(earliest);
  return st;
}

}  // namespace dpc::engine
