// The SQL of the identity lists (users, groups, authorizations): filters as parameters, sort
// columns from a whitelist, and the "visible to this reader" predicate built from the
// identity module's precedence table (authorization_rules.h), so lists, counts and paging
// agree with IdentityService::is_authorized. Private to the store module.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/identity/model.h"
#include "sql_conditions.h"

namespace dpc::store {

inline constexpr const char* kUserColumns = "u.id, u.first_name, u.last_name, u.email";
inline constexpr const char* kGroupColumns = "g.id, g.name, g.type";
inline constexpr const char* kAuthorizationColumns =
    "a.id, a.type, a.user_id, a.group_id, a.resource_type, a.resource_id, a.permissions";

SqlQuery user_select(const identity::UserQuery& q, bool count);
SqlQuery group_select(const identity::GroupQuery& q, bool count);
SqlQuery authorization_select(const identity::AuthorizationQuery& q, bool count);

identity::User read_user(const pqxx::row& r);
identity::Group read_group(const pqxx::row& r);
identity::Authorization read_authorization(const pqxx::row& r);

// A *Like filter as a LIKE pattern: % stays the wildcard (Camunda's contract: clients send
// "%jon%"); _ and \ match themselves.
std::string like_pattern(const std::string& value);

}  // namespace dpc::store
