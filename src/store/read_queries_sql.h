// The SQL of the read-only queries (RuntimeReadQueries), private to the store module. Each
// function runs its statements on the given transaction and lets libpqxx exceptions
// through; read_queries.cpp maps them to Errors. Every value is quoted by the connection
// (WhereBuilder) or passed as a parameter; sort columns come from fixed maps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/engine/history_queries.h"

namespace dpc::store::read_sql {

// read_queries_runtime.cpp: running instances, their variables, incidents.
std::vector<engine::ProcessInstanceRecord> process_instances(pqxx::transaction_base& tx,
                                                             const engine::ProcessInstanceQuery& q);
long long count_process_instances(pqxx::transaction_base& tx, const engine::ProcessInstanceQuery& q);
std::optional<engine::ProcessInstanceRecord> process_instance(pqxx::transaction_base& tx,
                                                              const std::string& id);
std::optional<VariableMap> instance_variables(pqxx::transaction_base& tx, const std::string& id);
std::vector<engine::IncidentRecord> incidents(pqxx::transaction_base& tx, const engine::IncidentQuery& q);
long long count_incidents(pqxx::transaction_base& tx, const engine::IncidentQuery& q);

// read_queries_tree.cpp: the activity instance tree.
std::optional<engine::ActivityInstanceNode> activity_tree(pqxx::transaction_base& tx,
                                                          const std::string& instance_id);

// read_queries_history.cpp: hi_proc_inst, hi_act_inst, hi_task, hi_var_update.
std::vector<engine::HistoricProcessInstance> historic_process_instances(
    pqxx::transaction_base& tx, const engine::HistoricProcessInstanceQuery& q);
long long count_historic_process_instances(pqxx::transaction_base& tx,
                                           const engine::HistoricProcessInstanceQuery& q);
std::vector<engine::ActivityInstanceRecord> historic_activity_instances(
    pqxx::transaction_base& tx, const engine::HistoricActivityInstanceQuery& q);
long long count_historic_activity_instances(pqxx::transaction_base& tx,
                                            const engine::HistoricActivityInstanceQuery& q);
std::vector<engine::HistoricTaskRecord> historic_tasks(pqxx::transaction_base& tx,
                                                       const engine::HistoricTaskQuery& q);
long long count_historic_tasks(pqxx::transaction_base& tx, const engine::HistoricTaskQuery& q);
std::vector<engine::HistoricVariableInstance> historic_variables(pqxx::transaction_base& tx,
                                                                 const engine::HistoricVariableQuery& q);
long long count_historic_variables(pqxx::transaction_base& tx, const engine::HistoricVariableQuery& q);

// read_queries_statistics.cpp: Cockpit's counts.
std::vector<engine::DefinitionStatistics> definition_statistics(pqxx::transaction_base& tx,
                                                                const engine::StatisticsOptions& o);
std::vector<engine::ActivityStatistics> activity_statistics(pqxx::transaction_base& tx,
                                                            const std::string& definition_id,
                                                            const engine::StatisticsOptions& o);

// Shared helpers.
inline std::string text_of(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }
inline std::optional<engine::Millis> millis_of(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<engine::Millis>(f.as<long long>());
}
// "(a, b, c)" of quoted literals, for IN lists; never called with an empty list.
std::string quoted_list(pqxx::connection_base& c, const std::vector<std::string>& values);

}  // namespace dpc::store::read_sql
