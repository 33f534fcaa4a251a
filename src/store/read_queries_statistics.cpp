// Cockpit's statistics: running instances and open incidents per process definition
// (joined with the repository's process_definition table) and per activity of one
// definition. See read_queries_sql.h.
#include <map>

#include "read_queries_sql.h"
#include "repository_sql.h"
#include "visibility_sql.h"

namespace dpc::store::read_sql {

using namespace dpc::engine;

namespace {

constexpr int kWaiting = static_cast<int>(ExecutionRecord::State::kWaiting);
constexpr int kJoining = static_cast<int>(ExecutionRecord::State::kJoining);
constexpr int kScope = static_cast<int>(ExecutionRecord::State::kScope);

bool wants_incidents(const StatisticsOptions& o) { return o.incidents || o.incidents_for_type; }

// " AND i.type = '...'" when the statistics are for one incident type.
std::string type_filter(pqxx::transaction_base& tx, const StatisticsOptions& o) {
  return o.incidents_for_type ? " AND i.type = " + tx.quote(*o.incidents_for_type) : std::string();
}

// " AND <condition>" keeping the instances the caller may see (see StatisticsOptions).
std::string visible(pqxx::transaction_base& tx, const StatisticsOptions& o, const std::string& key_column,
                    const std::string& instance_column) {
  auto c = instance_visibility(o.visibility, key_column, instance_column,
                               [&tx](const std::string& id) { return tx.quote(id); });
  return c.empty() ? c : " AND " + c;
}

}  // namespace

std::vector<DefinitionStatistics> definition_statistics(pqxx::transaction_base& tx,
                                                        const StatisticsOptions& o) {
  std::vector<DefinitionStatistics> out;
  std::map<std::string, size_t> index;
  // A definition is listed when the caller may see its key or one of its instances.
  std::string shown;
  if (!o.visibility.unrestricted) {
    shown = " WHERE (" + id_filter_condition(o.visibility.definitions, "key",
                                             [&tx](const std::string& id) { return tx.quote(id); }) +
            " OR running.n IS NOT NULL)";
  }
  for (const auto& r : tx.exec(std::string("SELECT ") + kDefinitionColumns +
                               ", COALESCE(running.n, 0) FROM process_definition"
                               " LEFT JOIN (SELECT definition_id, count(*) AS n FROM proc_inst p"
                               " WHERE true" + visible(tx, o, "p.definition_key", "p.id") +
                               " GROUP BY definition_id) running ON running.definition_id = id" +
                               shown + " ORDER BY key, version, id")) {
    DefinitionStatistics s;
    s.definition = read_definition(r);
    s.instances = r[14].as<long long>();
    index[s.definition.id] = out.size();
    out.push_back(std::move(s));
  }
  if (o.failed_jobs) {
    for (const auto& r : tx.exec("SELECT proc_def_id, count(*) FROM job WHERE retries = 0" +
                                 visible(tx, o, "proc_def_key", "proc_inst_id") + " GROUP BY 1")) {
      auto it = index.find(text_of(r[0]));
      if (it != index.end()) out[it->second].failed_jobs = r[1].as<long long>();
    }
  }
  if (!wants_incidents(o)) return out;
  for (const auto& r : tx.exec("SELECT COALESCE(i.proc_def_id, p.definition_id), i.type, count(*)"
                               " FROM incident i LEFT JOIN proc_inst p ON p.id = i.proc_inst_id"
                               " WHERE true" + type_filter(tx, o) +
                               visible(tx, o, "p.definition_key", "i.proc_inst_id") +
                               " GROUP BY 1, 2 ORDER BY 1, 2")) {
    auto it = index.find(text_of(r[0]));
    if (it == index.end()) continue;
    out[it->second].incidents.push_back({text_of(r[1]), r[2].as<long long>()});
  }
  return out;
}

std::vector<ActivityStatistics> activity_statistics(pqxx::transaction_base& tx,
                                                    const std::string& definition_id,
                                                    const StatisticsOptions& o) {
  std::map<std::string, ActivityStatistics> by_activity;
  // Tokens resting at an activity (waiting or joining) and running subprocesses (scope
  // executions other than the root).
  for (const auto& r : tx.exec_params(
           "SELECT e.activity_id, count(*) FROM execution e JOIN proc_inst p ON p.id = e.proc_inst_id"
           " WHERE p.definition_id = $1 AND e.activity_id IS NOT NULL"
           " AND (e.state IN ($2, $3) OR (e.state = $4 AND e.parent_id IS NOT NULL))" +
               visible(tx, o, "p.definition_key", "p.id") + " GROUP BY e.activity_id",
           definition_id, kWaiting, kJoining, kScope)) {
    auto& s = by_activity[text_of(r[0])];
    s.activity_id = text_of(r[0]);
    s.instances = r[1].as<long long>();
  }
  if (o.failed_jobs) {
    for (const auto& r : tx.exec_params(
             "SELECT activity_id, count(*) FROM job WHERE proc_def_id = $1 AND retries = 0"
             " AND activity_id IS NOT NULL" + visible(tx, o, "proc_def_key", "proc_inst_id") +
                 " GROUP BY 1",
             definition_id)) {
      auto& s = by_activity[text_of(r[0])];
      s.activity_id = text_of(r[0]);
      s.failed_jobs = r[1].as<long long>();
    }
  }
  if (wants_incidents(o)) {
    for (const auto& r : tx.exec_params(
             "SELECT i.activity_id, i.type, count(*) FROM incident i"
             " JOIN proc_inst p ON p.id = i.proc_inst_id"
             " WHERE p.definition_id = $1 AND i.activity_id IS NOT NULL" + type_filter(tx, o) +
                 visible(tx, o, "p.definition_key", "p.id") + " GROUP BY 1, 2 ORDER BY 1, 2",
             definition_id)) {
      auto& s = by_activity[text_of(r[0])];
      s.activity_id = text_of(r[0]);
      s.incidents.push_back({text_of(r[1]), r[2].as<long long>()});
    }
  }
  std::vector<ActivityStatistics> out;
  for (auto& [id, s] : by_activity) out.push_back(std::move(s));
  return out;
}

}  // namespace dpc::store::read_sql
