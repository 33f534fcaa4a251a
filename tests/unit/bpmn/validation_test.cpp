// Runs every case of tests/data/bpmn/invalid/cases.json: the file must fail to parse with
// the listed error at the listed line (and column, when given) about the listed element.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dpc/bpmn/parser.h"
#include "test_files.h"

namespace dpc::bpmn {
namespace {

using json = nlohmann::json;

struct InvalidCase {
  json data;
};

void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.data.value("file", "?"); }

std::vector<InvalidCase> load() {
  const json doc = json::parse(testing::data_file("invalid/cases.json"));
  std::vector<InvalidCase> out;
  for (const auto& c : doc.at("cases")) out.push_back({c});
  return out;
}

std::string describe(const ProblemReport& r) {
  std::string s;
  for (const auto& p : r.errors) {
    s += "  " + p.message + " [line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ", element '" +
         p.main_element_id + "']\n";
  }
  return s;
}

class InvalidModel : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidModel, IsRejectedWithPosition) {
  const json& c = GetParam().data;
  const ParseResult r = parse_bpmn(testing::data_file("invalid/" + c.at("file").get<std::string>()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.definitions, nullptr);
  const std::string want = c.at("message");
  const Problem* found = nullptr;
  for (const auto& p : r.report.errors) {
    if (p.message.find(want) != std::string::npos) {
      found = &p;
      break;
    }
  }
  ASSERT_NE(found, nullptr) << "expected an error containing \"" << want << "\"; got:\n" << describe(r.report);
  EXPECT_EQ(found->line, c.at("line").get<int>()) << found->message;
  if (c.contains("column")) {
    EXPECT_EQ(found->column, c["column"].get<int>()) << found->message;
  }
  EXPECT_EQ(found->main_element_id, c.at("element").get<std::string>()) << found->message;
  if (!found->main_element_id.empty()) {
    ASSERT_FALSE(found->element_ids.empty());
    EXPECT_EQ(found->element_ids[0], found->main_element_id);
  }
}

INSTANTIATE_TEST_SUITE_P(Files, InvalidModel, ::testing::ValuesIn(load()),
                         [](const ::testing::TestParamInfo<InvalidCase>& info) {
                           std::string name = info.param.data.at("file");
                           name = name.substr(0, name.find('.'));
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

TEST(Validation, ProblemsCarryRelatedElementIds) {
  const ParseResult r = parse_bpmn(testing::data_file("invalid/exclusive-gateway-without-condition.bpmn"));
  ASSERT_EQ(r.report.errors.size(), 1u) << describe(r.report);
  EXPECT_EQ(r.report.errors[0].element_ids, (std::vector<std::string>{"gw", "f_no"}));
}

TEST(Validation, MalformedXmlPointsAtTheOffendingLine) {
  const ParseResult r = parse_bpmn("<a>\n<b>\n</a>");
  ASSERT_EQ(r.report.errors.size(), 1u);
  EXPECT_EQ(r.report.errors[0].line, 3);
}

TEST(Validation, UnreachableElementsDeployWithAWarning) {
  // Camunda 7 deploys them; they never run.
  const ParseResult r = parse_bpmn(testing::data_file("valid/unreachable-element.bpmn"));
  ASSERT_TRUE(r.ok()) << describe(r.report);
  ASSERT_EQ(r.report.warnings.size(), 1u) << describe(r.report);
  EXPECT_EQ(r.report.warnings[0].message, "userTask 'orphan' is not reachable from any start event");
  EXPECT_EQ(r.report.warnings[0].line, 7);
  EXPECT_EQ(r.report.warnings[0].main_element_id, "orphan");

  const ParseResult cycle = parse_bpmn(testing::data_file("valid/unreachable-cycle.bpmn"));
  ASSERT_TRUE(cycle.ok()) << describe(cycle.report);
  ASSERT_EQ(cycle.report.warnings.size(), 2u) << describe(cycle.report);
  EXPECT_EQ(cycle.report.warnings[0].message, "task 'a' is not reachable from any start event");
  EXPECT_EQ(cycle.report.warnings[1].message, "task 'b' is not reachable from any start event");
}

}  // namespace
}  // namespace dpc::bpmn
