// Reads of jobs for the /job REST resource (engine::JobQueries).
#include <map>

#include "dpc/store/job_store.h"
#include "pooled_transaction.h"
#include "runtime_rows.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store {

using engine::JobQuery;
using engine::JobView;

namespace {

const std::map<std::string, std::string> kJobSort = {
    {"jobId", "j.id"}, {"executionId", "j.execution_id"}, {"processInstanceId", "j.proc_inst_id"},
    {"processDefinitionId", "j.proc_def_id"}, {"processDefinitionKey", "j.proc_def_key"},
    {"jobPriority", "j.priority"}, {"jobRetries", "j.retries"}, {"jobDueDate", "j.due_date"},
    {"tenantId", "j.tenant_id"}};

const char* sql_op(const std::string& op) {
  if (op == "lt") return "<";
  if (op == "gt") return ">";
  if (op == "lteq") return "<=";
  if (op == "gteq") return ">=";
  return "=";
}

// Job columns prefixed with "j.", then whether the job is suspended (kJobSuspended).
std::string select_columns() {
  std::string cols = kJobColumns, out;
  size_t start = 0;
  while (start < cols.size()) {
    size_t comma = cols.find(',', start);
    std::string c = cols.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!c.empty() && c.front() == ' ') c.erase(0, 1);
    out += (out.empty() ? "j." : ", j.") + c;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out + ", " + kJobSuspended;
}

const char* const kFrom = " FROM job j LEFT JOIN proc_inst p ON p.id = j.proc_inst_id";

std::string where(pqxx::connection_base& c, const JobQuery& q) {
  WhereBuilder w(c);
  w.eq("j.id", q.job_id);
  w.in("j.id", q.job_ids);
  w.eq("j.proc_inst_id", q.process_instance_id);
  w.in("j.proc_inst_id", q.process_instance_ids);
  w.eq("j.execution_id", q.execution_id);
  w.eq("j.proc_def_id", q.process_definition_id);
  w.eq("j.proc_def_key", q.process_definition_key);
  w.eq("j.activity_id", q.activity_id);
  w.eq("j.exception_message", q.exception_message);
  if (const auto& d = q.job_definition_id) {
    auto batch_of = [&](const std::string& suffix) {
      return d->size() > suffix.size() && d->compare(d->size() - suffix.size(), suffix.size(), suffix) == 0
                 ? std::optional<std::string>(d->substr(0, d->size() - suffix.size()))
                 : std::nullopt;
    };
    if (auto b = batch_of("-batch")) {
      w.eq("j.batch_id", b);
      w.raw("j.type = 'batch'");
    } else if (auto m = batch_of("-monitor")) {
      w.eq("j.batch_id", m);
      w.raw("j.type = 'batch-monitor'");
    } else {
      w.raw("false");
    }
  }
  if (q.with_retries_left) w.raw("j.retries > 0");
  if (q.no_retries_left) w.raw("j.retries = 0");
  if (q.executable) w.raw("j.retries > 0 AND j.due_date <= " + std::to_string(q.now));
  if (q.timers) w.raw("j.type = 'timer'");
  if (q.messages) w.raw("j.type = 'message'");
  if (q.with_exception) w.raw("j.exception_message IS NOT NULL");
  if (q.active) w.raw(std::string("NOT ") + kJobSuspended);
  if (q.suspended) w.raw(kJobSuspended);
  w.cmp("j.priority", ">=", q.priority_at_least);
  w.cmp("j.priority", "<=", q.priority_at_most);
  for (const auto& [op, t] : q.due_dates) w.raw(std::string("j.due_date ") + sql_op(op) + " " + std::to_string(t));
  for (const auto& [op, t] : q.create_times) w.raw(std::string("j.created ") + sql_op(op) + " " + std::to_string(t));
  visible_instances(w, q.visibility, "j.proc_def_key", "j.proc_inst_id");
  return w.where();
}

JobView read_view(const pqxx::row& r) {
  JobView v;
  v.job = read_job(r);
  v.suspended = r[r.size() - 1].as<bool>();
  return v;
}

class PgJobQueries : public engine::JobQueries {
 public:
  explicit PgJobQueries(Database& db) : db_(db) {}

  Result<std::vector<JobView>> jobs(const JobQuery& q) override {
    return in_transaction<std::vector<JobView>, pqxx::read_transaction>(db_, "job query", [&](auto& tx) {
      std::vector<JobView> out;
      for (const auto& r : tx.exec("SELECT " + select_columns() + kFrom + where(tx.conn(), q) +
                                   WhereBuilder::order_by(q.sorting, kJobSort, "j.id") +
                                   WhereBuilder::limit(q.page))) {
        out.push_back(read_view(r));
      }
      return out;
    });
  }

  Result<long long> count_jobs(const JobQuery& q) override {
    return in_transaction<long long, pqxx::read_transaction>(db_, "job count", [&](auto& tx) {
      return tx.exec(std::string("SELECT count(*)") + kFrom + where(tx.conn(), q))[0][0].template as<long long>();
    });
  }

  Result<JobView> job(const std::string& id) override {
    return in_transaction<JobView, pqxx::read_transaction>(db_, "job read", [&](auto& tx) -> Result<JobView> {
      auto rows = tx.exec_params("SELECT " + select_columns() + kFrom + " WHERE j.id = $1", id);
      if (rows.empty()) return Error::not_found("Job with id " + id + " does not exist");
      return read_view(rows[0]);
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<engine::JobQueries> make_job_queries(Database& db) {
  return std::make_unique<PgJobQueries>(db);
}

}  // namespace dpc::store
