// Camunda Forms in the repository: reading *.form resources at deploy time and versioning
// them per form id (like decisions), and finding the form a camunda:formRef names.
#include "form_repository.h"

#include <algorithm>
#include <set>

#include "dpc/core/strings.h"

namespace dpc::engine {

bool is_form_resource(const std::string& name) { return name.ends_with(".form"); }

Result<std::map<std::string, std::string>> read_forms(const RepositoryService::FormReader& reader,
                                                      const std::vector<DeploymentResource>& resources) {
  std::map<std::string, std::string> ids;  // resource name -> form id
  if (!reader) return ids;
  std::map<std::string, std::string> by_id;
  for (const auto& r : resources) {
    if (!is_form_resource(r.name)) continue;
    auto id = reader(r.bytes);
    if (!id) {
      return Error::invalid("Form resource '" + r.name + "' is not a valid form: " + id.error().message,
                            "ParseException");
    }
    if (auto [it, fresh] = by_id.emplace(*id, r.name); !fresh) {
      return Error::invalid("The deployment contains forms with the same id '" + *id + "' ('" +
                                it->second + "' and '" + r.name + "'), this is not allowed",
                            "ProcessEngineException");
    }
    ids[r.name] = *id;
  }
  return ids;
}

Status store_forms(RepositoryTransaction& tx, const std::vector<const DeploymentResource*>& to_deploy,
                   const std::map<std::string, std::string>& form_ids, const DeploymentRecord& d) {
  std::vector<std::pair<std::string, std::string>> forms;  // id, resource; locked in id order
  for (const auto* r : to_deploy) {
    if (auto it = form_ids.find(r->name); it != form_ids.end()) forms.emplace_back(it->second, r->name);
  }
  if (forms.empty()) return {};
  std::sort(forms.begin(), forms.end());
  std::vector<FormDefinitionRecord> records;
  for (const auto& [key, resource] : forms) {
    auto latest = tx.lock_latest_form_version(key, d.tenant_id);
    if (!latest) return latest.error();
    FormDefinitionRecord f;
    f.key = key;
    f.version = *latest + 1;
    f.id = key + ":" + std::to_string(f.version) + ":" + new_uuid();
    f.resource_name = resource;
    f.deployment_id = d.id;
    f.tenant_id = d.tenant_id;
    f.deploy_time = d.deploy_time;
    records.push_back(std::move(f));
  }
  return tx.insert_forms(records);
}

Result<ResourceRecord> RepositoryService::resource_by_name(const std::string& deployment_id,
                                                           const std::string& name) {
  auto r = store_.resource_by_name(deployment_id, name);
  if (!r) return r.error();
  if (!*r) {
    return Error::not_found("Deployment '" + deployment_id + "' has no resource '" + name + "'");
  }
  return std::move(**r);
}

Result<std::pair<FormDefinitionRecord, std::string>> RepositoryService::find_form(const FormLookup& lookup) {
  auto f = store_.form_definition(lookup);
  if (!f) return f.error();
  if (!*f) {
    std::string which = lookup.version ? " and version " + std::to_string(*lookup.version)
                      : !lookup.deployment_id.empty() ? " in deployment " + lookup.deployment_id
                                                      : "";
    return Error::not_found("No form with key '" + lookup.key + "'" + which + " is deployed");
  }
  auto bytes = resource_by_name((*f)->deployment_id, (*f)->resource_name);
  if (!bytes) return bytes.error();
  return std::pair{std::move(**f), std::move(bytes->bytes)};
}

}  // namespace dpc::engine
