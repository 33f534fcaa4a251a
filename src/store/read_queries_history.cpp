// Reads of the history tables: hi_proc_inst, hi_act_inst, hi_task and hi_var_update (whose
// latest row per variable is the historic variable instance). See read_queries_sql.h.
#include <map>

#include "read_queries_sql.h"
#include "sql_batch.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store::read_sql {

using namespace dpc::engine;

namespace {

// ---- hi_proc_inst ----

const std::map<std::string, std::string> kProcSort = {
    {"instanceId", "h.id"}, {"definitionKey", "h.definition_key"},
    {"definitionId", "h.definition_id"}, {"businessKey", "h.business_key"},
    {"startTime", "h.start_time"}, {"endTime", "h.end_time"},
    {"duration", "(h.end_time - h.start_time)"}};

// A running instance's history row keeps ACTIVE while it is suspended; the runtime row
// knows, so the state is derived from it (as Camunda reports SUSPENDED).
const std::string kHistoricState =
    "(CASE WHEN h.end_time IS NULL AND p.suspended THEN 'SUSPENDED' ELSE h.state END)";
const std::string kProcColumns =
    "h.id, h.definition_id, h.definition_key, h.definition_version, h.business_key, h.tenant_id, " +
    kHistoricState + ", h.start_time, h.end_time, h.start_activity_id, h.end_activity_id, h.delete_reason, d.name, "
    "h.super_proc_inst_id";
const char* const kProcFrom =
    " FROM hi_proc_inst h LEFT JOIN process_definition d ON d.id = h.definition_id"
    " LEFT JOIN proc_inst p ON p.id = h.id";

void proc_filters(WhereBuilder& w, const HistoricProcessInstanceQuery& q) {
  w.eq("h.id", q.id);
  w.in("h.id", q.ids);
  w.eq("h.definition_id", q.definition_id);
  w.eq("h.definition_key", q.definition_key);
  w.eq("h.business_key", q.business_key);
  w.like("h.business_key", q.business_key_like);
  w.eq("h.super_proc_inst_id", q.super_process_instance_id);
  if (q.finished) w.raw("h.end_time IS NOT NULL");
  if (q.unfinished) w.raw("h.end_time IS NULL");
  w.cmp("h.start_time", "<=", q.started_before);
  w.cmp("h.start_time", ">=", q.started_after);
  w.cmp("h.end_time", "<=", q.finished_before);
  w.cmp("h.end_time", ">=", q.finished_after);
  w.eq(kHistoricState.c_str(), q.state);
  visible_instances(w, q.visibility, "h.definition_key", "h.id");
}

HistoricProcessInstance read_historic_proc(const pqxx::row& r) {
  HistoricProcessInstance h;
  ProcessInstanceRecord& p = h.instance;
  p.id = text_of(r[0]);
  p.definition_id = text_of(r[1]);
  p.definition_key = text_of(r[2]);
  p.definition_version = r[3].as<int>();
  p.business_key = text_of(r[4]);
  p.tenant_id = text_of(r[5]);
  p.state = text_of(r[6]);
  p.suspended = p.state == "SUSPENDED";
  p.start_time = r[7].as<long long>();
  p.end_time = millis_of(r[8]);
  p.start_activity_id = text_of(r[9]);
  p.end_activity_id = text_of(r[10]);
  p.delete_reason = text_of(r[11]);
  h.definition_name = text_of(r[12]);
  p.super_process_instance_id = text_of(r[13]);
  return h;
}

// ---- hi_act_inst ----

const std::map<std::string, std::string> kActSort = {
    {"activityInstanceId", "id"}, {"instanceId", "proc_inst_id"}, {"executionId", "execution_id"},
    {"activityId", "activity_id"}, {"activityName", "activity_name"},
    {"activityType", "activity_type"}, {"startTime", "start_time"}, {"endTime", "end_time"},
    {"duration", "(end_time - start_time)"}, {"definitionId", "proc_def_id"}};

const char* const kActColumns =
    "id, parent_act_inst_id, activity_id, activity_name, activity_type, proc_inst_id, proc_def_id,"
    " proc_def_key, execution_id, task_id, assignee, start_time, end_time, canceled, complete_scope";

void act_filters(WhereBuilder& w, const HistoricActivityInstanceQuery& q) {
  w.eq("id", q.activity_instance_id);
  w.eq("proc_inst_id", q.process_instance_id);
  w.eq("proc_def_id", q.process_definition_id);
  w.eq("activity_id", q.activity_id);
  w.eq("activity_type", q.activity_type);
  w.eq("execution_id", q.execution_id);
  w.eq("assignee", q.task_assignee);
  visible_instances(w, q.visibility, "proc_def_key", "proc_inst_id");
  if (q.finished) w.raw("end_time IS NOT NULL");
  if (q.unfinished) w.raw("end_time IS NULL");
  if (q.canceled) w.raw("canceled");
  if (q.complete_scope) w.raw("complete_scope");
  w.cmp("start_time", "<=", q.started_before);
  w.cmp("start_time", ">=", q.started_after);
  w.cmp("end_time", "<=", q.finished_before);
  w.cmp("end_time", ">=", q.finished_after);
}

ActivityInstanceRecord read_act(const pqxx::row& r) {
  ActivityInstanceRecord a;
  a.id = text_of(r[0]);
  a.parent_activity_instance_id = text_of(r[1]);
  a.activity_id = text_of(r[2]);
  a.activity_name = text_of(r[3]);
  a.activity_type = text_of(r[4]);
  a.process_instance_id = text_of(r[5]);
  a.process_definition_id = text_of(r[6]);
  a.process_definition_key = text_of(r[7]);
  a.execution_id = text_of(r[8]);
  a.task_id = text_of(r[9]);
  a.assignee = text_of(r[10]);
  a.start_time = r[11].as<long long>();
  a.end_time = millis_of(r[12]);
  a.canceled = r[13].as<bool>();
  a.complete_scope = r[14].as<bool>();
  return a;
}

// ---- hi_task ----

const std::map<std::string, std::string> kTaskSort = {
    {"taskId", "id"}, {"activityInstanceId", "activity_instance_id"},
    {"processDefinitionId", "proc_def_id"}, {"processInstanceId", "proc_inst_id"},
    {"executionId", "execution_id"}, {"duration", "(end_time - created)"}, {"endTime", "end_time"},
    {"startTime", "created"}, {"taskName", "name"}, {"taskDescription", "description"},
    {"assignee", "assignee"}, {"owner", "owner"}, {"dueDate", "due"}, {"followUpDate", "follow_up"},
    {"deleteReason", "delete_reason"}, {"taskDefinitionKey", "task_def_key"},
    {"priority", "priority"}};

const char* const kTaskColumns =
    "id, name, description, assignee, owner, proc_inst_id, execution_id, proc_def_id, proc_def_key,"
    " task_def_key, activity_instance_id, tenant_id, created, end_time, due, follow_up, priority,"
    " delete_reason";

void task_filters(WhereBuilder& w, const HistoricTaskQuery& q) {
  w.eq("id", q.task_id);
  w.eq("proc_inst_id", q.process_instance_id);
  w.eq("proc_def_id", q.process_definition_id);
  w.eq("proc_def_key", q.process_definition_key);
  w.eq("task_def_key", q.task_definition_key);
  w.eq("assignee", q.task_assignee);
  w.eq("name", q.task_name);
  w.like("name", q.task_name_like);
  if (q.finished) w.raw("end_time IS NOT NULL");
  if (q.unfinished) w.raw("end_time IS NULL");
  visible_instances(w, q.visibility, "proc_def_key", "proc_inst_id");
}

HistoricTaskRecord read_hi_task(const pqxx::row& r) {
  HistoricTaskRecord h;
  TaskRecord& t = h.task;
  t.id = text_of(r[0]);
  t.name = text_of(r[1]);
  t.description = text_of(r[2]);
  t.assignee = text_of(r[3]);
  t.owner = text_of(r[4]);
  t.process_instance_id = text_of(r[5]);
  t.execution_id = text_of(r[6]);
  t.process_definition_id = text_of(r[7]);
  t.process_definition_key = text_of(r[8]);
  t.task_definition_key = text_of(r[9]);
  t.activity_instance_id = text_of(r[10]);
  t.tenant_id = text_of(r[11]);
  t.created = r[12].as<long long>();
  t.last_updated = t.created;
  h.end_time = millis_of(r[13]);
  t.due = millis_of(r[14]);
  t.follow_up = millis_of(r[15]);
  t.priority = r[16].is_null() ? 50 : r[16].as<int>();
  h.delete_reason = text_of(r[17]);
  return h;
}

// ---- hi_var_update: the latest row per variable ----

const std::map<std::string, std::string> kVarSort = {{"instanceId", "proc_inst_id"},
                                                     {"variableName", "name"}};

// Conditions that hold for every row of a variable (go inside, before DISTINCT ON) and the
// one that depends on the latest row (outside).
std::string latest_variables(pqxx::connection_base& c, const HistoricVariableQuery& q) {
  WhereBuilder inner(c);
  inner.eq("variable_id", q.variable_id);
  inner.eq("name", q.variable_name);
  inner.like("name", q.variable_name_like);
  inner.eq("proc_inst_id", q.process_instance_id);
  inner.in("proc_inst_id", q.process_instance_id_in);
  inner.in("task_id", q.task_id_in);
  visible_instances(inner, q.visibility, "proc_def_key", "proc_inst_id");
  return "WITH latest AS (SELECT DISTINCT ON (variable_id) variable_id, proc_inst_id, proc_def_key,"
         " scope_id, task_id, activity_instance_id, name, type, long_value, double_value, text_value,"
         " bytes_value, value_info, time, deleted,"
         " min(time) OVER (PARTITION BY variable_id) AS create_time,"
         " count(*) OVER (PARTITION BY variable_id) AS revisions"
         " FROM hi_var_update" + inner.where() + " ORDER BY variable_id, seq DESC) ";
}

std::string latest_filter(const HistoricVariableQuery& q) {
  return q.include_deleted ? std::string() : std::string(" WHERE NOT deleted");
}

HistoricVariableInstance read_hi_var(const pqxx::row& r) {
  HistoricVariableInstance h;
  VariableUpdateRecord& v = h.latest;
  v.variable_id = text_of(r[0]);
  v.process_instance_id = text_of(r[1]);
  v.process_definition_key = text_of(r[2]);
  v.scope_id = text_of(r[3]);
  v.task_id = text_of(r[4]);
  v.activity_instance_id = text_of(r[5]);
  v.name = text_of(r[6]);
  v.value = read_typed_value(r, 7);
  v.time = r[13].as<long long>();
  v.deleted = r[14].as<bool>();
  h.create_time = r[15].as<long long>();
  v.revision = r[16].as<int>();
  return h;
}

}  // namespace

