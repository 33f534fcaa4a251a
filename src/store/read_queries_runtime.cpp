// Reads of running process instances (proc_inst), their process-level variables and open
// incidents. See read_queries_sql.h.
#include <cmath>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "read_queries_sql.h"
#include "runtime_rows.h"
#include "sql_batch.h"
#include "variable_condition_sql.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store::read_sql {

using namespace dpc::engine;

std::string quoted_list(pqxx::connection_base& c, const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "(" : ", ") + c.quote(v);
  return out + ")";
}

namespace {

const std::map<std::string, std::string> kInstanceSort = {
    {"instanceId", "p.id"}, {"definitionKey", "p.definition_key"},
    {"definitionId", "p.definition_id"}, {"businessKey", "p.business_key"},
    {"tenantId", "p.tenant_id"}};

const std::map<std::string, std::string> kIncidentSort = {
    {"incidentId", "id"}, {"incidentMessage", "message"}, {"incidentTimestamp", "created"},
    {"incidentType", "type"}, {"executionId", "execution_id"}, {"activityId", "activity_id"},
    {"processInstanceId", "proc_inst_id"}, {"processDefinitionId", "proc_def_id"},
    {"configuration", "configuration"}};

void instance_filters(WhereBuilder& w, pqxx::connection_base& c, const ProcessInstanceQuery& q) {
  w.in("p.id", q.ids);
  w.eq("p.business_key", q.business_key);
  w.like("p.business_key", q.business_key_like);
  w.eq("p.super_proc_inst_id", q.super_process_instance_id);
  if (q.sub_process_instance_id) {
    w.raw("p.id = (SELECT s.super_proc_inst_id FROM proc_inst s WHERE s.id = " +
          c.quote(*q.sub_process_instance_id) + ")");
  }
  w.eq("p.definition_id", q.definition_id);
  w.eq("p.definition_key", q.definition_key);
  w.in("p.definition_key", q.definition_key_in);
  if (!q.definition_key_not_in.empty()) {
    w.raw("p.definition_key NOT IN " + quoted_list(c, q.definition_key_not_in));
  }
  if (q.active) w.raw("NOT p.suspended");
  if (q.suspended) w.raw("p.suspended");
  if (q.with_incident) w.raw("EXISTS (SELECT 1 FROM incident i WHERE i.proc_inst_id = p.id)");
  if (q.incident_type) {
    w.raw("EXISTS (SELECT 1 FROM incident i WHERE i.proc_inst_id = p.id AND i.type = " +
          c.quote(*q.incident_type) + ")");
  }
  if (!q.activity_id_in.empty()) {
    w.raw("EXISTS (SELECT 1 FROM execution e WHERE e.proc_inst_id = p.id AND e.parent_id IS NOT NULL"
          " AND e.activity_id IN " + quoted_list(c, q.activity_id_in) + ")");
  }
  for (const auto& cond : q.variables) {
    w.raw("EXISTS (SELECT 1 FROM variable v WHERE v.proc_inst_id = p.id AND v.scope_id = p.id"
          " AND v.task_id IS NULL AND v.name = " + c.quote(cond.name) + " AND " +
          variable_value_condition(c, cond) + ")");
  }
  visible_instances(w, q.visibility, "p.definition_key", "p.id");
}

std::string instance_columns() {
  // kProcInstColumns with the table alias, in the order read_proc_inst expects.
  return "p.id, p.definition_id, p.definition_key, p.definition_version, p.business_key, "
         "p.tenant_id, p.suspended, p.start_time, p.start_activity_id, p.super_proc_inst_id, "
         "p.super_execution_id";
}

void incident_filters(WhereBuilder& w, const IncidentQuery& q) {
  w.eq("id", q.id);
  w.eq("type", q.type);
  w.eq("proc_inst_id", q.process_instance_id);
  w.eq("proc_def_id", q.process_definition_id);
  w.eq("activity_id", q.activity_id);
  visible_instances(w, q.visibility,
                    "(SELECT d.key FROM process_definition d WHERE d.id = incident.proc_def_id)",
                    "incident.proc_inst_id");
}

}  // namespace

std::vector<ProcessInstanceRecord> process_instances(pqxx::transaction_base& tx,
                                                     const ProcessInstanceQuery& q) {
  WhereBuilder w(tx.conn());
  instance_filters(w, tx.conn(), q);
  std::vector<ProcessInstanceRecord> out;
  for (const auto& r : tx.exec("SELECT " + instance_columns() + " FROM proc_inst p" + w.where() +
                               WhereBuilder::order_by(q.sorting, kInstanceSort, "p.id") +
                               WhereBuilder::limit(q.page))) {
    out.push_back(read_proc_inst(r));
  }
  return out;
}

long long count_process_instances(pqxx::transaction_base& tx, const ProcessInstanceQuery& q) {
  WhereBuilder w(tx.conn());
  instance_filters(w, tx.conn(), q);
  return tx.exec("SELECT count(*) FROM proc_inst p" + w.where())[0][0].as<long long>();
}

std::optional<ProcessInstanceRecord> process_instance(pqxx::transaction_base& tx, const std::string& id) {
  auto rows = tx.exec_params(std::string("SELECT ") + kProcInstColumns + " FROM proc_inst WHERE id = $1", id);
  if (rows.empty()) return std::nullopt;
  return read_proc_inst(rows[0]);
}

std::optional<VariableMap> instance_variables(pqxx::transaction_base& tx, const std::string& id) {
  if (tx.exec_params("SELECT 1 FROM proc_inst WHERE id = $1", id).empty()) return std::nullopt;
  VariableMap out;
  for (const auto& r : tx.exec_params(std::string("SELECT ") + kVariableColumns +
                                          " FROM variable WHERE proc_inst_id = $1 AND scope_id = $1"
                                          " AND task_id IS NULL ORDER BY name",
                                      id)) {
    auto v = read_variable(r);
    out[v.name] = std::move(v.value);
  }
  return out;
}

std::vector<IncidentRecord> incidents(pqxx::transaction_base& tx, const IncidentQuery& q) {
  WhereBuilder w(tx.conn());
  incident_filters(w, q);
  std::vector<IncidentRecord> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kIncidentColumns + " FROM incident" + w.where() +
                               WhereBuilder::order_by(q.sorting, kIncidentSort, "id") +
                               WhereBuilder::limit(q.page))) {
    out.push_back(read_incident(r));
  }
  return out;
}

long long count_incidents(pqxx::transaction_base& tx, const IncidentQuery& q) {
  WhereBuilder w(tx.conn());
  incident_filters(w, q);
  return tx.exec("SELECT count(*) FROM incident" + w.where())[0][0].as<long long>();
}

}  // namespace dpc::store::read_sql
