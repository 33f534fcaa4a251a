// PESEL, IBAN, Polish phone and e-mail checks, and a form field asking for them.
#include <gtest/gtest.h>

#include "dpc/forms/form_schema.h"
#include "dpc/forms/form_validation.h"
#include "dpc/forms/identity_checks.h"

namespace dpc::forms {
namespace {

TEST(IdentityChecks, Pesel) {
  EXPECT_TRUE(is_pesel("44051401359"));   // the example of the PESEL register (14 May 1944)
  EXPECT_TRUE(is_pesel("02270803624"));   // 8 July 2002: month + 20
  EXPECT_FALSE(is_pesel("44051401358"));  // wrong check digit
  EXPECT_FALSE(is_pesel("4405140135"));   // too short
  EXPECT_FALSE(is_pesel("4405140135a"));
  EXPECT_FALSE(is_pesel("44133101357"));  // month 13 does not exist (check digit right)
  EXPECT_FALSE(is_pesel("01023012346"));  // 30 February (check digit right)
}

TEST(IdentityChecks, Iban) {
  EXPECT_TRUE(is_iban("PL61109010140000071219812874"));          // the standard Polish example
  EXPECT_TRUE(is_iban("PL61 1090 1014 0000 0712 1981 2874"));    // printed in groups
  EXPECT_TRUE(is_iban("GB82WEST12345698765432"));                // ISO 13616's example
  EXPECT_TRUE(is_iban("de89370400440532013000"));
  EXPECT_FALSE(is_iban("PL61109010140000071219812875"));         // one digit off
  EXPECT_FALSE(is_iban("PL6110901014000007121981287"));          // Polish IBANs have 28
  EXPECT_FALSE(is_iban("PL61-1090-1014-0000-0712-1981-2874"));
  EXPECT_FALSE(is_iban(""));
}

TEST(IdentityChecks, PolishPhone) {
  EXPECT_TRUE(is_polish_phone("601234567"));
  EXPECT_TRUE(is_polish_phone("+48 601 234 567"));
  EXPECT_TRUE(is_polish_phone("0048 (22) 123-45-67"));
  EXPECT_FALSE(is_polish_phone("60123456"));
  EXPECT_FALSE(is_polish_phone("+49 601 234 567"));
  EXPECT_FALSE(is_polish_phone("012345678"));
  EXPECT_FALSE(is_polish_phone("60123456x"));
}

TEST(IdentityChecks, Email) {
  EXPECT_TRUE(is_email("jan.kowalski@example.pl"));
  EXPECT_FALSE(is_email("jan.kowalski@"));
  EXPECT_FALSE(is_email("jan kowalski@example.pl"));
}

TEST(IdentityChecks, FieldsAskForThemThroughCustomProperties) {
  nlohmann::json schema = {
      {"id", "application"},
      {"components",
       {{{"type", "textfield"}, {"key", "pesel"}, {"properties", {{"validationType", "pesel"}}}},
        {{"type", "textfield"}, {"key", "iban"}, {"properties", {{"validationType", "iban"}}}},
        {{"type", "textfield"}, {"key", "phone"}, {"properties", {{"validationType", "phonePL"}}}},
        {{"type", "textfield"}, {"key", "email"}, {"properties", {{"validationType", "email"}}}}}}};
  auto form = read_form_schema(schema);
  ASSERT_TRUE(form.ok()) << form.error().message;
  auto bad = validate_submission(*form,
                                 {{"pesel", "44051401358"}, {"iban", "PL00"}, {"phone", "123"}, {"email", "x@"}},
                                 nlohmann::json::object());
  ASSERT_EQ(bad.errors.size(), 4u);
  EXPECT_EQ(bad.errors[0].rule, "pesel");
  EXPECT_EQ(bad.errors[1].rule, "iban");
  EXPECT_EQ(bad.errors[2].rule, "phonePL");
  EXPECT_EQ(bad.errors[3].rule, "email");
  auto good = validate_submission(*form,
                                  {{"pesel", "44051401359"}, {"iban", "PL61109010140000071219812874"},
                                   {"phone", "+48601234567"}, {"email", "a@b.pl"}},
                                  nlohmann::json::object());
  EXPECT_TRUE(good.ok());
  schema["components"][0]["properties"]["validationType"] = "nip";
  EXPECT_FALSE(read_form_schema(schema).ok());
}

}  // namespace
}  // namespace dpc::forms
