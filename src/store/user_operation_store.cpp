// The user operation log's queries (GET /history/user-operation) and annotations, on table
// user_op_log (migration 0016). The caller's visibility is applied inside the WHERE, so
// counts and paging stay right.
#include "dpc/store/user_operation_store.h"

#include "pooled_transaction.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

constexpr const char* kColumns =
    "id, operation_id, deployment_id, proc_def_id, proc_def_key, proc_inst_id, execution_id, "
    "task_id, job_id, job_def_id, batch_id, external_task_id, user_id, timestamp, "
    "operation_type, entity_type, property, org_value, new_value, category, annotation";

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }
std::optional<std::string> optional_text(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return std::string(f.c_str());
}

UserOperationEntry read_entry(const pqxx::row& r) {
  UserOperationEntry e;
  e.id = text(r[0]);
  e.operation_id = text(r[1]);
  OperationContext& c = e.context;
  c.deployment_id = text(r[2]);
  c.process_definition_id = text(r[3]);
  c.process_definition_key = text(r[4]);
  c.process_instance_id = text(r[5]);
  c.execution_id = text(r[6]);
  c.task_id = text(r[7]);
  c.job_id = text(r[8]);
  c.job_definition_id = text(r[9]);
  c.batch_id = text(r[10]);
  c.external_task_id = text(r[11]);
  e.user_id = text(r[12]);
  e.timestamp = r[13].as<long long>();
  e.operation_type = text(r[14]);
  e.entity_type = text(r[15]);
  e.property = optional_text(r[16]);
  e.org_value = optional_text(r[17]);
  e.new_value = optional_text(r[18]);
  e.category = text(r[19]);
  e.annotation = text(r[20]);
  return e;
}

void filters(WhereBuilder& w, const UserOperationLogQuery& q) {
  w.eq("deployment_id", q.deployment_id);
  w.eq("proc_def_id", q.process_definition_id);
  w.eq("proc_def_key", q.process_definition_key);
  w.eq("proc_inst_id", q.process_instance_id);
  w.eq("execution_id", q.execution_id);
  w.eq("task_id", q.task_id);
  w.eq("job_id", q.job_id);
  w.eq("job_def_id", q.job_definition_id);
  w.eq("batch_id", q.batch_id);
  w.eq("external_task_id", q.external_task_id);
  w.eq("user_id", q.user_id);
  w.eq("operation_id", q.operation_id);
  w.eq("operation_type", q.operation_type);
  w.eq("entity_type", q.entity_type);
  w.in("entity_type", q.entity_type_in);
  w.eq("category", q.category);
  w.in("category", q.category_in);
  w.eq("property", q.property);
  w.cmp("timestamp", ">", q.after_timestamp);
  w.cmp("timestamp", "<", q.before_timestamp);
  // Camunda's rule: READ_HISTORY on the entry's process definition key (entries that have
  // one), or READ on UserOperationLogCategory for its category.
  const Visibility& v = q.visibility;
  if (!v.unrestricted) {
    auto quote = [&w](const std::string& id) { return w.q(id); };
    w.raw("((proc_def_key IS NOT NULL AND " + id_filter_condition(v.definitions, "proc_def_key", quote) +
          ") OR (category IS NOT NULL AND " + id_filter_condition(v.instances, "category", quote) + "))");
  }
}

class PgUserOperationStore : public UserOperationLogStore {
 public:
  explicit PgUserOperationStore(Database& db) : db_(db) {}

  Result<std::vector<UserOperationEntry>> entries(const UserOperationLogQuery& q) override {
    return read<std::vector<UserOperationEntry>>([&](pqxx::transaction_base& tx) {
      WhereBuilder w(tx.conn());
      filters(w, q);
      std::vector<UserOperationEntry> out;
      for (const auto& r : tx.exec(std::string("SELECT ") + kColumns + " FROM user_op_log" + w.where() +
                                   WhereBuilder::order_by(q.sorting, {{"timestamp", "timestamp"}}, "id") +
                                   WhereBuilder::limit(q.page))) {
        out.push_back(read_entry(r));
      }
      return out;
    });
  }

  Result<long long> count(const UserOperationLogQuery& q) override {
    return read<long long>([&](pqxx::transaction_base& tx) {
      WhereBuilder w(tx.conn());
      filters(w, q);
      return tx.exec("SELECT count(*) FROM user_op_log" + w.where())[0][0].as<long long>();
    });
  }

  Result<std::vector<UserOperationEntry>> operation(const std::string& operation_id) override {
    UserOperationLogQuery q;
    q.operation_id = operation_id;
    return entries(q);
  }

  Result<bool> set_annotation(const std::string& operation_id,
                              const std::optional<std::string>& annotation) override {
    return in_transaction<bool>(db_, "user operation log", [&](pqxx::work& tx) -> Result<bool> {
      auto r = tx.exec_params("UPDATE user_op_log SET annotation = $2 WHERE operation_id = $1",
                              operation_id, annotation);
      return r.affected_rows() > 0;
    });
  }

 private:
  template <typename T, typename F>
  Result<T> read(F&& body) {
    return in_transaction<T, pqxx::nontransaction>(
        db_, "user operation log", [&](pqxx::transaction_base& tx) -> Result<T> { return body(tx); });
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<UserOperationLogStore> make_user_operation_store(Database& db) {
  return std::make_unique<PgUserOperationStore>(db);
}

}  // namespace dpc::store
