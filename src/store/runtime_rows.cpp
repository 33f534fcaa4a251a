#include "runtime_rows.h"

namespace dpc::store {

using namespace dpc::engine;

const char* const kProcInstColumns =
    "id, definition_id, definition_key, definition_version, business_key, tenant_id, "
    "suspended, start_time, start_activity_id, super_proc_inst_id, super_execution_id";
const char* const kExecutionColumns =
    "id, proc_inst_id, parent_id, activity_id, activity_instance_id, incoming_flow_id, state";
const char* const kTaskColumns =
    "id, name, description, assignee, owner, proc_inst_id, execution_id, proc_def_id, "
    "proc_def_key, task_def_key, activity_instance_id, business_key, form_key, "
    "camunda_form_ref, tenant_id, candidate_users, candidate_groups, created, last_updated, "
    "due, follow_up, priority, suspended, delegation_state";
const char* const kExternalTaskColumns =
    "id, topic, worker_id, proc_inst_id, execution_id, activity_id, activity_instance_id, "
    "proc_def_id, proc_def_key, business_key, tenant_id, lock_expiration, retries, "
    "error_message, error_details, priority, suspended, created";
const char* const kVariableColumns =
    "id, proc_inst_id, scope_id, task_id, name, type, long_value, double_value, text_value, "
    "bytes_value, value_info";
const char* const kIncidentColumns =
    "id, type, message, proc_inst_id, execution_id, activity_id, proc_def_id, configuration, "
    "created";

namespace {
std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }
std::optional<Millis> opt_ms(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<Millis>(f.as<long long>());
}
// A one-dimensional text[] in PostgreSQL's text form: {a,"b c",NULL}. Parsed here rather than
// with pqxx::array_parser, which rejects UTF-8 in results that came through a pipeline (their
// encoding group is unknown to it).
std::vector<std::string> text_array(const pqxx::field& f) {
  std::vector<std::string> out;
  if (f.is_null()) return out;
  std::string_view s(f.c_str(), f.size());
  if (s.size() < 2 || s.front() != '{' || s.back() != '}') return out;
  s = s.substr(1, s.size() - 2);
  size_t i = 0;
  while (i < s.size()) {
    std::string item;
    bool quoted = s[i] == '"';
    if (quoted) {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        item += s[i];
      }
      ++i;  // the closing quote
    } else {
      while (i < s.size() && s[i] != ',') item += s[i++];
    }
    if (quoted || item != "NULL") out.push_back(std::move(item));
    if (i < s.size() && s[i] == ',') ++i;
  }
  return out;
}
}  // namespace

ProcessInstanceRecord read_proc_inst(const pqxx::row& r) {
  ProcessInstanceRecord p;
  p.id = str(r[0]);
  p.definition_id = str(r[1]);
  p.definition_key = str(r[2]);
  p.definition_version = r[3].as<int>();
  p.business_key = str(r[4]);
  p.tenant_id = str(r[5]);
  p.suspended = r[6].as<bool>();
  p.start_time = r[7].as<long long>();
  p.start_activity_id = str(r[8]);
  p.super_process_instance_id = str(r[9]);
  p.super_execution_id = str(r[10]);
  return p;
}

ExecutionRecord read_execution(const pqxx::row& r) {
  ExecutionRecord e;
  e.id = str(r[0]);
  e.process_instance_id = str(r[1]);
  e.parent_id = str(r[2]);
  e.activity_id = str(r[3]);
  e.activity_instance_id = str(r[4]);
  e.incoming_flow_id = str(r[5]);
  e.state = static_cast<ExecutionRecord::State>(r[6].as<int>());
  return e;
}

TaskRecord read_task(const pqxx::row& r) {
  TaskRecord t;
  t.id = str(r[0]);
  t.name = str(r[1]);
  t.description = str(r[2]);
  t.assignee = str(r[3]);
  t.owner = str(r[4]);
  t.process_instance_id = str(r[5]);
  t.execution_id = str(r[6]);
  t.process_definition_id = str(r[7]);
  t.process_definition_key = str(r[8]);
  t.task_definition_key = str(r[9]);
  t.activity_instance_id = str(r[10]);
  t.business_key = str(r[11]);
  t.form_key = str(r[12]);
  t.camunda_form_ref = str(r[13]);
  t.tenant_id = str(r[14]);
  t.candidate_users = text_array(r[15]);
  t.candidate_groups = text_array(r[16]);
  t.created = r[17].as<long long>();
  t.last_updated = r[18].as<long long>();
  t.due = opt_ms(r[19]);
  t.follow_up = opt_ms(r[20]);
  t.priority = r[21].as<int>();
  t.suspended = r[22].as<bool>();
  t.delegation_state = str(r[23]);
  return t;
}

ExternalTaskRecord read_external_task(const pqxx::row& r) {
  ExternalTaskRecord t;
  t.id = str(r[0]);
  t.topic = str(r[1]);
  t.worker_id = str(r[2]);
  t.process_instance_id = str(r[3]);
  t.execution_id = str(r[4]);
  t.activity_id = str(r[5]);
  t.activity_instance_id = str(r[6]);
  t.process_definition_id = str(r[7]);
  t.process_definition_key = str(r[8]);
  t.business_key = str(r[9]);
  t.tenant_id = str(r[10]);
  t.lock_expiration = opt_ms(r[11]);
  if (!r[12].is_null()) t.retries = r[12].as<int>();
  t.error_message = str(r[13]);
  t.error_details = str(r[14]);
  t.priority = r[15].as<long long>();
  t.suspended = r[16].as<bool>();
  t.created = r[17].as<long long>();
  return t;
}

