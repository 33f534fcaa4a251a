#include "dpc/http/variable_json.h"

#include <gtest/gtest.h>

#include "dpc/http/params.h"
#include "dpc/http/query.h"

using namespace dpc;
using namespace dpc::http;
using nlohmann::json;

namespace {

TEST(CamundaDate, FormatsAndParsesRoundTrip) {
  EXPECT_EQ(format_camunda_date(1453728822165), "2016-01-25T13:33:42.165+0000");
  EXPECT_EQ(parse_camunda_date("2016-01-25T13:33:42.165+0000"), 1453728822165);
  EXPECT_EQ(parse_camunda_date("2016-01-25T14:33:42.165+0100"), 1453728822165);
  EXPECT_EQ(parse_camunda_date("2016-01-25T14:33:42.165+01:00"), 1453728822165);
  EXPECT_EQ(parse_camunda_date("2016-01-25T13:33:42Z"), 1453728822000);
  EXPECT_FALSE(parse_camunda_date("yesterday"));
  EXPECT_FALSE(parse_camunda_date("2016-13-25T13:33:42"));
  EXPECT_EQ(format_camunda_date(-1), "1969-12-31T23:59:59.999+0000");
}

struct RoundTrip {
  json dto;
  ValueType type;
};

class VariableRoundTrip : public ::testing::TestWithParam<RoundTrip> {};

TEST_P(VariableRoundTrip, ValueComesBackExactly) {
  auto v = variable_from_json("x", GetParam().dto);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->type, GetParam().type);
  json back = variable_to_json(*v);
  EXPECT_EQ(back["type"], GetParam().dto["type"]);
  EXPECT_EQ(back["value"], GetParam().dto["value"]);
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, VariableRoundTrip,
    ::testing::Values(
        RoundTrip{{{"value", "Anna"}, {"type", "String"}}, ValueType::kString},
        RoundTrip{{{"value", true}, {"type", "Boolean"}}, ValueType::kBoolean},
        RoundTrip{{{"value", 12}, {"type", "Short"}}, ValueType::kShort},
        RoundTrip{{{"value", 2147483647}, {"type", "Integer"}}, ValueType::kInteger},
        RoundTrip{{{"value", 9007199254740993LL}, {"type", "Long"}}, ValueType::kLong},
        RoundTrip{{{"value", 0.1}, {"type", "Double"}}, ValueType::kDouble},
        RoundTrip{{{"value", "2024-02-29T10:15:30.123+0000"}, {"type", "Date"}}, ValueType::kDate},
        RoundTrip{{{"value", nullptr}, {"type", "Null"}}, ValueType::kNull},
        RoundTrip{{{"value", "aGVsbG8gd29ybGQ="}, {"type", "Bytes"}}, ValueType::kBytes},
        RoundTrip{{{"value", "<a>1</a>"}, {"type", "Xml"}}, ValueType::kXml}));

TEST(Variables, JsonValuesAreParsedWhenDeserialized) {
  auto v = variable_from_json("order", {{"value", "{\"amount\":5}"}, {"type", "Json"}});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(variable_to_json(*v)["value"]["amount"], 5);
  EXPECT_EQ(variable_to_json(*v, false)["value"], "{\"amount\":5}");
}

TEST(Variables, UntypedValuesTakeTheirJsonType) {
  EXPECT_EQ(variable_from_json("a", {{"value", 5}})->type, ValueType::kInteger);
  EXPECT_EQ(variable_from_json("a", {{"value", 5000000000LL}})->type, ValueType::kLong);
  EXPECT_EQ(variable_from_json("a", {{"value", 1.5}})->type, ValueType::kDouble);
  EXPECT_EQ(variable_from_json("a", {{"value", "s"}})->type, ValueType::kString);
  EXPECT_EQ(variable_from_json("a", {{"value", {1, 2}}})->type, ValueType::kJson);
}

struct Bad {
  json dto;
  std::string must_mention;
};
class BadVariable : public ::testing::TestWithParam<Bad> {};

TEST_P(BadVariable, IsA400NamingTheVariable) {
  auto v = variable_from_json("amount", GetParam().dto);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(v.error().message.find(GetParam().must_mention), std::string::npos) << v.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadVariable,
    ::testing::Values(Bad{{{"value", 1}, {"type", "Money"}}, "Money"},
                      Bad{{{"value", "abc"}, {"type", "Integer"}}, "amount"},
                      Bad{{{"value", 3000000000LL}, {"type", "Integer"}}, "Integer"},
                      Bad{{{"value", 40000}, {"type", "Short"}}, "Short"},
                      Bad{{{"value", "tomorrow"}, {"type", "Date"}}, "Date"},
                      Bad{{{"value", "not json"}, {"type", "Json"}}, "Json"},
                      Bad{{{"value", "@@@"}, {"type", "Bytes"}}, "Bytes"},
                      Bad{{{"value", 1}, {"type", "String"}}, "String"},
                      Bad{json::array(), "amount"}));

TEST(Params, QueryAndJsonGiveTheSameFilters) {
  Request req;
  req.target = "/x?assignee=anna&candidateGroups=a,b&unassigned=true&sortBy=created&sortOrder=desc&maxResults=5";
  split_target(req.target, req.path, req.query);
  Params q = Params::from_query(req);
  Params j = Params::from_json({{"assignee", "anna"}, {"candidateGroups", {"a", "b"}}, {"unassigned", true},
                                {"sorting", {{{"sortBy", "created"}, {"sortOrder", "desc"}}}}, {"maxResults", 5}});
  for (const Params* p : {&q, &j}) {
    EXPECT_EQ(p->text("assignee"), "anna");
    EXPECT_EQ(p->list("candidateGroups"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(*p->flag("unassigned"));
    auto s = p->sorting({"created"});
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), 1u);
    EXPECT_TRUE((*s)[0].descending);
    EXPECT_EQ(p->paging()->second, 5);
  }
}

TEST(Params, BadSortingIsRejected) {
  Request req;
  req.target = "/x?sortBy=color&sortOrder=asc";
  split_target(req.target, req.path, req.query);
  auto s = Params::from_query(req).sorting({"created"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("color"), std::string::npos);
  Request only;
  only.target = "/x?sortBy=created";
  split_target(only.target, only.path, only.query);
  EXPECT_FALSE(Params::from_query(only).sorting({"created"}).ok());
}

}  // namespace
