#include "history_statements.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace dpc::store {

using namespace dpc::engine;

namespace {

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kStatements[] = {
    // The history rows most commands add, four tables in one statement (a Bind/Execute of
    // its own per table cost about a sixth of PostgreSQL's CPU per straight-through instance
    // at the group commit's usual batch of two or three): data-modifying CTEs all run, and
    // an empty array inserts nothing.
    {"dpc_history_insert",
     "WITH p AS (INSERT INTO hi_proc_inst (id, definition_id, definition_key, definition_version, "
     "business_key, tenant_id, state, start_time, end_time, start_activity_id, end_activity_id, "
     "delete_reason, super_proc_inst_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], "
     "$4::integer[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], "
     "$11::text[], $12::text[], $13::text[])), "
     "a AS (INSERT INTO hi_act_inst (id, parent_act_inst_id, activity_id, activity_name, "
     "activity_type, proc_inst_id, proc_def_id, proc_def_key, execution_id, task_id, assignee, "
     "start_time, end_time, canceled, complete_scope) SELECT * FROM unnest($14::text[], "
     "$15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], "
     "$22::text[], $23::text[], $24::text[], $25::bigint[], $26::bigint[], $27::boolean[], "
     "$28::boolean[])), "
     "v AS (INSERT INTO hi_var_update (variable_id, proc_inst_id, proc_def_key, scope_id, task_id, "
     "activity_instance_id, name, type, long_value, double_value, text_value, bytes_value, "
     "value_info, time, deleted) SELECT * FROM unnest($29::text[], $30::text[], $31::text[], "
     "$32::text[], $33::text[], $34::text[], $35::text[], $36::text[], $37::bigint[], "
     "$38::double precision[], $39::text[], $40::bytea[], $41::text[], $42::bigint[], "
     "$43::boolean[])) "
     // One engine_event row per instance: its events as array literals inside text arrays.
     "INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, "
     "time, element_ids, element_types, events, times) SELECT u.i, u.k, u.v, u.b, u.t, "
     "u.el::text[], u.ty::text[], u.ev::text[], u.ts::bigint[] FROM unnest($44::text[], "
     "$45::text[], $46::integer[], $47::text[], $48::bigint[], $49::text[], $50::text[], "
     "$51::text[], $52::text[]) AS u(i, k, v, b, t, el, ty, ev, ts)"},
    {"dpc_hi_act_end",
     "UPDATE hi_act_inst h SET end_time = u.end_time, canceled = u.canceled FROM "
     "unnest($1::text[], $2::bigint[], $3::boolean[]) AS u(id, end_time, canceled) "
     "WHERE h.id = u.id"},
    // Data-modifying CTEs all run, whatever the outer statement reads.
    {"dpc_runtime_delete",
     "WITH e AS (DELETE FROM execution WHERE proc_inst_id = $1::text), "
     "t AS (DELETE FROM task WHERE proc_inst_id = $1::text), "
     "x AS (DELETE FROM external_task WHERE proc_inst_id = $1::text), "
     "v AS (DELETE FROM variable WHERE proc_inst_id = $1::text), "
     "i AS (DELETE FROM incident WHERE proc_inst_id = $1::text), "
     "j AS (DELETE FROM job WHERE proc_inst_id = $1::text), "
     "s AS (DELETE FROM event_subscription WHERE proc_inst_id = $1::text) "
     "DELETE FROM proc_inst WHERE id = $1::text"},
};

void execute(SqlBatch& b, const char* name, std::vector<ArrayColumn>& columns) {
  b.execute(name, std::move(columns));
}

}  // namespace

void for_each_history_statement(const std::function<void(const char* name, const char* sql)>& f) {
  for (const auto& s : kStatements) f(s.name, s.sql);
}

void prepare_history_statements(pqxx::connection_base& c) {
  for (const auto& s : kStatements) {
    c.prepare(s.name, s.sql);  // no-op when already defined alike
    c.prepare_now(s.name);     // no-op when already prepared on this connection
  }
}

namespace {

// The columns of each table in dpc_history_insert, appended to `out`.
void instance_columns(std::vector<ArrayColumn>& out, const std::vector<const ProcessInstanceRecord*>& rows) {
  auto c = ArrayColumn::of("tttitttlltttt");
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
  auto c = ArrayColumn::of("tttttttttttllbb");
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

}  // namespace

void add_activity_ends(SqlBatch& b, const std::vector<ActivityInstanceRecord>& rows) {
  if (rows.empty()) return;
  auto c = ArrayColumn::of("tlb");
  for (const auto& a : rows) {
    c[0].text(a.id);
    c[1].num_or_null(a.end_time);
    c[2].boolean(a.canceled);
  }
  execute(b, "dpc_hi_act_end", c);
}

namespace {

void variable_update_columns(std::vector<ArrayColumn>& out, const std::vector<VariableUpdateRecord>& rows) {
  auto c = ArrayColumn::of("ttttttttldtxtlb");
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
  }
  for (auto& col : c) out.push_back(std::move(col));
}

void engine_event_columns(std::vector<ArrayColumn>& out, const std::vector<EngineEvent>& rows) {
  auto c = ArrayColumn::of("ttitltttt");
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
  if (instances.empty() && activities.empty() && variable_updates.empty() && events.empty()) return;
  std::vector<ArrayColumn> columns;
  columns.reserve(52);
  instance_columns(columns, instances);
  activity_columns(columns, activities);
  variable_update_columns(columns, variable_updates);
  engine_event_columns(columns, events);
  execute(b, "dpc_history_insert", columns);
}

void add_instance_runtime_delete(SqlBatch& b, const std::string& instance_id) {
  b.execute("dpc_runtime_delete", {instance_id});
}

}  // namespace dpc::store
