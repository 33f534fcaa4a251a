// The MigrationStore (instance_migration.h): reads what a migration checks and rewrites an
// instance's definition and activity ids in its runtime rows and unfinished history, in one
// transaction under the instance's row lock (the lock every command takes).
#include <pqxx/pqxx>

#include "dpc/store/batch_store.h"
#include "pooled_transaction.h"
#include "sql_batch.h"

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
      const std::string map = "(SELECT * FROM unnest($2::text[], $3::text[]) AS u(src, tgt)) m";
      auto run = [&](const std::string& sql) {
        tx.exec_params(sql, id, from.literal(), to.literal(), w->target_definition_id,
                       w->target_definition_key, w->target_version);
      };
      // $1 instance, $2/$3 activity map, $4 definition id, $5 key, $6 version. Every statement
      // mentions all six (PostgreSQL cannot type a parameter a statement does not use); the
      // always-true conditions are only that.
      run("UPDATE proc_inst SET definition_id = $4, definition_key = $5, definition_version = $6 "
          "WHERE id = $1 AND $2::text[] IS NOT NULL AND $3::text[] IS NOT NULL");
      run("UPDATE hi_proc_inst SET definition_id = $4, definition_key = $5, definition_version = $6 "
          "WHERE id = $1 AND $2::text[] IS NOT NULL AND $3::text[] IS NOT NULL");
      run("UPDATE execution e SET activity_id = m.tgt FROM " + map + " WHERE e.proc_inst_id = $1 "
          "AND e.activity_id = m.src AND $4 <> '' AND $5 <> '' AND $6 >= 0");
      run("UPDATE task t SET proc_def_id = $4, proc_def_key = $5, task_def_key = COALESCE((SELECT m.tgt FROM " + map +
          " WHERE m.src = t.task_def_key), t.task_def_key) WHERE t.proc_inst_id = $1 AND $6 >= 0");
      run("UPDATE hi_task t SET proc_def_id = $4, proc_def_key = $5, task_def_key = COALESCE((SELECT m.tgt FROM " + map +
          " WHERE m.src = t.task_def_key AND t.end_time IS NULL), t.task_def_key) WHERE t.proc_inst_id = $1 AND $6 >= 0");
      run("UPDATE external_task x SET proc_def_id = $4, proc_def_key = $5, activity_id = COALESCE((SELECT m.tgt FROM " +
          map + " WHERE m.src = x.activity_id), x.activity_id) WHERE x.proc_inst_id = $1 AND $6 >= 0");
      run("UPDATE incident i SET proc_def_id = $4, activity_id = COALESCE((SELECT m.tgt FROM " + map +
          " WHERE m.src = i.activity_id), i.activity_id) WHERE i.proc_inst_id = $1 AND $5 <> '' AND $6 >= 0");
      run("UPDATE event_subscription s SET proc_def_id = $4, activity_id = COALESCE((SELECT m.tgt FROM " + map +
          " WHERE m.src = s.activity_id), s.activity_id) WHERE s.proc_inst_id = $1 AND $5 <> '' AND $6 >= 0");
      run("UPDATE hi_act_inst a SET proc_def_id = $4, proc_def_key = $5, activity_id = COALESCE((SELECT m.tgt FROM " +
          map + " WHERE m.src = a.activity_id AND a.end_time IS NULL), a.activity_id) WHERE a.proc_inst_id = $1 AND $6 >= 0");
      run("UPDATE hi_incident i SET proc_def_id = $4 WHERE i.proc_inst_id = $1 AND $2::text[] IS NOT NULL "
          "AND $3::text[] IS NOT NULL AND $5 <> '' AND $6 >= 0");
      if (!batch_job_id.empty()) tx.exec_params("DELETE FROM job WHERE id = $1", batch_job_id);
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
