// Saved filter queries without a server: expressions evaluated per caller and the extension
// of a saved query by a request's query (src/http/handlers/filter_query.h).
#include "filter_query.h"

#include <gtest/gtest.h>

using dpc::http::extend_query;
using dpc::http::FilterCaller;
using dpc::http::resolve_expressions;
using nlohmann::json;

namespace {

// 2026-12-07T10:00:00.000Z
constexpr std::int64_t kNow = 1796637600000;
const FilterCaller kCaller{"anna", {"clerks", "risk"}, kNow};

TEST(FilterQuery, ExpressionsBecomeTheirPropertiesForTheCaller) {
  struct Case {
    json saved;
    json expected;
  };
  const Case cases[] = {
      {{{"assigneeExpression", "${currentUser()}"}}, {{"assignee", "anna"}}},
      {{{"candidateGroupsExpression", "${currentUserGroups()}"}}, {{"candidateGroups", {"clerks", "risk"}}}},
      {{{"dueBeforeExpression", "${dateTime().plusDays(3)}"}}, {{"dueBefore", "2026-12-10T10:00:00.000+0000"}}},
      {{{"dueAfterExpression", "${dateTime().minusHours(2)}"}}, {{"dueAfter", "2026-12-07T08:00:00.000+0000"}}},
      {{{"createdBeforeExpression", "${now()}"}}, {{"createdBefore", "2026-12-07T10:00:00.000+0000"}}},
      // The expression decides its property; other properties stay as they are.
      {{{"assignee", "bob"}, {"assigneeExpression", "${currentUser()}"}, {"priority", 50}},
       {{"assignee", "anna"}, {"priority", 50}}},
      {{{"nameLike", "%loan%"}}, {{"nameLike", "%loan%"}}},
  };
  for (const auto& c : cases) {
    auto r = resolve_expressions(c.saved, kCaller);
    ASSERT_TRUE(r.ok()) << c.saved.dump() << ": " << r.error().message;
    EXPECT_EQ(*r, c.expected) << c.saved.dump();
  }
}

TEST(FilterQuery, BadExpressionsNameTheProperty) {
  for (const json& saved : {json{{"assigneeExpression", "${currentUser("}},
                            json{{"assigneeExpression", "${unknownVariable}"}},
                            json{{"assigneeExpression", 42}}, json("not an object")}) {
    auto r = resolve_expressions(saved, kCaller);
    ASSERT_FALSE(r.ok()) << saved.dump();
    if (saved.is_object()) {
      EXPECT_NE(r.error().message.find("assigneeExpression"), std::string::npos);
    }
  }
}

TEST(FilterQuery, AnExtensionWinsAppendsSortingAndJoinsVariables) {
  json saved = {{"assigneeExpression", "${currentUser()}"},
                {"processDefinitionKey", "loan"},
                {"sorting", {{{"sortBy", "dueDate"}, {"sortOrder", "asc"}}}},
                {"processVariables", {{{"name", "amount"}, {"operator", "gt"}, {"value", 100}},
                                      {{"name", "region"}, {"operator", "eq"}, {"value", "north"}}}}};
  json ext = {{"assignee", "bob"},
              {"processDefinitionKey", "card"},
              {"sorting", {{{"sortBy", "created"}, {"sortOrder", "desc"}}}},
              {"processVariables", {{{"name", "amount"}, {"operator", "gt"}, {"value", 500}}}}};
  auto r = extend_query(saved, ext);
  ASSERT_TRUE(r.ok()) << r.error().message;
  json expected = {{"assignee", "bob"},
                   {"processDefinitionKey", "card"},
                   {"sorting", {{{"sortBy", "dueDate"}, {"sortOrder", "asc"}}, {{"sortBy", "created"}, {"sortOrder", "desc"}}}},
                   {"processVariables", {{{"name", "region"}, {"operator", "eq"}, {"value", "north"}},
                                         {{"name", "amount"}, {"operator", "gt"}, {"value", 500}}}}};
  EXPECT_EQ(*r, expected);
  EXPECT_FALSE(extend_query(saved, {{"assigneeExpression", "${currentUser()}"}}).ok());
  EXPECT_FALSE(extend_query(saved, json::array()).ok());
  EXPECT_FALSE(extend_query(saved, {{"sorting", "dueDate"}}).ok());
  EXPECT_EQ(*extend_query(saved, json::object()), saved);
}

}  // namespace
