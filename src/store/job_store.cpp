// The job table: its row mapping (for the runtime store) and the executor's acquisition.
#include "dpc/store/job_store.h"

#include <chrono>

#include "dpc/core/strings.h"
#include "pooled_transaction.h"
#include "runtime_rows.h"

namespace dpc::store {

using engine::JobRecord;
using engine::JobStore;
using engine::Millis;

const char* const kJobColumns =
    "id, type, proc_inst_id, execution_id, activity_id, proc_def_id, proc_def_key, tenant_id, "
    "due_date, created, retries, lock_owner, lock_expiration, exception_message, handler_config, "
    "priority, exclusive, retry_cycle, exception_stacktrace, failed_activity_id, batch_id";

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
  j.batch_id = str(r[20]);
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
         b.text_or_null(j.failed_activity_id) + "," + b.text_or_null(j.batch_id);
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

  Result<std::optional<JobRecord>> job(const std::string& id) override {
    return in_transaction<std::optional<JobRecord>>(db_, "job read", [&](pqxx::work& tx) {
      auto rows = tx.exec_params(std::string("SELECT ") + kJobColumns + " FROM job WHERE id = $1", id);
      return rows.empty() ? std::optional<JobRecord>{} : std::optional<JobRecord>{read_job(rows[0])};
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
  Database& db_;
};

}  // namespace

std::unique_ptr<JobStore> make_job_store(Database& db) { return std::make_unique<PgJobStore>(db); }

}  // namespace dpc::store
