// Camunda 7's authorization decision as a pure function, its precedence as data (the store
// builds its "visible to this user" SQL from the same table), and the names Camunda's REST
// API uses for permissions and resource types. Pure, thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/identity/model.h"

namespace dpc::identity {

// Who an authorization is for, as far as precedence goes.
enum class Subject { kUser, kGroup, kGlobal };

// One precedence level: authorizations of `subject` for a `specific` resource id (else "*").
struct Level {
  Subject subject;
  bool specific;
};

// The levels in the order they are asked: user beats group beats global, and within each a
// specific resource id beats "*". The first level whose authorizations say anything about
// the permission decides: a revoke there denies (revoke beats grant), else a grant allows.
// Nothing anywhere: denied. (Camunda's isUserAuthorizedForResource, same order.)
inline constexpr std::array<Level, 6> kPrecedence = {{{Subject::kUser, true},
                                                      {Subject::kUser, false},
                                                      {Subject::kGroup, true},
                                                      {Subject::kGroup, false},
                                                      {Subject::kGlobal, true},
                                                      {Subject::kGlobal, false}}};

// The level `a` belongs to for `who` asking about `resource_id`, or nullopt when it does not
// apply to them (another user, a group they are not in, another resource id). A grant or
// revoke for user "*" counts as a user authorization of everyone, as in Camunda.
std::optional<Level> level_of(const Authorization& a, const Principal& who,
                              std::string_view resource_id);

// True when `a` (which applies) revokes `permission` / grants all of its bits.
bool revokes(const Authorization& a, int64_t permission);
bool grants(const Authorization& a, int64_t permission);

// The decision. `authorizations` may hold any rows; only those for `resource` apply.
// Members of camunda-admin (who.admin) may do everything.
bool decide(const Principal& who, const std::vector<Authorization>& authorizations,
            Resource resource, std::string_view resource_id, int64_t permission);

// ---- names -------------------------------------------------------------------------------

// Camunda's permission name ("READ", "ALL", "NONE", ...) → bits; nullopt when unknown.
std::optional<int64_t> permission_bits(std::string_view name);
// Bits → names: ["ALL"] for all bits, ["NONE"] for none, else one name per bit set.
std::vector<std::string> permission_names(int64_t bits);
// The name of the one permission `bits` is (for messages), or the number.
std::string permission_name(int64_t bits);
// A resource type number → the enum; nullopt when Camunda has no such type.
std::optional<Resource> resource_from_int(int value);
// Camunda's resource names ("User", "Group", "ProcessDefinition", ...) and back.
std::string_view resource_name(Resource r);
std::optional<Resource> resource_from_name(std::string_view name);

}  // namespace dpc::identity
