#include "identity_bootstrap.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace dpc::app {

namespace {

struct DemoUser {
  const char* id;
  const char* first;
  const char* last;
  std::vector<std::string> groups;
  const char* role;
};

// Camunda Run's demo/demo administrator, and bank staff in the groups the samples name as
// candidates (cash-loan onboarding, term deposit, credit-card cross-sell).
const std::vector<DemoUser>& demo_users() {
  static const std::vector<DemoUser> kUsers = {
      {"demo", "Demo", "Admin", {"camunda-admin"}, "administrator (everything)"},
      {"anna", "Anna", "Kowalska", {"sales", "loan-officers", "card-products"}, "sales clerk"},
      {"piotr", "Piotr", "Nowak", {"risk", "underwriters", "credit-committee"}, "risk underwriter"},
      {"maria", "Maria", "Wiśniewska", {"back-office", "treasury", "compliance"}, "back office"},
  };
  return kUsers;
}

// True when created; false when it existed; an error is logged.
bool provision(identity::IdentityService& identity, const identity::User& user, const std::string& password,
               const std::vector<std::string>& groups, bool demo) {
  if (identity.principal(user.id)) return false;
  auto st = identity.provision_user(user, password, groups, /*enforce_policy=*/!demo);
  if (!st) {
    spdlog::error("could not create user {}: {}", user.id, st.error().message);
    return false;
  }
  return true;
}

}  // namespace

void bootstrap_identity(identity::IdentityService& identity, const ServeConfig& config) {
  if (!config.admin_user.empty()) {
    if (config.admin_password.empty()) {
      spdlog::error("DPC_ADMIN_USER is set without DPC_ADMIN_PASSWORD: no administrator created");
    } else if (provision(identity, {config.admin_user, "", "", ""}, config.admin_password,
                         {std::string(identity::kAdminGroup)}, false)) {
      spdlog::info("administrator {} created (group {})", config.admin_user, identity::kAdminGroup);
    }
  }
  if (!config.demo) return;
  spdlog::warn("--demo: demo users with well-known passwords; never use --demo in production");
  std::string table;
  for (const auto& u : demo_users()) {
    provision(identity, {u.id, u.first, u.last, std::string(u.id) + "@demo.dpc.local"}, u.id, u.groups, true);
    std::string groups;
    for (const auto& g : u.groups) groups += (groups.empty() ? "" : ", ") + g;
    table += fmt::format("\n  {:<7} password {:<7} {:<28} groups: {}", u.id, u.id, u.role, groups);
  }
  // The staff groups may see and start the bank's processes and follow their instances and
  // history (their tasks they see as candidates anyway), as Camunda's demo grants them.
  const identity::Principal system{"dpc-demo-setup", {std::string(identity::kAdminGroup)}, true};
  std::vector<std::string> staff_groups;
  for (const auto& u : demo_users()) {
    for (const auto& g : u.groups) {
      if (g != identity::kAdminGroup &&
          std::find(staff_groups.begin(), staff_groups.end(), g) == staff_groups.end()) {
        staff_groups.push_back(g);
      }
    }
  }
  namespace perm = identity::perm;
  struct Grant {
    identity::Resource resource;
    const char* resource_id;
    int64_t bits;
  };
  // Staff open the Tasklist (Application "tasklist"); cockpit and admin stay the admins'.
  // They hand their tasks over to a colleague (assign, delegate) and set due dates and
  // priorities (TASK_ASSIGN on the definitions), as a bank's team shares its work.
  const Grant kStaffGrants[] = {
      {identity::Resource::kProcessDefinition, "*",
       perm::kRead | perm::kCreateInstance | perm::kReadInstance | perm::kReadHistory | perm::kTaskAssign},
      {identity::Resource::kProcessInstance, "*", perm::kCreate},
      {identity::Resource::kDecisionDefinition, "*", perm::kRead},
      {identity::Resource::kApplication, "tasklist", perm::kAccess},
  };
  for (const auto& g : staff_groups) {
    for (const auto& [resource, resource_id, bits] : kStaffGrants) {
      identity::Authorization a;
      a.type = identity::AuthType::kGrant;
      a.group_id = g;
      a.resource = resource;
      a.resource_id = resource_id;
      a.permissions = bits;
      auto created = identity.create_authorization(system, a);
      if (!created && created.error().kind != ErrorKind::kConflict) {
        spdlog::error("demo authorization for group {}: {}", g, created.error().message);
      }
    }
  }
  spdlog::info("demo users (log in at /):{}", table);
}

}  // namespace dpc::app
