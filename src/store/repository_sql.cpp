#include "repository_sql.h"

#include "where_builder.h"

#include <map>

#include "visibility_sql.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

std::string text_or_empty(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

// The repository's filters: the shared ones and tenants.
class Conditions : public SqlConditions {
 public:
  using SqlConditions::SqlConditions;
  void tenants(const std::vector<std::string>& ids, bool without, bool include_without) {
    if (without) add("tenant_id IS NULL");
    if (!ids.empty()) {
      add("(tenant_id IN " + in_list(ids) + (include_without ? " OR tenant_id IS NULL)" : ")"));
    }
  }
  // Only the rows whose `column` the caller may READ (visibility_sql.h).
  void visible(const Visibility& v, const char* column) {
    auto c = definition_visibility(v, column, [this](const std::string& id) { return param(id); });
    if (!c.empty()) add(std::move(c));
  }
};

std::string order_by(const std::vector<RepositorySort>& sorting,
                     const std::map<std::string, std::string>& columns) {
  std::string out;
  for (const auto& s : sorting) {
    auto it = columns.find(s.by);
    if (it == columns.end()) continue;
    out += (out.empty() ? " ORDER BY " : ", ") + it->second + (s.descending ? " DESC" : " ASC");
  }
  return out + (out.empty() ? " ORDER BY " : ", ") + "id ASC";
}

std::string limit(const RepositoryPage& p) {
  std::string out;
  if (p.max_results >= 0) out += " LIMIT " + std::to_string(p.max_results);
  if (p.first_result > 0) out += " OFFSET " + std::to_string(p.first_result);
  return out;
}

}  // namespace

DeploymentRecord read_deployment(const pqxx::row& r) {
  DeploymentRecord d;
  d.id = r[0].c_str();
  d.name = text_or_empty(r[1]);
  d.source = text_or_empty(r[2]);
  d.tenant_id = text_or_empty(r[3]);
  d.deploy_time = r[4].as<std::int64_t>();
  return d;
}

ProcessDefinitionRecord read_definition(const pqxx::row& r) {
  ProcessDefinitionRecord d;
  d.id = r[0].c_str();
  d.key = r[1].c_str();
  d.version = r[2].as<int>();
  d.name = text_or_empty(r[3]);
  d.category = text_or_empty(r[4]);
  d.description = text_or_empty(r[5]);
  d.resource_name = r[6].c_str();
  d.deployment_id = r[7].c_str();
  d.version_tag = text_or_empty(r[8]);
  if (!r[9].is_null()) d.history_ttl_days = r[9].as<int>();
  d.startable_in_tasklist = r[10].as<bool>();
  d.suspended = r[11].as<bool>();
  d.tenant_id = text_or_empty(r[12]);
  d.deploy_time = r[13].as<std::int64_t>();
  return d;
}

SqlQuery deployment_select(const DeploymentQuery& q, bool count) {
  SqlQuery out;
  Conditions c(out);
  c.eq("id", q.id);
  c.eq("name", q.name);
  c.like("name", q.name_like);
  c.eq("source", q.source);
  if (q.without_source) c.add("source IS NULL");
  c.tenants(q.tenant_ids, q.without_tenant_id, q.include_without_tenant_id);
  if (q.after) c.add("deploy_time > " + c.param(std::to_string(*q.after)));
  if (q.before) c.add("deploy_time < " + c.param(std::to_string(*q.before)));
  c.visible(q.visibility, "id");
  if (count) {
    out.text = "SELECT count(*) FROM deployment" + c.where();
    return out;
  }
  static const std::map<std::string, std::string> kColumns = {
      {"id", "id"}, {"name", "name"}, {"deploymentTime", "deploy_time"}, {"tenantId", "tenant_id"}};
  out.text = std::string("SELECT ") + kDeploymentColumns + " FROM deployment" + c.where() +
             order_by(q.sorting, kColumns) + limit(q.page);
  return out;
}

