// Decision history on PostgreSQL: inputs and outputs are jsonb arrays of
// {clauseId, clauseName, [ruleId, ruleOrder, variableName,] type, value}.
#include "dpc/store/decision_history_store.h"

#include <nlohmann/json.hpp>

#include "decision_history_sql.h"
#include "pooled_transaction.h"
#include "visibility_sql.h"

namespace dpc::store {

using namespace dpc::engine;
using nlohmann::json;

namespace {

constexpr const char* kColumns =
    "id, decision_definition_id, decision_definition_key, decision_definition_name, "
    "evaluation_time, process_definition_id, process_definition_key, process_instance_id, "
    "activity_id, activity_instance_id, tenant_id, inputs, outputs";

json value_json(const TypedValue& v) {
  switch (v.type) {
    case ValueType::kNull: return nullptr;
    case ValueType::kBoolean: return v.boolean;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
    case ValueType::kDate: return v.integer;
    case ValueType::kDouble: return v.number;
    default: return v.text;  // Json stays its serialized text
  }
}

TypedValue value_from(const json& j) {
  TypedValue v;
  v.type = parse_value_type(j.value("type", "Null")).value_or(ValueType::kNull);
  const json& x = j.contains("value") ? j["value"] : json(nullptr);
  if (x.is_null()) {
    v.type = v.type == ValueType::kNull ? ValueType::kNull : v.type;
    return v;
  }
  switch (v.type) {
    case ValueType::kBoolean: v.boolean = x.is_boolean() && x.get<bool>(); break;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
    case ValueType::kDate: v.integer = x.is_number() ? x.get<std::int64_t>() : 0; break;
    case ValueType::kDouble: v.number = x.is_number() ? x.get<double>() : 0; break;
    case ValueType::kNull: break;
    default: v.text = x.is_string() ? x.get<std::string>() : x.dump(); break;
  }
  return v;
}

std::string text_or_empty(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

HistoricDecisionInstanceRecord read_row(const pqxx::row& r) {
  HistoricDecisionInstanceRecord h;
  h.id = r[0].c_str();
  h.decision_definition_id = r[1].c_str();
  h.decision_definition_key = r[2].c_str();
  h.decision_definition_name = text_or_empty(r[3]);
  h.evaluation_time = r[4].as<std::int64_t>();
  h.process_definition_id = text_or_empty(r[5]);
  h.process_definition_key = text_or_empty(r[6]);
  h.process_instance_id = text_or_empty(r[7]);
  h.activity_id = text_or_empty(r[8]);
  h.activity_instance_id = text_or_empty(r[9]);
  h.tenant_id = text_or_empty(r[10]);
  for (const auto& in : json::parse(r[11].c_str(), nullptr, false)) {
    if (!in.is_object()) continue;
    h.inputs.push_back({in.value("clauseId", ""), in.value("clauseName", ""), value_from(in)});
  }
  for (const auto& out : json::parse(r[12].c_str(), nullptr, false)) {
    if (!out.is_object()) continue;
    h.outputs.push_back({out.value("clauseId", ""), out.value("clauseName", ""),
                         out.value("ruleId", ""), out.value("ruleOrder", 0),
                         out.value("variableName", ""), value_from(out)});
  }
  return h;
}

// WHERE ... for a query; values quoted by the connection.
std::string where(pqxx::connection_base& c, const DecisionInstanceQuery& q) {
  std::string out;
  auto add = [&](const std::string& cond) { out += (out.empty() ? " WHERE " : " AND ") + cond; };
  auto eq = [&](const char* column, const std::optional<std::string>& v) {
    if (v) add(std::string(column) + " = " + c.quote(*v));
  };
  eq("id", q.id);
  eq("decision_definition_id", q.decision_definition_id);
  eq("decision_definition_key", q.decision_definition_key);
  eq("process_instance_id", q.process_instance_id);
  eq("process_definition_id", q.process_definition_id);
  eq("process_definition_key", q.process_definition_key);
  eq("activity_id", q.activity_id);
  if (q.evaluated_before) add("evaluation_time <= " + std::to_string(*q.evaluated_before));
  if (q.evaluated_after) add("evaluation_time >= " + std::to_string(*q.evaluated_after));
  auto visible = definition_visibility(q.visibility, "decision_definition_key",
                                       [&c](const std::string& id) { return c.quote(id); });
  if (!visible.empty()) add(visible);
  return out;
}

class PgDecisionHistoryStore : public DecisionHistoryStore {
 public:
  explicit PgDecisionHistoryStore(Database& db) : db_(db) {}

  Status insert(const HistoricDecisionInstanceRecord& record) override {
    auto done = in_transaction<bool, pqxx::nontransaction>(db_, "decision history", [&](pqxx::nontransaction& tx) -> Result<bool> {
      SqlBatch b(tx.conn());
      add_decision_instances(b, {record});
      tx.exec(b.sql());
      return true;
    });
    if (!done) return done.error();
    return {};
  }

  Result<std::vector<HistoricDecisionInstanceRecord>> list(const DecisionInstanceQuery& q) override {
    using Rows = std::vector<HistoricDecisionInstanceRecord>;
    return in_transaction<Rows, pqxx::nontransaction>(db_, "decision history", [&](pqxx::nontransaction& tx) -> Result<Rows> {
      std::string sql = std::string("SELECT ") + kColumns + " FROM hi_decision_instance" +
                        where(tx.conn(), q) + " ORDER BY evaluation_time " +
                        (q.descending ? "DESC" : "ASC") + ", id";
      if (q.max_results >= 0) sql += " LIMIT " + std::to_string(q.max_results);
      if (q.first_result > 0) sql += " OFFSET " + std::to_string(q.first_result);
      Rows out;
      for (const auto& r : tx.exec(sql)) out.push_back(read_row(r));
      return out;
    });
  }

  Result<long long> count(const DecisionInstanceQuery& q) override {
    return in_transaction<long long, pqxx::nontransaction>(db_, "decision history", [&](pqxx::nontransaction& tx) -> Result<long long> {
      return tx.exec("SELECT count(*) FROM hi_decision_instance" + where(tx.conn(), q))[0][0].as<long long>();
    });
  }

 private:
  Database& db_;
};

}  // namespace

void add_decision_instances(SqlBatch& b, const std::vector<HistoricDecisionInstanceRecord>& records) {
  std::vector<std::string> rows;
  for (const auto& h : records) {
    json inputs = json::array(), outputs = json::array();
    for (const auto& in : h.inputs) {
      inputs.push_back({{"clauseId", in.clause_id}, {"clauseName", in.clause_name},
                        {"type", std::string(value_type_name(in.value.type))},
                        {"value", value_json(in.value)}});
    }
    for (const auto& out : h.outputs) {
      outputs.push_back({{"clauseId", out.clause_id}, {"clauseName", out.clause_name},
                         {"ruleId", out.rule_id}, {"ruleOrder", out.rule_order},
                         {"variableName", out.variable_name},
                         {"type", std::string(value_type_name(out.value.type))},
                         {"value", value_json(out.value)}});
    }
    rows.push_back(b.text(h.id) + "," + b.text(h.decision_definition_id) + "," +
                   b.text(h.decision_definition_key) + "," + b.text_or_null(h.decision_definition_name) + "," +
                   SqlBatch::num(h.evaluation_time) + "," + b.text_or_null(h.process_definition_id) + "," +
                   b.text_or_null(h.process_definition_key) + "," + b.text_or_null(h.process_instance_id) + "," +
                   b.text_or_null(h.activity_id) + "," + b.text_or_null(h.activity_instance_id) + "," +
                   b.text_or_null(h.tenant_id) + "," + b.text(inputs.dump()) + "::jsonb," +
                   b.text(outputs.dump()) + "::jsonb");
  }
  b.insert("hi_decision_instance", kColumns, rows);
}

std::unique_ptr<DecisionHistoryStore> make_decision_history_store(Database& db) {
  return std::make_unique<PgDecisionHistoryStore>(db);
}

}  // namespace dpc::store
