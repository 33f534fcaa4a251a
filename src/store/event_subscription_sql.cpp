#include "event_subscription_sql.h"

#include <nlohmann/json.hpp>

namespace dpc::store {

using engine::EventSubscriptionRecord;

namespace {
constexpr const char* kColumns =
    "id, kind, event_name, proc_inst_id, execution_id, activity_id, proc_def_id, created";

// A filter on the variable's typed column, or "" when the type is not compared in SQL.
std::string value_filter(const SqlBatch& b, const TypedValue& v) {
  switch (v.type) {
    case ValueType::kString: return "v.type = 'String' AND v.text_value = " + b.text(v.text);
    case ValueType::kBoolean:
      return std::string("v.type = 'Boolean' AND v.long_value = ") + (v.boolean ? "1" : "0");
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
      return "v.type IN ('Short', 'Integer', 'Long') AND v.long_value = " + SqlBatch::num(v.integer);
    case ValueType::kDouble:
      return "v.type = 'Double' AND v.double_value = " + nlohmann::json(v.number).dump();
    default: return "";
  }
}
}  // namespace

static std::string subscription_values(const SqlBatch& b, const EventSubscriptionRecord& s) {
  return b.text(s.id) + "," + b.text(s.kind) + "," + b.text(s.event_name) + "," +
         b.text(s.process_instance_id) + "," + b.text(s.execution_id) + "," +
         b.text(s.activity_id) + "," + b.text(s.definition_id) + "," + SqlBatch::num(s.created);
}

void add_subscription_writes(SqlBatch& b, const engine::SubscriptionChanges& c) {
  if (!c.cleared_executions.empty()) {
    std::string ids;
    for (const auto& id : c.cleared_executions) ids += (ids.empty() ? "" : ",") + b.text(id);
    // Compensation subscriptions outlive their scope execution's rewrites.
    b.statement("DELETE FROM event_subscription WHERE execution_id IN (" + ids +
                ") AND kind <> 'compensate'");
  }
  std::vector<std::string> rows;
  for (const auto& s : c.inserted) rows.push_back(subscription_values(b, s));
  b.insert("event_subscription", kColumns, rows);
}

void add_compensation_writes(SqlBatch& b, const engine::RowChanges<EventSubscriptionRecord>& c) {
  std::string ids;
  for (const auto& id : c.deleted) ids += (ids.empty() ? "" : ",") + b.text(id);
  for (const auto& s : c.updated) ids += (ids.empty() ? "" : ",") + b.text(s.id);
  if (!ids.empty()) b.statement("DELETE FROM event_subscription WHERE id IN (" + ids + ")");
  std::vector<std::string> rows;
  for (const auto& s : c.updated) rows.push_back(subscription_values(b, s));
  for (const auto& s : c.inserted) rows.push_back(subscription_values(b, s));
  b.insert("event_subscription", kColumns, rows);
}

std::string compensations_sql(const std::string& quoted_instance_id) {
  return std::string("SELECT ") + kColumns + " FROM event_subscription WHERE proc_inst_id = " +
         quoted_instance_id + " AND kind = 'compensate'";
}

std::string find_subscriptions_sql(const SqlBatch& b, const engine::SubscriptionQuery& q) {
  std::string sql = "SELECT s.id, s.kind, s.event_name, s.proc_inst_id, s.execution_id, "
                    "s.activity_id, s.proc_def_id, s.created FROM event_subscription s "
                    "JOIN proc_inst p ON p.id = s.proc_inst_id WHERE NOT p.suspended";
  if (!q.kind.empty()) sql += " AND s.kind = " + b.text(q.kind);
  if (!q.event_name.empty()) sql += " AND s.event_name = " + b.text(q.event_name);
  if (!q.process_instance_id.empty()) sql += " AND s.proc_inst_id = " + b.text(q.process_instance_id);
  if (!q.business_key.empty()) sql += " AND p.business_key = " + b.text(q.business_key);
  for (const auto& [name, value] : q.correlation_keys) {
    std::string f = value_filter(b, value);
    if (f.empty()) continue;
    sql += " AND EXISTS (SELECT 1 FROM variable v WHERE v.proc_inst_id = s.proc_inst_id AND "
           "v.scope_id = s.proc_inst_id AND v.task_id IS NULL AND v.name = " + b.text(name) +
           " AND " + f + ")";
  }
  return sql + " ORDER BY s.proc_inst_id, s.id LIMIT 10000";
}

EventSubscriptionRecord read_subscription(const pqxx::row& r) {
  EventSubscriptionRecord s;
  s.id = r[0].as<std::string>();
  s.kind = r[1].as<std::string>();
  s.event_name = r[2].as<std::string>();
  s.process_instance_id = r[3].as<std::string>();
  s.execution_id = r[4].as<std::string>();
  s.activity_id = r[5].as<std::string>();
  s.definition_id = r[6].as<std::string>();
  s.created = r[7].as<long long>();
  return s;
}

}  // namespace dpc::store
