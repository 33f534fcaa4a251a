// The MigrationStore (instance_migration.h): reads what a migration checks and rewrites an
// instance's definition and activity ids in its runtime rows and unfinished history, in one
// transaction under the instance's row lock (the lock every command takes).
#include <pqxx/pqxx>

#include "dpc/store/batch_store.h"
#include "pooled_transaction.h"
#include "sql_batch.h"
#include "user_operation_sql.h"

namespace dpc::store {

using engine::MigrationRewrite;
using engine::MigrationState;

namespace {

MigrationState read_state(pqxx::work& tx, const std::string& id, const std::string& definition_id) {
  MigrationState st;
  st.definition_id = definition_id;
  for (const auto& r : tx.exec_params(
           "SELECT id, COALESCE(activity_id, ''), COALESCE(activity_instance_id, ''), state FROM execution "
           "WHERE proc_inst_id = $1 AND id <> $1 ORDER BY id", id)) {
    st.tokens.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<int>()});
  }
  for (const auto& r : tx.exec_params("SELECT type, COALESCE(activity_id, '') FROM job WHERE proc_inst_id = $1", id)) {
    st.jobs.push_back({r[0].as<std::string>(), r[1].as<std::string>()});
  }
  return st;
}

class PgMigrationStore : public engine::MigrationStore {
 public:
  explicit PgMigrationStore(Database& db) : db_(db) {}

  Result<std::optional<MigrationState>> state(const std::string& id) override {
    return in_transaction<std::optional<MigrationState>>(db_, "migration state", [&](pqxx::work& tx) {
      auto p = tx.exec_params("SELECT definition_id FROM proc_inst WHERE id = $1", id);
      if (p.empty()) return std::optional<MigrationState>{};
      return std::optional<MigrationState>{read_state(tx, id, p[0][0].as<std::string>())};
    });
  }

  Status migrate(const std::string& id,
                 const std::function<Result<MigrationRewrite>(const MigrationState&)>& decide,
                 const std::string& batch_job_id) override {
    auto r = in_transaction<bool>(db_, "instance migration", [&](pqxx::work& tx) -> Result<bool> {
      auto p = tx.exec_params("SELECT definition_id FROM proc_inst WHERE id = $1 FOR UPDATE", id);
      if (p.empty()) return Error::not_found("Process instance with id '" + id + "' does not exist");
      auto w = decide(read_state(tx, id, p[0][0].as<std::string>()));
      if (!w) return w.error();
      ArrayColumn from, to;
      for (const auto& [s, t] : w->activities) {
        from.text(s);
        to.text(t);
      }
      // One statement (one round trip): data-modifying CTEs all run, whether read or not.
      // $1 instance, $2/$3 the activity map, $4 definition id, $5 key, $6 version, $7 the
      // batch job ("" for none).
      auto mapped = [](const std::string& column) {
        return "COALESCE((SELECT m.tgt FROM m WHERE m.src = " + column + "), " + column + ")";
      };
      tx.exec_params(
          "WITH m AS (SELECT * FROM unnest($2::text[], $3::text[]) AS u(src, tgt)), "
          "p AS (UPDATE proc_inst SET definition_id = $4, definition_key = $5, definition_version = $6 WHERE id = $1), "
          "hp AS (UPDATE hi_proc_inst SET definition_id = $4, definition_key = $5, definition_version = $6 WHERE id = $1), "
          "e AS (UPDATE execution x SET activity_id = m.tgt FROM m WHERE x.proc_inst_id = $1 AND x.activity_id = m.src), "
          "t AS (UPDATE task x SET proc_def_id = $4, proc_def_key = $5, task_def_key = " + mapped("x.task_def_key") +
              " WHERE x.proc_inst_id = $1), "
          // Finished tasks and activity instances keep the activity they ran in.
          "ht AS (UPDATE hi_task x SET proc_def_id = $4, proc_def_key = $5, task_def_key = CASE WHEN x.end_time IS NULL "
              "THEN " + mapped("x.task_def_key") + " ELSE x.task_def_key END WHERE x.proc_inst_id = $1), "
          "et AS (UPDATE external_task x SET proc_def_id = $4, proc_def_key = $5, activity_id = " + mapped("x.activity_id") +
              " WHERE x.proc_inst_id = $1), "
          "i AS (UPDATE incident x SET proc_def_id = $4, activity_id = " + mapped("x.activity_id") + " WHERE x.proc_inst_id = $1), "
          "s AS (UPDATE event_subscription x SET proc_def_id = $4, activity_id = " + mapped("x.activity_id") +
              " WHERE x.proc_inst_id = $1), "
          "ha AS (UPDATE hi_act_inst x SET proc_def_id = $4, proc_def_key = $5, activity_id = CASE WHEN x.end_time IS NULL "
              "THEN " + mapped("x.activity_id") + " ELSE x.activity_id END WHERE x.proc_inst_id = $1), "
          "hi AS (UPDATE hi_incident x SET proc_def_id = $4 WHERE x.proc_inst_id = $1), "
          "j AS (DELETE FROM job WHERE id = $7 AND $7 <> '') "
          "SELECT 1",
          id, from.literal(), to.literal(), w->target_definition_id, w->target_definition_key, w->target_version,
          batch_job_id);
      write_user_operation(tx);  // a synchronous migration's entry, with its first instance
      return true;
    });
    if (!r) return r.error();
    return {};
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<engine::MigrationStore> make_migration_store(Database& db) {
  return std::make_unique<PgMigrationStore>(db);
}

}  // namespace dpc::store