std::vector<HistoricProcessInstance> historic_process_instances(pqxx::transaction_base& tx,
                                                                const HistoricProcessInstanceQuery& q) {
  WhereBuilder w(tx.conn());
  proc_filters(w, q);
  std::vector<HistoricProcessInstance> out;
  for (const auto& r : tx.exec("SELECT " + kProcColumns + kProcFrom + w.where() +
                               WhereBuilder::order_by(q.sorting, kProcSort, "h.start_time, h.id") +
                               WhereBuilder::limit(q.page))) {
    out.push_back(read_historic_proc(r));
  }
  return out;
}

long long count_historic_process_instances(pqxx::transaction_base& tx,
                                           const HistoricProcessInstanceQuery& q) {
  WhereBuilder w(tx.conn());
  proc_filters(w, q);
  return tx.exec(std::string("SELECT count(*)") + kProcFrom + w.where())[0][0].as<long long>();
}

std::vector<ActivityInstanceRecord> historic_activity_instances(pqxx::transaction_base& tx,
                                                                const HistoricActivityInstanceQuery& q) {
  WhereBuilder w(tx.conn());
  act_filters(w, q);
  std::vector<ActivityInstanceRecord> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kActColumns + " FROM hi_act_inst" + w.where() +
                               WhereBuilder::order_by(q.sorting, kActSort, "start_time, id") +
                               WhereBuilder::limit(q.page))) {
    out.push_back(read_act(r));
  }
  return out;
}

