// PgReadQueries: the RuntimeReadQueries port on PostgreSQL. Each call borrows a pooled
// connection for one read-only transaction (repeatable read, so the several statements of
// one answer — the activity tree, statistics — see one snapshot) and maps libpqxx
// exceptions to Errors. The SQL itself lives in read_queries_*.cpp.
#include "dpc/store/read_queries.h"

#include <spdlog/spdlog.h>

#include "connection_pool.h"
#include "read_queries_sql.h"
#include "pooled_transaction.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {


using ReadTransaction = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

class PgReadQueries : public RuntimeReadQueries {
 public:
  explicit PgReadQueries(Database& db) : db_(db) {}

  Result<std::vector<ProcessInstanceRecord>> process_instances(const ProcessInstanceQuery& q) override {
    return read<std::vector<ProcessInstanceRecord>>([&](auto& tx) { return read_sql::process_instances(tx, q); });
  }
  Result<long long> count_process_instances(const ProcessInstanceQuery& q) override {
    return read<long long>([&](auto& tx) { return read_sql::count_process_instances(tx, q); });
  }
  Result<std::optional<ProcessInstanceRecord>> process_instance(const std::string& id) override {
    return read<std::optional<ProcessInstanceRecord>>([&](auto& tx) { return read_sql::process_instance(tx, id); });
  }
  Result<std::optional<VariableMap>> instance_variables(const std::string& id) override {
    return read<std::optional<VariableMap>>([&](auto& tx) { return read_sql::instance_variables(tx, id); });
  }
  Result<std::optional<ActivityInstanceNode>> activity_tree(const std::string& id) override {
    return read<std::optional<ActivityInstanceNode>>([&](auto& tx) { return read_sql::activity_tree(tx, id); });
  }

  Result<std::vector<HistoricProcessInstance>> historic_process_instances(
      const HistoricProcessInstanceQuery& q) override {
    return read<std::vector<HistoricProcessInstance>>(
        [&](auto& tx) { return read_sql::historic_process_instances(tx, q); });
  }
  Result<long long> count_historic_process_instances(const HistoricProcessInstanceQuery& q) override {
    return read<long long>([&](auto& tx) { return read_sql::count_historic_process_instances(tx, q); });
  }
  Result<std::vector<ActivityInstanceRecord>> historic_activity_instances(
      const HistoricActivityInstanceQuery& q) override {
    return read<std::vector<ActivityInstanceRecord>>(
        [&](auto& tx) { return read_sql::historic_activity_instances(tx, q); });
  }
  Result<long long> count_historic_activity_instances(const HistoricActivityInstanceQuery& q) override {
    return read<long long>([&](auto& tx) { return read_sql::count_historic_activity_instances(tx, q); });
  }
  Result<std::vector<HistoricTaskRecord>> historic_tasks(const HistoricTaskQuery& q) override {
    return read<std::vector<HistoricTaskRecord>>([&](auto& tx) { return read_sql::historic_tasks(tx, q); });
  }
  Result<long long> count_historic_tasks(const HistoricTaskQuery& q) override {
    return read<long long>([&](auto& tx) { return read_sql::count_historic_tasks(tx, q); });
  }
  Result<std::vector<HistoricVariableInstance>> historic_variables(const HistoricVariableQuery& q) override {
    return read<std::vector<HistoricVariableInstance>>(
        [&](auto& tx) { return read_sql::historic_variables(tx, q); });
  }
  Result<long long> count_historic_variables(const HistoricVariableQuery& q) override {
    return read<long long>([&](auto& tx) { return read_sql::count_historic_variables(tx, q); });
  }

  Result<std::vector<IncidentRecord>> incidents(const IncidentQuery& q) override {
    return read<std::vector<IncidentRecord>>([&](auto& tx) { return read_sql::incidents(tx, q); });
  }
  Result<long long> count_incidents(const IncidentQuery& q) override {
    return read<long long>([&](auto& tx) { return read_sql::count_incidents(tx, q); });
  }

  Result<std::vector<DefinitionStatistics>> definition_statistics(const StatisticsOptions& o) override {
    return read<std::vector<DefinitionStatistics>>([&](auto& tx) { return read_sql::definition_statistics(tx, o); });
  }
  Result<std::vector<ActivityStatistics>> activity_statistics(const std::string& definition_id,
                                                              const StatisticsOptions& o) override {
    return read<std::vector<ActivityStatistics>>(
        [&](auto& tx) { return read_sql::activity_statistics(tx, definition_id, o); });
  }

 private:
  template <typename T, typename F>
  Result<T> read(F&& f) {
    return in_transaction<T, ReadTransaction>(
        db_, "read queries", [&](ReadTransaction& tx) { return f(static_cast<pqxx::transaction_base&>(tx)); });
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<RuntimeReadQueries> make_read_queries(Database& db) {
  return std::make_unique<PgReadQueries>(db);
}

}  // namespace dpc::store
