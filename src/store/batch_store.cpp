// The batch table and its jobs (migrations/0018_batches.sql): creation with every item job in
// one statement, the /batch and /history/batch reads with their job counts, suspension,
// deletion, and the monitor job's check. Creation writes the caller's user operation entry.
#include "dpc/store/batch_store.h"

#include <pqxx/pqxx>

#include "pooled_transaction.h"
#include "sql_batch.h"
#include "user_operation_sql.h"

namespace dpc::store {

using engine::BatchQuery;
using engine::BatchRecord;
using engine::BatchStatistics;
using engine::Millis;

namespace {

// Item jobs retry twice more after a failure, two seconds apart (the engine default would
// wait the executor's retry delay); the third failure leaves a failedJob incident.
constexpr const char* kItemRetryCycle = "R3/PT2S";
constexpr const char* kColumns =
    "b.id, b.type, b.total_jobs, b.invocations_per_job, b.suspended, b.tenant_id, "
    "b.create_user_id, b.start_time, b.execution_start_time, b.end_time, b.configuration, "
    "(SELECT count(*) FROM job j WHERE j.batch_id = b.id AND j.type = 'batch'), "
    "(SELECT count(*) FROM job j WHERE j.batch_id = b.id AND j.type = 'batch' AND j.retries = 0)";

BatchStatistics read_batch(const pqxx::row& r) {
  auto str = [](const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); };
  BatchStatistics s;
  BatchRecord& b = s.batch;
  b.id = str(r[0]);
  b.type = str(r[1]);
  b.total_jobs = r[2].as<int>();
  b.invocations_per_job = r[3].as<int>();
  b.suspended = r[4].as<bool>();
  b.tenant_id = str(r[5]);
  b.create_user_id = str(r[6]);
  b.start_time = r[7].as<long long>();
  if (!r[8].is_null()) b.execution_start_time = r[8].as<long long>();
  if (!r[9].is_null()) b.end_time = r[9].as<long long>();
  b.configuration = str(r[10]);
  s.remaining = b.end_time ? 0 : r[11].as<long long>();
  s.failed = r[12].as<long long>();
  s.completed = b.total_jobs - s.remaining;
  return s;
}

std::string where(pqxx::transaction_base& tx, const BatchQuery& q) {
  std::string w = q.history ? "true" : "b.end_time IS NULL";
  if (q.id) w += " AND b.id = " + tx.quote(*q.id);
  if (q.type) w += " AND b.type = " + tx.quote(*q.type);
  if (q.created_by) w += " AND b.create_user_id = " + tx.quote(*q.created_by);
  if (q.tenant_id) w += " AND b.tenant_id = " + tx.quote(*q.tenant_id);
  if (q.suspended) w += *q.suspended ? " AND b.suspended" : " AND NOT b.suspended";
  if (q.completed) w += *q.completed ? " AND b.end_time IS NOT NULL" : " AND b.end_time IS NULL";
  return w;
}

std::string order_and_page(const BatchQuery& q) {
  std::string o;
  for (const auto& s : q.sorting) {
    o += (o.empty() ? " ORDER BY b." : ", b.") + s.column + (s.descending ? " DESC" : " ASC");
  }
  o += o.empty() ? " ORDER BY b.start_time, b.id" : ", b.id";
  if (q.page.max_results >= 0) o += " LIMIT " + std::to_string(q.page.max_results);
  if (q.page.first_result > 0) o += " OFFSET " + std::to_string(q.page.first_result);
  return o;
}

class PgBatchStore : public engine::BatchStore {
 public:
  explicit PgBatchStore(Database& db) : db_(db) {}

