// The job table: its row mapping (for the runtime store) and the executor's acquisition.
#include "dpc/store/job_store.h"

#include <chrono>

#include "dpc/core/strings.h"
#include "incident_sql.h"
#include "pooled_transaction.h"
#include "user_operation_sql.h"
#include "runtime_rows.h"

namespace dpc::store {

using engine::JobRecord;
using engine::JobStore;
using engine::Millis;

const char* const kJobColumns =
    "id, type, proc_inst_id, execution_id, activity_id, proc_def_id, proc_def_key, tenant_id, "
    "due_date, created, retries, lock_owner, lock_expiration, exception_message, handler_config, "
    "priority, exclusive, retry_cycle, exception_stacktrace, failed_activity_id";

// A batch's jobs are suspended with their batch (0018_batches.sql).
const char* const kJobSuspended =
    "(CASE WHEN j.batch_id IS NOT NULL THEN COALESCE((SELECT b.suspended FROM batch b "
    "WHERE b.id = j.batch_id), false) "
    "WHEN j.proc_inst_id = '' THEN COALESCE((SELECT d.suspended FROM process_definition d "
    "WHERE d.id = j.proc_def_id), false) ELSE COALESCE(p.suspended, false) END)";

JobRecord read_job(const pqxx::row& r) {
  auto str = [](const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); };
  JobRecord j;
  j.id = str(r[0]);
  j.type = str(r[1]);
  j.process_instance_id = str(r[2]);
  j.execution_id = str(r[3]);
  j.activity_id = str(r[4]);
  j.process_definition_id = str(r[5]);
  j.process_definition_key = str(r[6]);
  j.tenant_id = str(r[7]);
  j.due = r[8].as<long long>();
  j.created = r[9].as<long long>();
  j.retries = r[10].as<int>();
  j.lock_owner = str(r[11]);
  if (!r[12].is_null()) j.lock_expiration = r[12].as<long long>();
  j.exception_message = str(r[13]);
  j.handler_config = str(r[14]);
  j.priority = r[15].as<long long>();
  j.exclusive = r[16].as<bool>();
  j.retry_cycle = str(r[17]);
  j.exception_stacktrace = str(r[18]);
  j.failed_activity_id = str(r[19]);
  return j;
}

std::string values_of(const SqlBatch& b, const JobRecord& j) {
  return b.text(j.id) + "," + b.text(j.type) + "," + b.text(j.process_instance_id) + "," +
         b.text_or_null(j.execution_id) + "," + b.text_or_null(j.activity_id) + "," +
         b.text_or_null(j.process_definition_id) + "," + b.text_or_null(j.process_definition_key) +
         "," + b.text_or_null(j.tenant_id) + "," + SqlBatch::num(j.due) + "," +
         SqlBatch::num(j.created) + "," + SqlBatch::num(j.retries) + "," +
         b.text_or_null(j.lock_owner) + "," + SqlBatch::num_or_null(j.lock_expiration) + "," +
         b.text_or_null(j.exception_message) + "," + b.text_or_null(j.handler_config) + "," +
         SqlBatch::num(j.priority) + "," + SqlBatch::boolean(j.exclusive) + "," +
         b.text_or_null(j.retry_cycle) + "," + b.text_or_null(j.exception_stacktrace) + "," +
         b.text_or_null(j.failed_activity_id);
}

namespace {

// Jobs that may run: retries left, the instance not suspended; a timer start event's job
// (no instance) not while its process definition is suspended.
constexpr const char* kRunnable =
    "j.retries > 0 AND NOT EXISTS (SELECT 1 FROM proc_inst p WHERE p.id = j.proc_inst_id "
    "AND p.suspended) AND NOT (j.proc_inst_id = '' AND EXISTS (SELECT 1 FROM "
    "process_definition d WHERE d.id = j.proc_def_id AND d.suspended)) AND NOT (j.batch_id IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM batch b WHERE b.id = j.batch_id AND b.suspended))";

class PgJobStore : public JobStore {
 public:
  explicit PgJobStore(Database& db) : db_(db) {}

  Result<std::vector<Acquired>> acquire(const std::string& owner, Millis now, Millis lock_millis,
                                        int limit) override {
    return in_transaction<std::vector<Acquired>>(db_, "job acquisition", [&](pqxx::work& tx) {
      std::string n = std::to_string(now);
      auto rows = tx.exec_params(
          std::string("WITH picked AS (SELECT j.id FROM job j WHERE j.due_date <= $1 AND ") +
              kRunnable + " AND (j.lock_expiration IS NULL OR j.lock_expiration <= $1)"
              // An exclusive job waits while another exclusive job of its instance runs (the
              // instance lock would serialize them anyway; this keeps threads from blocking).
              " AND NOT (j.exclusive AND j.proc_inst_id <> '' AND EXISTS (SELECT 1 FROM job o WHERE o.proc_inst_id = "
              "j.proc_inst_id AND o.id <> j.id AND o.exclusive AND o.lock_owner IS NOT NULL "
              "AND o.lock_expiration > $1))"
              " ORDER BY j.priority DESC, j.due_date, j.id LIMIT $2 FOR UPDATE OF j SKIP LOCKED) "
              "UPDATE job SET lock_owner = $3, lock_expiration = $4 FROM picked "
              "WHERE job.id = picked.id RETURNING job.id, job.proc_inst_id",
          now, limit, owner, now + lock_millis);
      std::vector<Acquired> out;
      for (const auto& r : rows) out.push_back({r[0].as<std::string>(), r[1].as<std::string>()});
      return out;
    });
  }

