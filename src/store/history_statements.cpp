#include "history_statements.h"

#include <charconv>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

namespace dpc::store {

using namespace dpc::engine;

namespace {

struct Statement {
  std::string name;
  std::string sql;
};

// The new history rows of four tables, as parts of one statement: `{}` stands for the part's
// array parameters, one per letter of `types` (ArrayColumn::of's letters), which also
// builds the columns that fill them.
struct InsertPart {
  const char* sql;
  const char* types;
};
const InsertPart kInsertParts[] = {
    {"INSERT INTO hi_proc_inst (id, definition_id, definition_key, definition_version, "
     "business_key, tenant_id, state, start_time, end_time, start_activity_id, end_activity_id, "
     "delete_reason, super_proc_inst_id) SELECT * FROM unnest({})",
     "tttitttlltttt"},
    {"INSERT INTO hi_act_inst (id, parent_act_inst_id, activity_id, activity_name, "
     "activity_type, proc_inst_id, proc_def_id, proc_def_key, execution_id, task_id, assignee, "
     "start_time, end_time, canceled, complete_scope) SELECT * FROM unnest({})",
     "tttttttttttllbb"},
    {"INSERT INTO hi_var_update (variable_id, proc_inst_id, proc_def_key, scope_id, task_id, "
     "activity_instance_id, name, type, long_value, double_value, text_value, bytes_value, "
     "value_info, time, deleted, user_id) SELECT * FROM unnest({})",
     "ttttttttldtxtlbt"},
    // One engine_event row per instance: its events as array literals inside text arrays.
    {"INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, "
     "time, element_ids, element_types, events, times) SELECT u.i, u.k, u.v, u.b, u.t, "
     "u.el::text[], u.ty::text[], u.ev::text[], u.ts::bigint[] FROM unnest({}) "
     "AS u(i, k, v, b, t, el, ty, ev, ts)",
     "ttitltttt"},
};
enum Part { kInstances, kActivities, kVariableUpdates, kEvents };
constexpr int kInsertPartCount = 4;

// dpc_history_insert_<mask>: the parts whose bit is set in mask, in one statement (a
// Bind/Execute of its own per table cost about a sixth of PostgreSQL's CPU per
// straight-through instance at the group commit's usual batch; data-modifying CTEs all run).
// Only the tables a command writes: each part costs an executor node and a tuplestore even
// when its arrays are empty.
std::string history_insert_name(int mask) { return "dpc_history_insert_" + std::to_string(mask); }

std::string history_insert_sql(int mask) {
  std::vector<std::string> parts;
  int param = 1;
  for (int i = 0; i < kInsertPartCount; ++i) {
    if (!(mask & (1 << i))) continue;
    std::string params;
    for (const char* t = kInsertParts[i].types; *t; ++t) {
      static const std::map<char, const char*> kSqlType = {
          {'t', "text"}, {'i', "integer"}, {'l', "bigint"}, {'b', "boolean"},
          {'d', "double precision"}, {'x', "bytea"}};
      if (!params.empty()) params += ", ";
      params += "$" + std::to_string(param++) + "::" + kSqlType.at(*t) + "[]";
    }
    std::string sql = kInsertParts[i].sql;
    sql.replace(sql.find("{}"), 2, params);
    parts.push_back(std::move(sql));
  }
  std::string sql;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    sql += (i == 0 ? "WITH " : ", ") + std::string("p") + std::to_string(i) + " AS (" + parts[i] + ")";
  }
  return sql + (parts.size() > 1 ? " " : "") + parts.back();
}

const std::vector<Statement>& statements() {
  static const std::vector<Statement> all = [] {
    std::vector<Statement> v;
    for (int mask = 1; mask < (1 << kInsertPartCount); ++mask) {
      v.push_back({history_insert_name(mask), history_insert_sql(mask)});
    }
    // One row per execution, by primary key: a generic plan of the set-based form (UPDATE
    // ... FROM unnest) made while hi_act_inst was small joined by scanning the whole table,
    // and kept doing so as it grew until autovacuum analyzed it (user-task round trips at
    // half speed on a fresh database); equality on the key is an index scan in every plan.
    v.push_back({"dpc_hi_act_end",
                 "UPDATE hi_act_inst SET end_time = $2::bigint, canceled = $3::boolean "
                 "WHERE id = $1::text"});
    // Data-modifying CTEs all run, whatever the outer statement reads.
    v.push_back({"dpc_runtime_delete",
                 "WITH e AS (DELETE FROM execution WHERE proc_inst_id = $1::text), "
                 "t AS (DELETE FROM task WHERE proc_inst_id = $1::text), "
                 "x AS (DELETE FROM external_task WHERE proc_inst_id = $1::text), "
                 "v AS (DELETE FROM variable WHERE proc_inst_id = $1::text), "
                 "i AS (DELETE FROM incident WHERE proc_inst_id = $1::text), "
                 "j AS (DELETE FROM job WHERE proc_inst_id = $1::text), "
                 "s AS (DELETE FROM event_subscription WHERE proc_inst_id = $1::text) "
                 "DELETE FROM proc_inst WHERE id = $1::text"});
    return v;
  }();
  return all;
}

}  // namespace