VariableRecord read_variable(const pqxx::row& r) {
  VariableRecord v;
  v.id = str(r[0]);
  v.process_instance_id = str(r[1]);
  v.scope_id = str(r[2]);
  v.task_id = str(r[3]);
  v.name = str(r[4]);
  v.value = read_typed_value(r, 5);
  return v;
}

IncidentRecord read_incident(const pqxx::row& r) {
  IncidentRecord i;
  i.id = str(r[0]);
  i.type = str(r[1]);
  i.message = str(r[2]);
  i.process_instance_id = str(r[3]);
  i.execution_id = str(r[4]);
  i.activity_id = str(r[5]);
  i.process_definition_id = str(r[6]);
  i.configuration = str(r[7]);
  i.created = r[8].as<long long>();
  return i;
}

std::string values_of(const SqlBatch& b, const ProcessInstanceRecord& p) {
  return b.text(p.id) + "," + b.text(p.definition_id) + "," + b.text(p.definition_key) + "," +
         SqlBatch::num(p.definition_version) + "," + b.text_or_null(p.business_key) + "," +
         b.text_or_null(p.tenant_id) + "," + SqlBatch::boolean(p.suspended) + "," +
         SqlBatch::num(p.start_time) + "," + b.text_or_null(p.start_activity_id) + "," +
         b.text_or_null(p.super_process_instance_id) + "," + b.text_or_null(p.super_execution_id);
}

std::string values_of(const SqlBatch& b, const ExecutionRecord& e) {
  return b.text(e.id) + "," + b.text(e.process_instance_id) + "," + b.text_or_null(e.parent_id) +
         "," + b.text_or_null(e.activity_id) + "," + b.text_or_null(e.activity_instance_id) + "," +
         b.text_or_null(e.incoming_flow_id) + "," + SqlBatch::num(static_cast<int>(e.state));
}

std::string values_of(const SqlBatch& b, const TaskRecord& t) {
  return b.text(t.id) + "," + b.text_or_null(t.name) + "," + b.text_or_null(t.description) + "," +
         b.text_or_null(t.assignee) + "," + b.text_or_null(t.owner) + "," +
         b.text(t.process_instance_id) + "," + b.text(t.execution_id) + "," +
         b.text(t.process_definition_id) + "," + b.text(t.process_definition_key) + "," +
         b.text(t.task_definition_key) + "," + b.text_or_null(t.activity_instance_id) + "," +
         b.text_or_null(t.business_key) + "," + b.text_or_null(t.form_key) + "," +
         b.text_or_null(t.camunda_form_ref) + "," + b.text_or_null(t.tenant_id) + "," +
         b.text_array(t.candidate_users) + "," + b.text_array(t.candidate_groups) + "," +
         SqlBatch::num(t.created) + "," + SqlBatch::num(t.last_updated) + "," +
         SqlBatch::num_or_null(t.due) + "," + SqlBatch::num_or_null(t.follow_up) + "," +
         SqlBatch::num(t.priority) + "," + SqlBatch::boolean(t.suspended) + "," +
         b.text_or_null(t.delegation_state);
}

std::string values_of(const SqlBatch& b, const ExternalTaskRecord& t) {
  std::optional<std::int64_t> retries;
  if (t.retries) retries = *t.retries;
  return b.text(t.id) + "," + b.text(t.topic) + "," + b.text_or_null(t.worker_id) + "," +
         b.text(t.process_instance_id) + "," + b.text(t.execution_id) + "," +
         b.text(t.activity_id) + "," + b.text_or_null(t.activity_instance_id) + "," +
         b.text(t.process_definition_id) + "," + b.text(t.process_definition_key) + "," +
         b.text_or_null(t.business_key) + "," + b.text_or_null(t.tenant_id) + "," +
         SqlBatch::num_or_null(t.lock_expiration) + "," + SqlBatch::num_or_null(retries) + "," +
         b.text_or_null(t.error_message) + "," + b.text_or_null(t.error_details) + "," +
         SqlBatch::num(t.priority) + "," + SqlBatch::boolean(t.suspended) + "," +
         SqlBatch::num(t.created);
}

std::string values_of(const SqlBatch& b, const VariableRecord& v) {
  return b.text(v.id) + "," + b.text(v.process_instance_id) + "," + b.text(v.scope_id) + "," +
         b.text_or_null(v.task_id) + "," + b.text(v.name) + "," + b.typed_value(v.value);
}

std::string values_of(const SqlBatch& b, const IncidentRecord& i) {
  return b.text(i.id) + "," + b.text(i.type) + "," + b.text_or_null(i.message) + "," +
         b.text(i.process_instance_id) + "," + b.text_or_null(i.execution_id) + "," +
         b.text_or_null(i.activity_id) + "," + b.text_or_null(i.process_definition_id) + "," +
         b.text_or_null(i.configuration) + "," + SqlBatch::num(i.created);
}

}  // namespace dpc::store
