// The identity model, in Camunda 7's terms: users, groups, memberships, authorizations, and
// the Principal that an authenticated request carries. Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpc::identity {

// The group whose members may do everything (Camunda's built-in admin group).
inline constexpr std::string_view kAdminGroup = "camunda-admin";

struct User {
  std::string id;
  std::string first_name;
  std::string last_name;
  std::string email;
};

struct Group {
  std::string id;
  std::string name;
  std::string type;  // Camunda: "WORKFLOW", "SYSTEM", or anything
};

// Who is making a request: the user and their groups, resolved once per request (or taken
// from the credential cache / session). `admin` = member of camunda-admin.
struct Principal {
  std::string user_id;
  std::vector<std::string> groups;
  bool admin = false;
};

// Camunda 7's resource types (org.camunda.bpm.engine.authorization.Resources), same numbers.
enum class Resource : int {
  kApplication = 0,
  kUser = 1,
  kGroup = 2,
  kGroupMembership = 3,
  kAuthorization = 4,
  kFilter = 5,
  kProcessDefinition = 6,
  kTask = 7,
  kProcessInstance = 8,
  kDeployment = 9,
  kDecisionDefinition = 10,
  kTenant = 11,
  kTenantMembership = 12,
  kBatch = 13,
  kDecisionRequirementsDefinition = 14,
  kReport = 15,
  kDashboard = 16,
  kUserOperationLogCategory = 17,
  kHistoricTask = 19,
  kHistoricProcessInstance = 20,
  kSystem = 21,
};

// Camunda 7's permission bits (Permissions / ProcessDefinitionPermissions / ...), same values.
namespace perm {
inline constexpr int64_t kNone = 0;
inline constexpr int64_t kAll = 0x7fffffff;  // Integer.MAX_VALUE
inline constexpr int64_t kRead = 2;
inline constexpr int64_t kUpdate = 4;
inline constexpr int64_t kCreate = 8;
inline constexpr int64_t kDelete = 16;
inline constexpr int64_t kAccess = 32;
inline constexpr int64_t kReadTask = 64;
inline constexpr int64_t kUpdateTask = 128;
inline constexpr int64_t kCreateInstance = 256;
inline constexpr int64_t kReadInstance = 512;
inline constexpr int64_t kUpdateInstance = 1024;
inline constexpr int64_t kDeleteInstance = 2048;
inline constexpr int64_t kReadHistory = 4096;
inline constexpr int64_t kDeleteHistory = 8192;
inline constexpr int64_t kTaskWork = 16384;
inline constexpr int64_t kTaskAssign = 32768;
inline constexpr int64_t kMigrateInstance = 65536;
}  // namespace perm

// Camunda's authorization types.
enum class AuthType : int { kGlobal = 0, kGrant = 1, kRevoke = 2 };

struct Authorization {
  std::string id;
  AuthType type = AuthType::kGrant;
  std::string user_id;   // "*" for everyone (global); empty when group_id is set
  std::string group_id;  // empty when user_id is set
  Resource resource = Resource::kApplication;
  std::string resource_id = "*";
  // Grant/global: the granted bits. Revoke: Camunda stores the complement (bits cleared are
  // the revoked ones); the service converts so callers deal in permission names.
  int64_t permissions = 0;
  std::optional<std::string> removal_time;
  std::optional<std::string> root_process_instance_id;
};

// The permissions an authorization names: the granted ones (grant, global) or the revoked
// ones (revoke), as REST shows them.
int64_t named_permissions(const Authorization& a);
// Sets a.permissions from the permissions it names, as Camunda stores them.
void set_named_permissions(Authorization& a, int64_t named);

// ---- queries -------------------------------------------------------------------------------

struct Page {
  long long first_result = 0;
  long long max_results = -1;  // -1 = all
};

struct Sort {
  std::string by;  // a REST sortBy value the store knows (checked by the REST layer)
  bool descending = false;
};

// "Visible to this user": lists keep only rows the reader may READ by authorization, decided
// inside SQL so that counts and paging stay right. Unset = no filtering (admins).
struct Reader {
  std::string user_id;
  std::vector<std::string> groups;
};

struct UserQuery {
  std::optional<std::string> id, first_name, first_name_like, last_name, last_name_like, email,
      email_like, member_of_group;
  std::vector<std::string> id_in;
  std::vector<Sort> sorting;  // userId, firstName, lastName, email
  Page page;
  std::optional<Reader> visible_to;
};

struct GroupQuery {
  std::optional<std::string> id, name, name_like, type, member;
  std::vector<std::string> id_in;
  std::vector<Sort> sorting;  // id, name, type
  Page page;
  std::optional<Reader> visible_to;
};

struct AuthorizationQuery {
  std::optional<std::string> id;
  std::optional<AuthType> type;
  std::vector<std::string> user_id_in, group_id_in;
  std::optional<Resource> resource;
  std::optional<std::string> resource_id;
  std::vector<Sort> sorting;  // resourceType, resourceId
  Page page;
  std::optional<Reader> visible_to;
};

// What a login check needs of a user. `last_failed_time` in milliseconds since the epoch.
struct Credentials {
  std::string password_hash;  // libsodium's encoded argon2id string
  int failed_attempts = 0;
  int64_t last_failed_time = 0;
  bool locked = false;
};

// The resource ids of one type a principal holds a permission on: all = every id except
// `except`; otherwise exactly `only`. Exact under Camunda's precedence: an id that no specific
// authorization names is decided like any other unnamed id.
struct IdSet {
  bool all = false;
  std::vector<std::string> only;
  std::vector<std::string> except;
};

}  // namespace dpc::identity