void for_each_history_statement(const std::function<void(const char* name, const char* sql)>& f) {
  for (const auto& s : statements()) f(s.name.c_str(), s.sql.c_str());
}

void prepare_history_statements(pqxx::connection_base& c) {
  for (const auto& s : statements()) {
    c.prepare(s.name, s.sql);  // no-op when already defined alike
    c.prepare_now(s.name);     // no-op when already prepared on this connection
  }
}

void add_activity_ends(SqlBatch& b, const std::vector<ActivityInstanceRecord>& rows) {
  for (const auto& a : rows) {
    b.execute("dpc_hi_act_end", {a.id, std::to_string(a.end_time.value_or(0)), a.canceled ? "true" : "false"});
  }
}

namespace {

// The columns of each part of dpc_history_insert_<mask>, appended to `out`.
void instance_columns(std::vector<ArrayColumn>& out, const std::vector<const ProcessInstanceRecord*>& rows) {
  auto c = ArrayColumn::of(kInsertParts[kInstances].types);
  for (const ProcessInstanceRecord* p : rows) {
    c[0].text(p->id);
    c[1].text(p->definition_id);
    c[2].text(p->definition_key);
    c[3].num(p->definition_version);
    c[4].text_or_null(p->business_key);
    c[5].text_or_null(p->tenant_id);
    c[6].text(p->state);
    c[7].num(p->start_time);
    c[8].num_or_null(p->end_time);
    c[9].text_or_null(p->start_activity_id);
    c[10].text_or_null(p->end_activity_id);
    c[11].text_or_null(p->delete_reason);
    c[12].text_or_null(p->super_process_instance_id);
  }
  for (auto& col : c) out.push_back(std::move(col));
}

void activity_columns(std::vector<ArrayColumn>& out, const std::vector<ActivityInstanceRecord>& rows) {
  auto c = ArrayColumn::of(kInsertParts[kActivities].types);
  for (const auto& a : rows) {
    c[0].text(a.id);
    c[1].text_or_null(a.parent_activity_instance_id);
    c[2].text(a.activity_id);
    c[3].text_or_null(a.activity_name);
    c[4].text(a.activity_type);
    c[5].text(a.process_instance_id);
    c[6].text(a.process_definition_id);
    c[7].text(a.process_definition_key);
    c[8].text_or_null(a.execution_id);
    c[9].text_or_null(a.task_id);
    c[10].text_or_null(a.assignee);
    c[11].num(a.start_time);
    c[12].num_or_null(a.end_time);
    c[13].boolean(a.canceled);
    c[14].boolean(a.complete_scope);
  }
  for (auto& col : c) out.push_back(std::move(col));
}

void variable_update_columns(std::vector<ArrayColumn>& out, const std::vector<VariableUpdateRecord>& rows) {
  auto c = ArrayColumn::of(kInsertParts[kVariableUpdates].types);
  for (const auto& u : rows) {
    c[0].text(u.variable_id);
    c[1].text(u.process_instance_id);
    c[2].text_or_null(u.process_definition_key);
    c[3].text_or_null(u.scope_id);
    c[4].text_or_null(u.task_id);
    c[5].text_or_null(u.activity_instance_id);
    c[6].text(u.name);
    const TypedValue& v = u.value;
    c[7].text(std::string(value_type_name(v.type)));
    bool has_long = false, has_double = false, has_text = false, has_bytes = false;
    switch (v.type) {
      case ValueType::kNull: break;
      case ValueType::kBoolean:
        c[8].num(v.boolean ? 1 : 0);
        has_long = true;
        break;
      case ValueType::kShort:
      case ValueType::kInteger:
      case ValueType::kLong:
      case ValueType::kDate:
        c[8].num(v.integer);
        has_long = true;
        break;
      case ValueType::kDouble:
        c[9].real(v.number);
        has_double = true;
        break;
      case ValueType::kString:
      case ValueType::kJson:
      case ValueType::kXml:
      case ValueType::kObject:
        c[10].text(v.text);
        has_text = true;
        break;
      case ValueType::kBytes:
      case ValueType::kFile:
        c[11].bytes(v.text);
        has_bytes = true;
        break;
    }
    if (!has_long) c[8].null();
    if (!has_double) c[9].null();
    if (!has_text) c[10].null();
    if (!has_bytes) c[11].null();
    if (v.info.empty()) {
      c[12].null();
    } else {
      c[12].text(nlohmann::json(v.info).dump());
    }
    c[13].num(u.time);
    c[14].boolean(u.deleted);
    c[15].text_or_null(u.user_id);
  }
  for (auto& col : c) out.push_back(std::move(col));
}

void engine_event_columns(std::vector<ArrayColumn>& out, const std::vector<EngineEvent>& rows) {
  auto c = ArrayColumn::of(kInsertParts[kEvents].types);
  // Each run of events of one instance becomes one row.
  for (size_t i = 0; i < rows.size();) {
    const EngineEvent& first = rows[i];
    ArrayColumn elements, types, events, times(ArrayColumn::Type::kInt8);
    for (; i < rows.size() && rows[i].process_instance_id == first.process_instance_id; ++i) {
      elements.text(rows[i].element_id);
      types.text(rows[i].element_type);
      events.text(rows[i].event);
      times.num(rows[i].time);
    }
    c[0].text(first.process_instance_id);
    c[1].text(first.definition_key);
    c[2].num(first.definition_version);
    c[3].text_or_null(first.business_key);
    c[4].num(first.time);
    c[5].text(elements.literal());
    c[6].text(types.literal());
    c[7].text(events.literal());
    c[8].text(times.literal());
  }
  for (auto& col : c) out.push_back(std::move(col));
}

}  // namespace

void add_history_inserts(SqlBatch& b, const std::vector<const ProcessInstanceRecord*>& instances,
                         const std::vector<ActivityInstanceRecord>& activities,
                         const std::vector<VariableUpdateRecord>& variable_updates,
                         const std::vector<EngineEvent>& events) {
  int mask = (instances.empty() ? 0 : 1 << kInstances) | (activities.empty() ? 0 : 1 << kActivities) |
             (variable_updates.empty() ? 0 : 1 << kVariableUpdates) | (events.empty() ? 0 : 1 << kEvents);
  if (!mask) return;
  std::vector<ArrayColumn> columns;
  columns.reserve(53);
  if (mask & (1 << kInstances)) instance_columns(columns, instances);
  if (mask & (1 << kActivities)) activity_columns(columns, activities);
  if (mask & (1 << kVariableUpdates)) variable_update_columns(columns, variable_updates);
  if (mask & (1 << kEvents)) engine_event_columns(columns, events);
  b.execute(statements()[static_cast<size_t>(mask - 1)].name.c_str(), std::move(columns));
}

void add_instance_runtime_delete(SqlBatch& b, const std::string& instance_id) {
  b.execute("dpc_runtime_delete", {instance_id});
}

}  // namespace dpc::store
