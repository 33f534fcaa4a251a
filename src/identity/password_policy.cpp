// The password policy. See password_policy.h.
#include "dpc/identity/password_policy.h"

#include <algorithm>

#include "dpc/core/strings.h"

namespace dpc::identity {

namespace {

// Commonly used passwords (from the published breach top lists), lower case. Short ones are
// here too: they already fail the length rule, but the list stays honest when it changes.
constexpr std::string_view kCommonPasswords[] = {
    "123456", "123456789", "12345678", "password", "qwerty", "12345", "1234567", "111111",
    "123123", "abc123", "1234567890", "password1", "iloveyou", "000000", "1q2w3e4r",
    "qwertyuiop", "123321", "654321", "dragon", "monkey", "sunshine", "princess", "letmein",
    "football", "baseball", "welcome", "admin", "login", "master", "shadow", "superman",
    "trustno1", "starwars", "passw0rd", "whatever", "zaq12wsx", "qazwsx", "michael",
    "password123", "password1234", "password12345", "passwordpassword", "1234567890a",
    "0123456789", "9876543210", "0987654321", "1111111111", "0000000000", "1234512345",
    "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq1zaq1zaq1", "qwerty1234",
    "qwerty12345", "qwerty123456", "qwertyuiop1", "asdfghjkl1", "asdfghjkl;", "zxcvbnm123",
    "abcdefghij", "abcd123456", "abc1234567", "a1b2c3d4e5", "iloveyou123", "iloveyou12",
    "welcome123", "welcome1234", "letmein123", "changeme123", "changeme1234", "administrator",
    "admin12345", "admin123456", "adminadmin", "rootroot12", "superman123", "football123",
    "baseball123", "princess123", "sunshine123", "starwars123", "dragon1234", "monkey1234",
    "michael123", "computer123", "internet123", "trustno1234", "whatever123", "1qazxsw23edc",
    "q1w2e3r4t5", "q1w2e3r4t5y6", "1a2b3c4d5e", "11223344556", "1122334455", "5555555555",
    "7777777777", "9999999999", "123qweasdzxc", "qweasdzxc123", "camunda123", "camunda1234",
    "demodemo12", "demodemo123", "springboot", "p@ssw0rd123", "p@ssword123", "passw0rd123",
};

size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool contains_user_data(std::string_view password, const User& profile) {
  std::string pw = to_lower(password);
  for (const std::string* part : {&profile.id, &profile.first_name, &profile.last_name, &profile.email}) {
    if (code_points(*part) < 3) continue;
    if (pw.find(to_lower(*part)) != std::string::npos) return true;
  }
  return false;
}

bool is_common(std::string_view password) {
  std::string pw = to_lower(password);
  return std::find(std::begin(kCommonPasswords), std::end(kCommonPasswords), pw) !=
         std::end(kCommonPasswords);
}

}  // namespace

std::vector<PolicyRule> password_rules() {
  return {{"PASSWORD_POLICY_LENGTH", {{"minLength", std::to_string(kMinPasswordLength)}}, true},
          {"PASSWORD_POLICY_USER_DATA", {}, true},
          {"PASSWORD_POLICY_COMMON", {}, true}};
}

PolicyResult check_password(std::string_view password, const User& profile) {
  PolicyResult out;
  out.rules = password_rules();
  out.rules[0].valid = code_points(password) >= kMinPasswordLength;
  out.rules[1].valid = !contains_user_data(password, profile);
  out.rules[2].valid = !is_common(password);
  for (const auto& r : out.rules) out.valid = out.valid && r.valid;
  return out;
}

}  // namespace dpc::identity
