// INSERTs of user_op_log rows (migration 0016).
#include "user_operation_sql.h"

#include "dpc/core/time_format.h"

namespace dpc::store {

namespace {
constexpr const char* kColumns =
    "id, operation_id, deployment_id, proc_def_id, proc_def_key, proc_inst_id, execution_id, "
    "task_id, job_id, job_def_id, batch_id, external_task_id, user_id, timestamp, "
    "operation_type, entity_type, property, org_value, new_value, category, annotation";
}  // namespace

void add_user_operations(SqlBatch& b, const std::vector<UserOperationEntry>& entries) {
  if (entries.empty()) return;
  auto opt = [&](const std::optional<std::string>& v) { return v ? b.text(*v) : std::string("NULL"); };
  std::vector<std::string> rows;
  rows.reserve(entries.size());
  for (const auto& e : entries) {
    const OperationContext& c = e.context;
    rows.push_back(b.text(e.id) + "," + b.text(e.operation_id) + "," + b.text_or_null(c.deployment_id) +
                   "," + b.text_or_null(c.process_definition_id) + "," +
                   b.text_or_null(c.process_definition_key) + "," + b.text_or_null(c.process_instance_id) +
                   "," + b.text_or_null(c.execution_id) + "," + b.text_or_null(c.task_id) + "," +
                   b.text_or_null(c.job_id) + "," + b.text_or_null(c.job_definition_id) + "," +
                   b.text_or_null(c.batch_id) + "," + b.text_or_null(c.external_task_id) + "," +
                   b.text_or_null(e.user_id) + "," + SqlBatch::num(e.timestamp) + "," +
                   b.text(e.operation_type) + "," + b.text(e.entity_type) + "," + opt(e.property) +
                   "," + opt(e.org_value) + "," + opt(e.new_value) + "," + b.text_or_null(e.category) +
                   "," + b.text_or_null(e.annotation));
  }
  b.insert("user_op_log", kColumns, rows);
}

void write_user_operation(pqxx::transaction_base& tx) {
  auto entries = take_user_operation_entries(now_millis());
  if (entries.empty()) return;
  SqlBatch b(tx.conn());
  add_user_operations(b, entries);
  tx.exec(b.sql());
}

}  // namespace dpc::store
