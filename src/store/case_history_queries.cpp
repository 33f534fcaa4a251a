// PgCaseHistoryQueries: the sequence flows an instance took (its engine_event rows, whose
// parallel arrays hold one entry per event; flows are the sequenceFlow/take entries) and
// the variable updates of hi_var_update as Camunda's historic details, with the user who
// made each change.
#include <map>

#include "dpc/store/live_queries.h"
#include "pooled_transaction.h"
#include "read_queries_sql.h"
#include "sql_batch.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

using ReadTransaction = pqxx::transaction<pqxx::isolation_level::read_committed, pqxx::readwrite_policy::read_only>;

const std::map<std::string, std::string> kDetailSort = {
    {"processInstanceId", "proc_inst_id"}, {"variableName", "name"}, {"variableType", "type"},
    {"variableRevision", "revision"},      {"time", "time"},         {"occurrence", "seq"}};

// Every update of the variables the query selects, numbered per variable (the revision) over
// all of a variable's updates; the filters on single updates (task, user, activity) go
// outside so that the numbering stays that of the whole variable.
std::string details_sql(pqxx::connection_base& c, const VariableDetailQuery& q) {
  WhereBuilder inner(c);
  inner.eq("u.variable_id", q.variable_instance_id);
  inner.eq("u.name", q.variable_name);
  inner.eq("u.proc_inst_id", q.process_instance_id);
  inner.in("u.proc_inst_id", q.process_instance_id_in);
  visible_instances(inner, q.visibility, "u.proc_def_key", "u.proc_inst_id");
  WhereBuilder outer(c);
  outer.eq("task_id", q.task_id);
  outer.eq("activity_instance_id", q.activity_instance_id);
  outer.eq("scope_id", q.execution_id);
  outer.eq("user_id", q.user_id);
  return "WITH d AS (SELECT u.seq, u.variable_id, u.proc_inst_id, u.proc_def_key, u.scope_id, u.task_id,"
         " u.activity_instance_id, u.name, u.type, u.long_value, u.double_value, u.text_value,"
         " u.bytes_value, u.value_info, u.time, u.deleted, u.user_id,"
         " row_number() OVER (PARTITION BY u.variable_id ORDER BY u.seq) AS revision"
         " FROM hi_var_update u" + inner.where() + ") SELECT * FROM d" + outer.where();
}

VariableDetail read_detail(const pqxx::row& r) {
  VariableDetail d;
  d.id = r[0].c_str();
  VariableUpdateRecord& u = d.update;
  u.variable_id = read_sql::text_of(r[1]);
  u.process_instance_id = read_sql::text_of(r[2]);
  u.process_definition_key = read_sql::text_of(r[3]);
  u.scope_id = read_sql::text_of(r[4]);
  u.task_id = read_sql::text_of(r[5]);
  u.activity_instance_id = read_sql::text_of(r[6]);
  u.name = read_sql::text_of(r[7]);
  u.value = read_typed_value(r, 8);
  u.time = r[14].as<long long>();
  u.deleted = r[15].as<bool>();
  u.user_id = read_sql::text_of(r[16]);
  u.revision = r[17].as<int>();
  d.process_definition_id = read_sql::text_of(r[18]);
  return d;
}

class PgCaseHistoryQueries : public CaseHistoryQueries {
 public:
  explicit PgCaseHistoryQueries(Database& db) : db_(db) {}

  Result<std::vector<TakenFlow>> sequence_flows(const std::string& id) override {
    return read<std::vector<TakenFlow>>([&](ReadTransaction& tx) {
      std::vector<TakenFlow> out;
      for (const auto& r : tx.exec_params(
               "SELECT f.element, f.at FROM engine_event ev, "
               "unnest(ev.element_ids, ev.element_types, ev.events, ev.times) WITH ORDINALITY "
               "AS f(element, type, event, at, n) "
               "WHERE ev.proc_inst_id = $1 AND f.type = 'sequenceFlow' AND f.event = 'take' "
               "ORDER BY ev.seq, f.n",
               id)) {
        out.push_back({r[0].c_str(), r[1].as<long long>()});
      }
      return out;
    });
  }

  Result<std::vector<VariableDetail>> variable_details(const VariableDetailQuery& q) override {
    return read<std::vector<VariableDetail>>([&](ReadTransaction& tx) {
      std::vector<VariableDetail> out;
      std::string sql = "SELECT x.*, p.definition_id FROM (" + details_sql(tx.conn(), q) +
                        ") x LEFT JOIN hi_proc_inst p ON p.id = x.proc_inst_id" +
                        WhereBuilder::order_by(q.sorting, kDetailSort, "x.seq") + WhereBuilder::limit(q.page);
      for (const auto& r : tx.exec(sql)) out.push_back(read_detail(r));
      return out;
    });
  }

  Result<long long> count_variable_details(const VariableDetailQuery& q) override {
    return read<long long>([&](ReadTransaction& tx) {
      return tx.exec("SELECT count(*) FROM (" + details_sql(tx.conn(), q) + ") x")[0][0].as<long long>();
    });
  }

 private:
  template <typename T, typename F>
  Result<T> read(F&& f) {
    return in_transaction<T, ReadTransaction>(db_, "case history", std::forward<F>(f));
  }
  Database& db_;
};

}  // namespace

std::unique_ptr<CaseHistoryQueries> make_case_history_queries(Database& db) {
  return std::make_unique<PgCaseHistoryQueries>(db);
}

}  // namespace dpc::store