  Status create(const BatchRecord& b, const std::vector<std::string>& items, Millis now) override {
    ArrayColumn ids;
    for (const auto& item : items) ids.text(item);
    auto r = in_transaction<bool>(db_, "batch creation", [&](pqxx::work& tx) {
      tx.exec_params(
          "INSERT INTO batch (id, type, total_jobs, invocations_per_job, suspended, tenant_id, "
          "create_user_id, start_time, configuration) VALUES ($1, $2, $3, 1, false, NULLIF($4, ''), "
          "NULLIF($5, ''), $6, $7)",
          b.id, b.type, static_cast<int>(items.size()), b.tenant_id, b.create_user_id, now,
          b.configuration);
      tx.exec_params(
          "INSERT INTO job (id, type, proc_inst_id, tenant_id, due_date, created, retries, "
          "handler_config, priority, exclusive, retry_cycle, batch_id) "
          "SELECT gen_random_uuid()::text, 'batch', '', NULLIF($2, ''), $3, $3, 3, $1 || ':' || item, 0, false, $4, $1 "
          "FROM unnest($5::text[]) WITH ORDINALITY AS t(item, n) ORDER BY n",
          b.id, b.tenant_id, now, kItemRetryCycle, ids.literal());
      tx.exec_params(
          "INSERT INTO job (id, type, proc_inst_id, tenant_id, due_date, created, retries, "
          "handler_config, priority, exclusive, batch_id) "
          "VALUES (gen_random_uuid()::text, 'batch-monitor', '', NULLIF($2, ''), $3, $3, 3, $1, 0, false, $1)",
          b.id, b.tenant_id, now);
      note_user_operation_context([&] {
        OperationContext c;
        c.batch_id = b.id;
        return c;
      }());
      write_user_operation(tx);  // the caller's description of the operation, if any
      tx.exec("NOTIFY dpc_job");
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<std::optional<BatchRecord>> batch(const std::string& id) override {
    BatchQuery q;
    q.id = id;
    q.history = true;
    auto list = batches(q);
    if (!list) return list.error();
    if (list->empty()) return std::optional<BatchRecord>{};
    return std::optional<BatchRecord>{(*list)[0].batch};
  }

  Result<std::vector<BatchStatistics>> batches(const BatchQuery& q) override {
    return in_transaction<std::vector<BatchStatistics>>(db_, "batch list", [&](pqxx::work& tx) {
      auto rows = tx.exec(std::string("SELECT ") + kColumns + " FROM batch b WHERE " + where(tx, q) +
                          order_and_page(q));
      std::vector<BatchStatistics> out;
      for (const auto& r : rows) out.push_back(read_batch(r));
      return out;
    });
  }

  Result<long long> count(const BatchQuery& q) override {
    return in_transaction<long long>(db_, "batch count", [&](pqxx::work& tx) {
      return tx.exec("SELECT count(*) FROM batch b WHERE " + where(tx, q))[0][0].as<long long>();
    });
  }

  Status set_suspended(const std::string& id, bool suspended) override {
    auto r = in_transaction<bool>(db_, "batch suspension", [&](pqxx::work& tx) -> Result<bool> {
      auto done = tx.exec_params(
          "UPDATE batch SET suspended = $2 WHERE id = $1 AND end_time IS NULL RETURNING id", id, suspended);
      if (done.empty()) return Error::not_found("Batch for id '" + id + "' cannot be found");
      if (!suspended) tx.exec("NOTIFY dpc_job");
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Status remove(const std::string& id, bool cascade, Millis now) override {
    auto r = in_transaction<bool>(db_, "batch deletion", [&](pqxx::work& tx) -> Result<bool> {
      auto found = tx.exec_params("SELECT 1 FROM batch WHERE id = $1 AND end_time IS NULL FOR UPDATE", id);
      if (found.empty()) return Error::not_found("Batch for id '" + id + "' cannot be found");
      // Their failedJob incidents go with them (resolved as deleted).
      tx.exec_params("UPDATE hi_incident SET state = 'deleted', end_time = $2 WHERE state = 'open' AND "
                     "configuration IN (SELECT id FROM job WHERE batch_id = $1)", id, now);
      tx.exec_params("DELETE FROM incident WHERE configuration IN (SELECT id FROM job WHERE batch_id = $1)", id);
      tx.exec_params("DELETE FROM job WHERE batch_id = $1", id);
      if (cascade) {
        tx.exec_params("DELETE FROM batch WHERE id = $1", id);
      } else {
        tx.exec_params("UPDATE batch SET end_time = $2 WHERE id = $1", id, now);
      }
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Status item_done(const std::string& job_id) override {
    auto r = in_transaction<bool>(db_, "batch item", [&](pqxx::work& tx) {
      tx.exec_params("DELETE FROM job WHERE id = $1", job_id);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<bool> monitor(const std::string& batch_id, const std::string& monitor_job_id, Millis now,
                       Millis next) override {
    return in_transaction<bool>(db_, "batch monitor", [&](pqxx::work& tx) {
      tx.exec_params("UPDATE batch SET execution_start_time = COALESCE(execution_start_time, $2) WHERE id = $1",
                     batch_id, now);
      auto left = tx.exec_params("SELECT count(*) FROM job WHERE batch_id = $1 AND type = 'batch'", batch_id);
      if (left[0][0].as<long long>() == 0) {
        tx.exec_params("UPDATE batch SET end_time = $2 WHERE id = $1 AND end_time IS NULL", batch_id, now);
        tx.exec_params("DELETE FROM job WHERE id = $1", monitor_job_id);
        return true;
      }
      tx.exec_params("UPDATE job SET due_date = $2, lock_owner = NULL, lock_expiration = NULL WHERE id = $1",
                     monitor_job_id, next);
      return false;
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<engine::BatchStore> make_batch_store(Database& db) { return std::make_unique<PgBatchStore>(db); }

}  // namespace dpc::store
