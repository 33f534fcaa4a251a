#include <gtest/gtest.h>

#include "dpc/identity/password_policy.h"

using namespace dpc::identity;

namespace {

bool rule_valid(const PolicyResult& r, const std::string& placeholder) {
  for (const auto& rule : r.rules) {
    if (rule.placeholder == placeholder) return rule.valid;
  }
  ADD_FAILURE() << "no rule " << placeholder;
  return false;
}

TEST(IdentityPasswordPolicy, RulesInCamundaShape) {
  auto rules = password_rules();
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].placeholder, "PASSWORD_POLICY_LENGTH");
  EXPECT_EQ(rules[0].parameter.at("minLength"), "10");
}

TEST(IdentityPasswordPolicy, Cases) {
  User jonny{"jonny", "Jonathan", "Doe", "jonny@bank.example"};
  struct Case {
    const char* password;
    bool length, user_data, common;
  } cases[] = {
      {"correct horse battery", true, true, true},
      {"short1!", false, true, true},
      {"123456789", false, true, false},          // 9 characters and common
      {"ąęółśżźćń1", true, true, true},           // 10 code points, more bytes
      {"ąęółśżźć", false, true, true},            // 8 code points, 16 bytes
      {"my-JONNY-password", true, false, true},   // contains the id, any case
      {"jonathan is great", true, false, true},   // the first name
      {"xx jonny@bank.example", true, false, true},
      {"Password123", true, true, false},         // common, any case
      {"qwertyuiop", true, true, false},
  };
  for (const auto& c : cases) {
    auto r = check_password(c.password, jonny);
    EXPECT_EQ(rule_valid(r, "PASSWORD_POLICY_LENGTH"), c.length) << c.password;
    EXPECT_EQ(rule_valid(r, "PASSWORD_POLICY_USER_DATA"), c.user_data) << c.password;
    EXPECT_EQ(rule_valid(r, "PASSWORD_POLICY_COMMON"), c.common) << c.password;
    EXPECT_EQ(r.valid, c.length && c.user_data && c.common) << c.password;
  }
}

TEST(IdentityPasswordPolicy, ShortProfilePartsAreIgnored) {
  User al{"al", "Al", "", ""};
  EXPECT_TRUE(check_password("a long enough phrase", al).valid);
}

}  // namespace
