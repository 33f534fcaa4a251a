#include "dpc/store/definition_usage.h"

#include <chrono>

#include <pqxx/pqxx>

#include "connection_pool.h"
#include "pooled_transaction.h"

namespace dpc::store {

namespace {

std::string id_list(pqxx::transaction_base& tx, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + tx.quote(id);
  return out.empty() ? "NULL" : out;
}

class PgDefinitionUsage : public engine::DefinitionUsage {
 public:
  explicit PgDefinitionUsage(Database& db) : db_(db) {}

  Result<long long> running_instances(const std::vector<std::string>& ids) override {
    return run<long long>([&](pqxx::work& tx) {
      return tx.exec("SELECT count(*) FROM proc_inst WHERE definition_id IN (" + id_list(tx, ids) + ")")[0][0]
          .as<long long>();
    });
  }

  // Cascade delete: the instances end as EXTERNALLY_TERMINATED in history, their runtime
  // rows go, and their open activity instances are marked canceled.
  Status delete_instances(const std::vector<std::string>& ids) override {
    auto r = run<int>([&](pqxx::work& tx) {
      std::string now = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch()).count());
      std::string in = "SELECT id FROM proc_inst WHERE definition_id IN (" + id_list(tx, ids) + ")";
      tx.exec("UPDATE hi_proc_inst SET state = 'EXTERNALLY_TERMINATED', end_time = " + now +
              ", delete_reason = 'deployment deleted' WHERE id IN (" + in + ")");
      tx.exec("UPDATE hi_act_inst SET end_time = " + now + ", canceled = true WHERE end_time IS NULL "
              "AND proc_inst_id IN (" + in + ")");
      tx.exec("UPDATE hi_task SET end_time = " + now + ", delete_reason = 'deleted' WHERE end_time IS NULL "
              "AND proc_inst_id IN (" + in + ")");
      for (const char* table : {"execution", "task", "external_task", "variable", "incident", "job"}) {
        tx.exec(std::string("DELETE FROM ") + table + " WHERE proc_inst_id IN (" + in + ")");
      }
      tx.exec("DELETE FROM proc_inst WHERE definition_id IN (" + id_list(tx, ids) + ")");
      return 0;
    });
    if (!r) return r.error();
    return {};
  }

  Status set_instances_suspended(const std::vector<std::string>& ids, bool suspended) override {
    auto r = run<int>([&](pqxx::work& tx) {
      std::string flag = suspended ? "true" : "false";
      std::string in = "SELECT id FROM proc_inst WHERE definition_id IN (" + id_list(tx, ids) + ")";
      tx.exec("UPDATE proc_inst SET suspended = " + flag + " WHERE definition_id IN (" + id_list(tx, ids) + ")");
      tx.exec("UPDATE task SET suspended = " + flag + " WHERE proc_inst_id IN (" + in + ")");
      tx.exec("UPDATE external_task SET suspended = " + flag + " WHERE proc_inst_id IN (" + in + ")");
      return 0;
    });
    if (!r) return r.error();
    return {};
  }

 private:
  template <typename T, typename F>
  Result<T> run(F&& f) {
    return in_transaction<T>(db_, "definition usage", std::forward<F>(f));
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<engine::DefinitionUsage> make_definition_usage(Database& db) {
  return std::make_unique<PgDefinitionUsage>(db);
}

}  // namespace dpc::store
