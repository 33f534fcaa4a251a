// dpc's password policy in the shape of Camunda's /identity/password-policy: a list of rules,
// each with a placeholder (the web apps' translation key) and its parameters, checked against
// a password and the profile of the user it is for. Pure, thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/identity/model.h"

namespace dpc::identity {

// Longest password accepted anywhere (bytes): refused before any hashing, so a huge body
// costs nothing. Not a policy rule: a longer one is bad input (400), not a weak password.
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMinPasswordLength = 10;

struct PolicyRule {
  std::string placeholder;                       // e.g. "PASSWORD_POLICY_LENGTH"
  std::map<std::string, std::string> parameter;  // e.g. {"minLength": "10"}; empty = null
  bool valid = true;                             // filled by check_password
};

struct PolicyResult {
  std::vector<PolicyRule> rules;
  bool valid = true;
};

// The rules, unchecked:
//   PASSWORD_POLICY_LENGTH     at least kMinPasswordLength characters (UTF-8 code points)
//   PASSWORD_POLICY_USER_DATA  does not contain the user id, first or last name or email
//                              (ignoring case; parts shorter than 3 characters are ignored)
//   PASSWORD_POLICY_COMMON     not one of the commonly used passwords shipped with dpc
std::vector<PolicyRule> password_rules();

// Checks `password` for `profile` (its id and names may be empty).
PolicyResult check_password(std::string_view password, const User& profile);

}  // namespace dpc::identity
