// Camunda's authorization decision, permission and resource names. See authorization_rules.h.
#include "dpc/identity/authorization_rules.h"

#include <algorithm>

#include "dpc/identity/catalogue_resource.h"

namespace dpc::identity {

namespace {

struct PermissionName {
  const char* name;
  int64_t bits;
};

// Camunda's names (Permissions and the per-resource permission enums, which share bits).
constexpr PermissionName kPermissions[] = {
    {"NONE", perm::kNone},
    {"ALL", perm::kAll},
    {"READ", perm::kRead},
    {"UPDATE", perm::kUpdate},
    {"CREATE", perm::kCreate},
    {"DELETE", perm::kDelete},
    {"ACCESS", perm::kAccess},
    {"READ_TASK", perm::kReadTask},
    {"UPDATE_TASK", perm::kUpdateTask},
    {"CREATE_INSTANCE", perm::kCreateInstance},
    {"READ_INSTANCE", perm::kReadInstance},
    {"UPDATE_INSTANCE", perm::kUpdateInstance},
    {"DELETE_INSTANCE", perm::kDeleteInstance},
    {"READ_HISTORY", perm::kReadHistory},
    {"DELETE_HISTORY", perm::kDeleteHistory},
    {"TASK_WORK", perm::kTaskWork},
    {"TASK_ASSIGN", perm::kTaskAssign},
    {"MIGRATE_INSTANCE", perm::kMigrateInstance},
};

struct ResourceName {
  Resource resource;
  const char* name;
};

constexpr ResourceName kResources[] = {
    {Resource::kApplication, "Application"},
    {Resource::kUser, "User"},
    {Resource::kGroup, "Group"},
    {Resource::kGroupMembership, "Group membership"},
    {Resource::kAuthorization, "Authorization"},
    {Resource::kFilter, "Filter"},
    {Resource::kProcessDefinition, "ProcessDefinition"},
    {Resource::kTask, "Task"},
    {Resource::kProcessInstance, "ProcessInstance"},
    {Resource::kDeployment, "Deployment"},
    {Resource::kDecisionDefinition, "DecisionDefinition"},
    {Resource::kTenant, "Tenant"},
    {Resource::kTenantMembership, "TenantMembership"},
    {Resource::kBatch, "Batch"},
    {Resource::kDecisionRequirementsDefinition, "DecisionRequirementsDefinition"},
    {Resource::kReport, "Report"},
    {Resource::kDashboard, "Dashboard"},
    {Resource::kUserOperationLogCategory, "OperationLogCategory"},
    {Resource::kHistoricTask, "HistoricTask"},
    {Resource::kHistoricProcessInstance, "HistoricProcessInstance"},
    {Resource::kSystem, "System"},
    {kCatalogueResource, "Catalogue"},
};

bool same_level(const Level& a, const Level& b) {
  return a.subject == b.subject && a.specific == b.specific;
}

}  // namespace

int64_t named_permissions(const Authorization& a) {
  return a.type == AuthType::kRevoke ? (~a.permissions & perm::kAll) : a.permissions;
}

void set_named_permissions(Authorization& a, int64_t named) {
  named &= perm::kAll;
  a.permissions = a.type == AuthType::kRevoke ? (~named & perm::kAll) : named;
}

std::optional<Level> level_of(const Authorization& a, const Principal& who,
                              std::string_view resource_id) {
  bool specific;
  if (a.resource_id == resource_id && resource_id != "*") specific = true;
  else if (a.resource_id == "*") specific = false;
  else return std::nullopt;
  if (a.type == AuthType::kGlobal) return Level{Subject::kGlobal, specific};
  if (!a.user_id.empty()) {
    if (a.user_id != who.user_id && a.user_id != "*") return std::nullopt;
    return Level{Subject::kUser, specific};
  }
  if (std::find(who.groups.begin(), who.groups.end(), a.group_id) == who.groups.end()) {
    return std::nullopt;
  }
  return Level{Subject::kGroup, specific};
}

bool revokes(const Authorization& a, int64_t permission) {
  return a.type == AuthType::kRevoke && (a.permissions & permission) != permission;
}

bool grants(const Authorization& a, int64_t permission) {
  return a.type != AuthType::kRevoke && (a.permissions & permission) == permission;
}

bool decide(const Principal& who, const std::vector<Authorization>& authorizations,
            Resource resource, std::string_view resource_id, int64_t permission) {
  if (who.admin) return true;
  for (const Level& level : kPrecedence) {
    bool granted = false;
    for (const auto& a : authorizations) {
      if (a.resource != resource) continue;
      auto l = level_of(a, who, resource_id);
      if (!l || !same_level(*l, level)) continue;
      if (revokes(a, permission)) return false;
      granted = granted || grants(a, permission);
    }
    if (granted) return true;
  }
  return false;
}

std::optional<int64_t> permission_bits(std::string_view name) {
  for (const auto& p : kPermissions) {
    if (name == p.name) return p.bits;
  }
  return std::nullopt;
}

std::vector<std::string> permission_names(int64_t bits) {
  if ((bits & perm::kAll) == perm::kAll) return {"ALL"};
  if (bits == perm::kNone) return {"NONE"};
  std::vector<std::string> out;
  for (const auto& p : kPermissions) {
    if (p.bits != perm::kAll && p.bits != perm::kNone && (bits & p.bits) == p.bits) {
      out.emplace_back(p.name);
    }
  }
  return out;
}

std::string permission_name(int64_t bits) {
  for (const auto& p : kPermissions) {
    if (p.bits == bits) return p.name;
  }
  return std::to_string(bits);
}

std::optional<Resource> resource_from_int(int value) {
  for (const auto& r : kResources) {
    if (static_cast<int>(r.resource) == value) return r.resource;
  }
  return std::nullopt;
}

std::string_view resource_name(Resource r) {
  for (const auto& x : kResources) {
    if (x.resource == r) return x.name;
  }
  return "Unknown";
}

std::optional<Resource> resource_from_name(std::string_view name) {
  for (const auto& x : kResources) {
    if (name == x.name) return x.resource;
  }
  return std::nullopt;
}

}  // namespace dpc::identity