  Status fail(const std::string& id, const std::string& owner, const std::string& message,
              const std::string& details, Millis now, Millis default_wait) override {
    return change_job(id, [&](pqxx::work& tx, const JobRecord& j) -> Status {
      if (!owner.empty() && j.lock_owner != owner) return {};  // taken over meanwhile
      engine::RetryStep step = engine::next_retry(j.retry_cycle, j.retries, now, default_wait);
      // Out of retries: it runs as soon as someone gives it retries again.
      if (step.retries == 0) step.due = now;
      tx.exec_params(
          "UPDATE job SET retries = $2, exception_message = $3, exception_stacktrace = $4, "
          "failed_activity_id = activity_id, lock_owner = NULL, lock_expiration = NULL, "
          "due_date = $5 WHERE id = $1",
          id, step.retries, message, details, step.due);
      if (step.retries == 0) raise_incident(tx, j, message, now);
      return {};
    });
  }

  Status set_retries(const std::string& id, int retries, Millis now) override {
    return change_job(id, [&](pqxx::work& tx, const JobRecord& j) -> Status {
      tx.exec_params("UPDATE job SET retries = $2 WHERE id = $1", id, retries);
      if (retries == 0) {
        raise_incident(tx, j, j.exception_message, now);
      } else {
        store::resolve_incidents(tx, id, now);
      }
      // The caller's SetJobRetries entry, with the ids and retries of the row locked here.
      OperationContext c;
      c.job_id = j.id;
      c.process_instance_id = j.process_instance_id;
      c.execution_id = j.execution_id;
      c.process_definition_id = j.process_definition_id;
      c.process_definition_key = j.process_definition_key;
      note_user_operation_context(c);
      note_user_operation_org_value("retries", std::to_string(j.retries));
      write_user_operation(tx);
      return {};
    });
  }

  Result<std::optional<JobRecord>> job(const std::string& id) override {
    return in_transaction<std::optional<JobRecord>>(db_, "job read", [&](pqxx::work& tx) {
      auto rows = tx.exec_params(std::string("SELECT ") + kJobColumns + " FROM job WHERE id = $1", id);
      return rows.empty() ? std::optional<JobRecord>{} : std::optional<JobRecord>{read_job(rows[0])};
    });
  }

  Status set_due_date(const std::string& id, Millis due) override {
    return change_job(id, [&](pqxx::work& tx, const JobRecord&) -> Status {
      tx.exec_params("UPDATE job SET due_date = $2 WHERE id = $1", id, due);
      return {};
    });
  }

  Result<bool> suspended(const std::string& id) override {
    return in_transaction<bool>(db_, "job suspension", [&](pqxx::work& tx) {
      auto r = tx.exec_params(std::string("SELECT ") + kJobSuspended +
                                  " FROM job j LEFT JOIN proc_inst p ON p.id = j.proc_inst_id WHERE j.id = $1",
                              id);
      return !r.empty() && r[0][0].as<bool>();
    });
  }

  Status release(const std::string& id, const std::string& owner) override {
    auto r = in_transaction<bool>(db_, "job release", [&](pqxx::work& tx) {
      tx.exec_params("UPDATE job SET lock_owner = NULL, lock_expiration = NULL "
                     "WHERE id = $1 AND lock_owner = $2", id, owner);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<long long> count_due(Millis now) override {
    // `now` is the engine clock (the wall clock plus the test offset). A job created after
    // `now` was read but before the query's snapshot (by a job that just ran) may be due a
    // millisecond later than `now`; comparing with the statement's own clock plus the offset
    // counts it. Jobs an executor holds right now (running, maybe about to create more) count.
    const Millis offset = now - std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count();
    return in_transaction<long long>(db_, "job count", [&](pqxx::work& tx) {
      auto r = tx.exec_params(
          std::string("SELECT count(*) FROM job j WHERE (j.due_date <= GREATEST($1, "
                      "(extract(epoch FROM clock_timestamp()) * 1000)::bigint + $2) "
                      "OR j.lock_expiration > $1) AND ") +
              kRunnable, now, offset);
      return r[0][0].as<long long>();
    });
  }

  Result<std::optional<Millis>> next_due() override {
    return in_transaction<std::optional<Millis>>(db_, "next job", [&](pqxx::work& tx) {
      // A locked job is next acquirable when its lock expires; an exclusive job waiting for
      // another exclusive job of its instance, when that one's lock does (the executor polls
      // sooner anyway), so that executors do not spin on it.
      auto r = tx.exec(std::string("SELECT min(GREATEST(j.due_date, COALESCE(j.lock_expiration, 0), "
                                   "CASE WHEN j.exclusive AND j.proc_inst_id <> '' THEN COALESCE((SELECT max(o.lock_expiration) "
                                   "FROM job o WHERE o.proc_inst_id = j.proc_inst_id AND o.id <> j.id "
                                   "AND o.exclusive AND o.lock_owner IS NOT NULL), 0) ELSE 0 END)) "
                                   "FROM job j WHERE ") + kRunnable);
      return r[0][0].is_null() ? std::optional<Millis>{}
                               : std::optional<Millis>{r[0][0].as<long long>()};
    });
  }

 private:
  template <typename F>
  Status change_job(const std::string& id, F&& f) {
    return change_locked_row(db_, "job change",
                             std::string("SELECT ") + kJobColumns + " FROM job WHERE id = $1 FOR UPDATE",
                             id, read_job, "Job with id " + id + " does not exist", std::forward<F>(f));
  }

  // A failedJob incident for it (once), with its history row.
  static void raise_incident(pqxx::work& tx, const JobRecord& j, const std::string& message, Millis now) {
    store::raise_incident(tx, "failedJob",
                          {j.id, j.process_instance_id, j.execution_id, j.activity_id,
                           j.process_definition_id},
                          message, now);
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<JobStore> make_job_store(Database& db) { return std::make_unique<PgJobStore>(db); }

}  // namespace dpc::store