SqlQuery definition_select(const ProcessDefinitionQuery& q, bool count) {
  SqlQuery out;
  Conditions c(out);
  c.eq("id", q.id);
  c.in("id", q.ids);
  c.eq("key", q.key);
  c.in("key", q.keys);
  c.like("key", q.key_like);
  c.eq("name", q.name);
  c.like("name", q.name_like);
  c.eq("deployment_id", q.deployment_id);
  c.eq("resource_name", q.resource_name);
  c.like("resource_name", q.resource_name_like);
  c.eq("category", q.category);
  c.like("category", q.category_like);
  c.eq("version_tag", q.version_tag);
  c.like("version_tag", q.version_tag_like);
  if (q.without_version_tag) c.add("version_tag IS NULL");
  if (q.version) c.add("version = " + c.param(std::to_string(*q.version)));
  if (q.latest_version) {
    c.add("version = (SELECT max(p2.version) FROM process_definition p2 WHERE p2.key = "
          "process_definition.key AND COALESCE(p2.tenant_id, '') = "
          "COALESCE(process_definition.tenant_id, ''))");
  }
  if (q.suspended) c.add(*q.suspended ? "suspended" : "NOT suspended");
  if (q.startable_in_tasklist) {
    c.add(*q.startable_in_tasklist ? "startable_in_tasklist" : "NOT startable_in_tasklist");
  }
  c.tenants(q.tenant_ids, q.without_tenant_id, q.include_without_tenant_id);
  if (q.deployed_after) c.add("deploy_time > " + c.param(std::to_string(*q.deployed_after)));
  if (q.deployed_at) c.add("deploy_time = " + c.param(std::to_string(*q.deployed_at)));
  c.visible(q.visibility, "key");
  if (count) {
    out.text = "SELECT count(*) FROM process_definition" + c.where();
    return out;
  }
  static const std::map<std::string, std::string> kColumns = {
      {"category", "category"}, {"key", "key"}, {"id", "id"}, {"name", "name"},
      {"version", "version"}, {"deploymentId", "deployment_id"}, {"deployTime", "deploy_time"},
      {"tenantId", "tenant_id"}, {"versionTag", "version_tag"}};
  out.text = std::string("SELECT ") + kDefinitionColumns + " FROM process_definition" + c.where() +
             order_by(q.sorting, kColumns) + limit(q.page);
  return out;
}

DecisionDefinitionRecord read_decision(const pqxx::row& r) {
  DecisionDefinitionRecord d;
  d.id = r[0].c_str();
  d.key = r[1].c_str();
  d.version = r[2].as<int>();
  d.name = text_or_empty(r[3]);
  d.category = text_or_empty(r[4]);
  d.resource_name = r[5].c_str();
  d.deployment_id = r[6].c_str();
  d.version_tag = text_or_empty(r[7]);
  if (!r[8].is_null()) d.history_ttl_days = r[8].as<int>();
  d.tenant_id = text_or_empty(r[9]);
  d.deploy_time = r[10].as<std::int64_t>();
  return d;
}

SqlQuery decision_select(const DecisionDefinitionQuery& q, bool count) {
  SqlQuery out;
  Conditions c(out);
  c.eq("id", q.id);
  c.in("id", q.ids);
  c.eq("key", q.key);
  c.like("key", q.key_like);
  c.eq("name", q.name);
  c.like("name", q.name_like);
  c.eq("deployment_id", q.deployment_id);
  c.eq("resource_name", q.resource_name);
  c.eq("category", q.category);
  c.eq("version_tag", q.version_tag);
  if (q.version) c.add("version = " + c.param(std::to_string(*q.version)));
  if (q.latest_version) {
    c.add("version = (SELECT max(d2.version) FROM decision_definition d2 WHERE d2.key = "
          "decision_definition.key AND COALESCE(d2.tenant_id, '') = "
          "COALESCE(decision_definition.tenant_id, ''))");
  }
  c.visible(q.visibility, "key");
  c.tenants(q.tenant_ids, q.without_tenant_id, q.include_without_tenant_id);
  if (count) {
    out.text = "SELECT count(*) FROM decision_definition" + c.where();
    return out;
  }
  static const std::map<std::string, std::string> kColumns = {
      {"category", "category"}, {"key", "key"}, {"id", "id"}, {"name", "name"},
      {"version", "version"}, {"deploymentId", "deployment_id"}, {"deployTime", "deploy_time"},
      {"tenantId", "tenant_id"}, {"versionTag", "version_tag"}};
  out.text = std::string("SELECT ") + kDecisionColumns + " FROM decision_definition" + c.where() +
             order_by(q.sorting, kColumns) + limit(q.page);
  return out;
}

}  // namespace dpc::store
