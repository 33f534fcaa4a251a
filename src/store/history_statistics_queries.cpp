// PgHistoryStatisticsQueries: Camunda's historic activity statistics, counted with one
// GROUP BY over hi_act_inst (index hi_act_inst_activity: proc_def_id, activity_id) and,
// when asked, one over hi_incident. The instance filters (start and end times, instance ids,
// what the caller may see) apply to the activity instances; incidents are filtered by
// instance id and visibility.
#include <algorithm>
#include <map>

#include "dpc/store/history_statistics.h"
#include "pooled_transaction.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

using ReadTransaction = pqxx::transaction<pqxx::isolation_level::read_committed, pqxx::readwrite_policy::read_only>;

class PgHistoryStatisticsQueries : public HistoryStatisticsQueries {
 public:
  explicit PgHistoryStatisticsQueries(Database& db) : db_(db) {}

  Result<std::vector<HistoricActivityStatistics>> activity_statistics(
      const HistoricActivityStatisticsQuery& q) override {
    return in_transaction<std::vector<HistoricActivityStatistics>, ReadTransaction>(
        db_, "history statistics", [&](ReadTransaction& tx) {
          std::map<std::string, HistoricActivityStatistics> by_activity;
          WhereBuilder w(tx.conn());
          w.raw("a.proc_def_id = " + w.q(q.definition_id));
          w.cmp("a.start_time", "<=", q.started_before);
          w.cmp("a.start_time", ">=", q.started_after);
          w.cmp("a.end_time", "<=", q.finished_before);
          w.cmp("a.end_time", ">=", q.finished_after);
          w.in("a.proc_inst_id", q.process_instance_ids);
          visible_instances(w, q.visibility, "a.proc_def_key", "a.proc_inst_id");
          for (const auto& r : tx.exec(
                   "SELECT a.activity_id, count(*) FILTER (WHERE a.end_time IS NULL),"
                   " count(*) FILTER (WHERE a.end_time IS NOT NULL),"
                   " count(*) FILTER (WHERE a.canceled), count(*) FILTER (WHERE a.complete_scope)"
                   " FROM hi_act_inst a" + w.where() + " GROUP BY a.activity_id")) {
            HistoricActivityStatistics s;
            s.activity_id = r[0].c_str();
            s.instances = r[1].as<long long>();
            if (q.finished) s.finished = r[2].as<long long>();
            if (q.canceled) s.canceled = r[3].as<long long>();
            if (q.complete_scope) s.complete_scope = r[4].as<long long>();
            by_activity[s.activity_id] = s;
          }
          if (q.incidents) {
            WhereBuilder wi(tx.conn());
            wi.raw("i.proc_def_id = " + wi.q(q.definition_id));
            wi.raw("i.activity_id IS NOT NULL");
            wi.in("i.proc_inst_id", q.process_instance_ids);
            visible_instances(wi, q.visibility, "p.definition_key", "i.proc_inst_id");
            for (const auto& r : tx.exec("SELECT i.activity_id, i.state, count(*) FROM hi_incident i"
                                         " LEFT JOIN hi_proc_inst p ON p.id = i.proc_inst_id" +
                                         wi.where() + " GROUP BY 1, 2")) {
              auto& s = by_activity[r[0].c_str()];
              s.activity_id = r[0].c_str();
              const std::string state = r[1].c_str();
              long long n = r[2].as<long long>();
              if (state == "open") s.open_incidents += n;
              else if (state == "resolved") s.resolved_incidents += n;
              else s.deleted_incidents += n;
            }
          }
          std::vector<HistoricActivityStatistics> out;
          for (auto& [id, s] : by_activity) {
            if (s.instances || s.finished || s.canceled || s.complete_scope || s.open_incidents ||
                s.resolved_incidents || s.deleted_incidents) {
              out.push_back(std::move(s));
            }
          }
          if (!q.sorting.empty() && q.sorting.front().descending) std::reverse(out.begin(), out.end());
          return out;
        });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<HistoryStatisticsQueries> make_history_statistics_queries(Database& db) {
  return std::make_unique<PgHistoryStatisticsQueries>(db);
}

}  // namespace dpc::store