long long count_historic_activity_instances(pqxx::transaction_base& tx,
                                            const HistoricActivityInstanceQuery& q) {
  WhereBuilder w(tx.conn());
  act_filters(w, q);
  return tx.exec("SELECT count(*) FROM hi_act_inst" + w.where())[0][0].as<long long>();
}

std::vector<HistoricTaskRecord> historic_tasks(pqxx::transaction_base& tx, const HistoricTaskQuery& q) {
  WhereBuilder w(tx.conn());
  task_filters(w, q);
  std::vector<HistoricTaskRecord> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kTaskColumns + " FROM hi_task" + w.where() +
                               WhereBuilder::order_by(q.sorting, kTaskSort, "created, id") +
                               WhereBuilder::limit(q.page))) {
    out.push_back(read_hi_task(r));
  }
  return out;
}

long long count_historic_tasks(pqxx::transaction_base& tx, const HistoricTaskQuery& q) {
  WhereBuilder w(tx.conn());
  task_filters(w, q);
  return tx.exec("SELECT count(*) FROM hi_task" + w.where())[0][0].as<long long>();
}

std::vector<HistoricVariableInstance> historic_variables(pqxx::transaction_base& tx,
                                                         const HistoricVariableQuery& q) {
  std::vector<HistoricVariableInstance> out;
  for (const auto& r : tx.exec(latest_variables(tx.conn(), q) + "SELECT * FROM latest" + latest_filter(q) +
                               WhereBuilder::order_by(q.sorting, kVarSort, "create_time, variable_id") +
                               WhereBuilder::limit(q.page))) {
    out.push_back(read_hi_var(r));
  }
  return out;
}

long long count_historic_variables(pqxx::transaction_base& tx, const HistoricVariableQuery& q) {
  return tx.exec(latest_variables(tx.conn(), q) + "SELECT count(*) FROM latest" + latest_filter(q))[0][0]
      .as<long long>();
}

}  // namespace dpc::store::read_sql
