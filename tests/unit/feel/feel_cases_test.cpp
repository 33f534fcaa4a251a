// Data-driven FEEL tests: every line of tests/data/feel/*.txt is one case.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "dpc/feel/feel.h"
#include "dpc/feel/json.h"

namespace dpc::feel {
namespace {

struct Case {
  std::string file;
  int line;
  std::string text;
};

std::vector<Case> load(const std::string& name) {
  std::vector<Case> out;
  std::ifstream in(std::string(DPC_FEEL_TEST_DATA) + "/" + name);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    out.push_back({name, n, line});
  }
  return out;
}

Value eval_or_fail(const std::string& src, const Context& vars) {
  std::vector<std::string> names;
  for (const auto& [k, v] : vars.entries) names.push_back(k);
  auto e = Expression::compile(src, names);
  EXPECT_TRUE(e.ok()) << src << ": " << (e.ok() ? "" : e.error().message);
  if (!e.ok()) return {};
  return e->evaluate(vars).value;
}

class ExpressionCases : public ::testing::TestWithParam<Case> {};

TEST_P(ExpressionCases, Evaluates) {
  const Case& c = GetParam();
  std::string text = c.text;
  Context vars;
  if (auto k = text.find(" ;; "); k != std::string::npos) {
    Value v = from_json(nlohmann::json::parse(text.substr(k + 4)));
    vars = v.as_context();
    text = text.substr(0, k);
  }
  auto k = text.find(" ==> ");
  ASSERT_NE(k, std::string::npos) << c.file << ":" << c.line;
  std::string expr = text.substr(0, k);
  Value expected = eval_or_fail(text.substr(k + 5), {});
  Value actual = eval_or_fail(expr, vars);
  EXPECT_TRUE(values_identical(actual, expected))
      << c.file << ":" << c.line << ": " << expr << " gave " << actual.debug_string() << ", expected "
      << expected.debug_string();
}

INSTANTIATE_TEST_SUITE_P(Data, ExpressionCases, ::testing::ValuesIn(load("expressions.txt")),
                         [](const auto& info) { return "line" + std::to_string(info.param.line); });

class UnaryTestCases : public ::testing::TestWithParam<Case> {};

TEST_P(UnaryTestCases, Matches) {
  const Case& c = GetParam();
  auto bar = c.text.rfind(" | ");
  auto arrow = c.text.find(" ==> ");
  ASSERT_TRUE(bar != std::string::npos && arrow != std::string::npos);
  auto tests = UnaryTests::compile(c.text.substr(0, bar));
  ASSERT_TRUE(tests.ok()) << c.text << ": " << tests.error().message;
  Value input = eval_or_fail(c.text.substr(bar + 3, arrow - bar - 3), {});
  Value expected = eval_or_fail(c.text.substr(arrow + 5), {});
  std::vector<std::string> warnings;
  Value actual = tests->test(input, {}, warnings);
  EXPECT_TRUE(values_identical(actual, expected)) << c.file << ":" << c.line << ": " << c.text << " gave "
                                                  << actual.debug_string();
}

INSTANTIATE_TEST_SUITE_P(Data, UnaryTestCases, ::testing::ValuesIn(load("unary_tests.txt")),
                         [](const auto& info) { return "line" + std::to_string(info.param.line); });

TEST(FeelErrors, SyntaxErrorHasPosition) {
  auto e = Expression::compile("1 + * 2");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("at 4"), std::string::npos) << e.error().message;
}

// A known name with dots ("Person.Gender", e.g. a BKM parameter elsewhere in the model) that
// is not in scope reads as a path; "myimport.Say Hello" reads entry "Say Hello" of "myimport".
TEST(FeelNames, DottedNameNotInScopeIsAPath) {
  auto e = Expression::compile("Person.Gender + \"!\"", {"Person.Gender", "Person"});
  ASSERT_TRUE(e.ok());
  Context person;
  person.set("Gender", Value("Male"));
  Context vars;
  vars.set("Person", Value(person));
  EXPECT_EQ(e->evaluate(vars).value.to_string(), "Male!");
  Context direct;
  direct.set("Person.Gender", Value("Female"));
  EXPECT_EQ(e->evaluate(direct).value.to_string(), "Female!");
}

TEST(FeelErrors, EvaluationErrorIsNullWithWarning) {
  auto e = Expression::compile("unknownVar + 1");
  ASSERT_TRUE(e.ok());
  auto r = e->evaluate({});
  EXPECT_TRUE(r.value.is_null());
  EXPECT_FALSE(r.warnings.empty());
}

}  // namespace
}  // namespace dpc::feel
