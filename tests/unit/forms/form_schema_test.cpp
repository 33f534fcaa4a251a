// Reading form-js schemas (what fails a deployment) and generating them from camunda:formData.
#include <gtest/gtest.h>

#include "dpc/forms/form_schema.h"
#include "dpc/forms/form_validation.h"
#include "dpc/forms/generated_form.h"

namespace dpc::forms {
namespace {

using nlohmann::json;

TEST(FormSchema, RejectsBrokenForms) {
  struct Case { const char* text; const char* says; };
  Case cases[] = {
      {"{not json", "not valid JSON"},
      {"[]", "JSON object"},
      {R"({"components":[]})", "\"id\""},
      {R"({"id":"f"})", "no \"components\""},
      {R"({"id":"f","components":{}})", "must be a list"},
      {R"({"id":"f","components":[{"key":"a"}]})", "no \"type\""},
      {R"({"id":"f","components":[{"type":"textfield","key":"a","validate":{"pattern":"(["}}]})", "regular expression"},
      {R"({"id":"f","components":[{"type":"number","key":"a","validate":{"min":"ten"}}]})", "validate.min must be a number"},
      {R"({"id":"f","components":[{"type":"textfield","key":"a","conditional":{"hide":"=a >"}}]})", "FEEL"},
      {R"({"id":"f","components":[{"type":"select","key":"a","values":[{"label":"x"}]}]})", "\"value\""},
  };
  for (const auto& c : cases) {
    auto r = read_form_schema(std::string(c.text));
    ASSERT_FALSE(r) << c.text;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(FormSchema, ReadsFieldsInsideGroupsAndSkipsLayout) {
  auto r = read_form_schema(std::string(R"({"id":"f","components":[
    {"type":"text","text":"hi"},
    {"type":"group","components":[{"type":"textfield","key":"inner"}]},
    {"type":"number","key":"n","validate":{"min":1,"max":"9"}}]})"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->fields.size(), 2u);
  EXPECT_EQ(r->fields[0].key, "inner");
  EXPECT_EQ(*r->fields[1].max, 9);
}

TEST(GeneratedForm, MapsEveryTypeAndConstraint) {
  bpmn::FormData data;
  data.fields = {
      {"name", "Name", "string", "Jan", "", {}, {{"required", ""}, {"minlength", "2"}, {"maxlength", "20"}}},
      {"amount", "Amount", "long", "1000", "", {}, {{"min", "100"}, {"max", "5000"}}},
      {"vip", "VIP", "boolean", "true", "", {}, {{"readonly", ""}}},
      {"since", "Since", "date", "${today}", "", {}, {}},
      {"risk", "Risk", "enum", "", "", {{"LOW", "Low"}, {"HIGH", "High"}}, {}},
  };
  json s = generated_schema(data, "generated:task");
  EXPECT_EQ(s["id"], "generated:task");
  const json& c = s["components"];
  EXPECT_EQ(c[0]["type"], "textfield");
  EXPECT_EQ(c[0]["validate"], json({{"required", true}, {"minLength", 2}, {"maxLength", 20}}));
  EXPECT_EQ(c[0]["defaultValue"], "Jan");
  EXPECT_EQ(c[1]["type"], "number");
  EXPECT_EQ(c[1]["decimalDigits"], 0);
  EXPECT_EQ(c[1]["defaultValue"], 1000);
  EXPECT_EQ(c[2]["type"], "checkbox");
  EXPECT_EQ(c[2]["readonly"], true);
  EXPECT_EQ(c[3]["subtype"], "date");
  EXPECT_FALSE(c[3].contains("defaultValue"));
  EXPECT_EQ(c[4]["values"][1], json({{"label", "High"}, {"value", "HIGH"}}));

  // The generated schema validates like a deployed one.
  auto schema = read_form_schema(s);
  ASSERT_TRUE(schema) << schema.error().message;
  auto out = validate_submission(*schema, {{"name", "J"}, {"amount", 99}, {"vip", false}, {"risk", "MID"}},
                                 json::object());
  json got = json::array();
  for (const auto& e : out.errors) got.push_back({e.field, e.rule});
  EXPECT_EQ(got, json::parse(R"([["name","minLength"],["amount","min"],["risk","option"]])"));
  EXPECT_EQ(out.dropped, std::set<std::string>{"vip"});
}

}  // namespace
}  // namespace dpc::forms
