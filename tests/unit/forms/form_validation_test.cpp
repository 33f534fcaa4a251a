// Data-driven: every case in tests/data/forms/validation_cases.json is one submission checked
// against the file's schema, with the exact field errors and dropped fields expected.
#include <fstream>

#include <gtest/gtest.h>

#include "dpc/forms/form_validation.h"

namespace dpc::forms {
namespace {

using nlohmann::json;

json load_cases() {
  std::ifstream in(std::string(DPC_FORMS_TEST_DATA) + "/validation_cases.json");
  return json::parse(in);
}

TEST(FormValidation, Cases) {
  json file = load_cases();
  auto schema = read_form_schema(file["schema"]);
  ASSERT_TRUE(schema) << schema.error().message;
  ASSERT_GT(file["cases"].size(), 20u);
  for (const auto& c : file["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    auto out = validate_submission(*schema, c["submitted"], c.value("current", json::object()));
    json got = json::array();
    for (const auto& e : out.errors) got.push_back({e.field, e.rule});
    EXPECT_EQ(got, c["errors"]);
    json dropped(out.dropped);
    EXPECT_EQ(dropped, c.value("dropped", json::array()));
  }
}

TEST(FormValidation, ExceptionBodyNamesEveryField) {
  std::vector<FieldError> errors = {{"amount", "min", "amount must be at least 1000", {{"min", 1000}}},
                                    {"pesel", "pattern", "pesel must match", {}}};
  json body = validation_exception(errors);
  EXPECT_EQ(body["type"], "FormValidationException");
  EXPECT_EQ(body["message"], "2 fields are invalid");
  EXPECT_EQ(body["code"], 0);
  ASSERT_EQ(body["fieldErrors"].size(), 2u);
  EXPECT_EQ(body["fieldErrors"][0]["params"]["min"], 1000);
}

TEST(FormValidation, MessagesSayTheBound) {
  auto schema = read_form_schema(json::parse(
      R"({"id":"f","components":[{"type":"number","key":"amount","validate":{"min":1000}}]})"));
  ASSERT_TRUE(schema);
  auto out = validate_submission(*schema, {{"amount", 5}}, json::object());
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].message, "amount must be at least 1000");
  EXPECT_EQ(out.errors[0].params, json({{"min", 1000}}));
}

TEST(FormValidation, RequiredCheckboxMustBeTicked) {
  auto schema = read_form_schema(json::parse(
      R"({"id":"f","components":[{"type":"checkbox","key":"consent","validate":{"required":true}}]})"));
  ASSERT_TRUE(schema);
  auto out = validate_submission(*schema, {{"consent", false}}, json::object());
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].rule, "required");
  EXPECT_TRUE(validate_submission(*schema, {{"consent", true}}, json::object()).ok());
}

}  // namespace
}  // namespace dpc::forms
