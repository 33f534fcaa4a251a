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
    {"dpc_hi_proc_insert",
     "INSERT INTO hi_proc_inst (id, definition_id, definition_key, definition_version, "
     "business_key, tenant_id, state, start_time, end_time, start_activity_id, end_activity_id, "
     "delete_reason, super_proc_inst_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], "
     "$4::integer[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], "
     "$11::text[], $12::text[], $13::text[])"},
    {"dpc_hi_act_insert",
     "INSERT INTO hi_act_inst (id, parent_act_inst_id, activity_id, activity_name, activity_type, "
     "proc_inst_id, proc_def_id, proc_def_key, execution_id, task_id, assignee, start_time, "
     "end_time, canceled, complete_scope) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], "
     "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], "
     "$11::text[], $12::bigint[], $13::bigint[], $14::boolean[], $15::boolean[])"},
    {"dpc_hi_act_end",
     "UPDATE hi_act_inst h SET end_time = u.end_time, canceled = u.canceled FROM "
     "unnest($1::text[], $2::bigint[], $3::boolean[]) AS u(id, end_time, canceled) "
     "WHERE h.id = u.id"},
    {"dpc_hi_var_insert",
     "INSERT INTO hi_var_update (variable_id, proc_inst_id, proc_def_key, scope_id, task_id, "
     "activity_instance_id, name, type, long_value, double_value, text_value, bytes_value, "
     "value_info, time, deleted) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], "
     "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], "
     "$10::double precision[], $11::text[], $12::bytea[], $13::text[], $14::bigint[], "
     "$15::boolean[])"},
    // One row per instance: its events as array literals inside the text arrays.
    {"dpc_event_insert",
     "INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, "
     "time, element_ids, element_types, events, times) SELECT u.i, u.k, u.v, u.b, u.t, "
     "u.el::text[], u.ty::text[], u.ev::text[], u.ts::bigint[] FROM unnest($1::text[], "
     "$2::text[], $3::integer[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], "
     "$9::text[]) AS u(i, k, v, b, t, el, ty, ev, ts)"},
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

void add_historic_instances(SqlBatch& b, const std::vector<const ProcessInstanceRecord*>& rows) {
  if (rows.empty()) return;
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
  execute(b, "dpc_hi_proc_insert", c);
}

void add_activity_inserts(SqlBatch& b, const std::vector<ActivityInstanceRecord>& rows) {
  if (rows.empty()) return;
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
  execute(b, "dpc_hi_act_insert", c);
}

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

void add_variable_updates(SqlBatch& b, const std::vector<VariableUpdateRecord>& rows) {
  if (rows.empty()) return;
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
  execute(b, "dpc_hi_var_insert", c);
}

void add_engine_events(SqlBatch& b, const std::vector<EngineEvent>& rows) {
  if (rows.empty()) return;
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
  execute(b, "dpc_event_insert", c);
}

void add_instance_runtime_delete(SqlBatch& b, const std::string& instance_id) {
  b.execute("dpc_runtime_delete", {instance_id});
}

}  // namespace dpc::store
