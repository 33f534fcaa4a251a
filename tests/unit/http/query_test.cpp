#include "dpc/http/query.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace dpc;
using namespace dpc::http;

namespace {

Request with_target(const std::string& target) {
  Request r;
  r.target = target;
  split_target(target, r.path, r.query);
  return r;
}

TEST(Query, SplitsPathAndDecodesQuery) {
  auto r = with_target("/engine-rest/task?assignee=john%20doe&nameLike=%25loan%25&x=a+b&flag");
  EXPECT_EQ(r.path, "/engine-rest/task");
  ASSERT_EQ(r.query.size(), 4u);
  EXPECT_EQ(*r.query_param("assignee"), "john doe");
  EXPECT_EQ(*r.query_param("nameLike"), "%loan%");
  EXPECT_EQ(*r.query_param("x"), "a b");
  EXPECT_EQ(*r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("missing"), nullptr);
}

TEST(Query, DateWithEncodedPlusSurvives) {
  auto r = with_target("/x?dueAfter=2016-01-25T13:33:42.165%2b0100");
  EXPECT_EQ(*r.query_param("dueAfter"), "2016-01-25T13:33:42.165+0100");
}

TEST(Query, MalformedEscapesAreKept) {
  EXPECT_EQ(url_decode("100%"), "100%");
  EXPECT_EQ(url_decode("%zz"), "%zz");
  EXPECT_EQ(url_decode("%41%42"), "AB");
}

TEST(Query, PagingDefaultsAndValidation) {
  auto none = query_paging(with_target("/x"));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->first_result, 0);
  EXPECT_EQ(none->max_results, -1);
  auto some = query_paging(with_target("/x?firstResult=10&maxResults=5"));
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(some->first_result, 10);
  EXPECT_EQ(some->max_results, 5);
  auto bad = query_paging(with_target("/x?maxResults=ten"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("maxResults"), std::string::npos);
  EXPECT_FALSE(query_paging(with_target("/x?firstResult=-1")).ok());
}

TEST(Query, BooleansAreStrict) {
  EXPECT_EQ(*query_bool(with_target("/x?a=true"), "a").value(), true);
  EXPECT_EQ(*query_bool(with_target("/x?a=false"), "a").value(), false);
  auto bad = query_bool(with_target("/x?a=yes"), "a");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'a'"), std::string::npos);
}

TEST(JsonBody, ParsesJson) {
  Request r;
  r.headers["content-type"] = "application/json; charset=utf-8";
  r.body = R"({"variables":{"a":{"value":1}}})";
  auto j = json_body(r);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["variables"]["a"]["value"], 1);
}

TEST(JsonBody, MalformedIs400WithPosition) {
  Request r;
  r.body = R"({"a": )";
  auto j = json_body(r);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(j.error().message.find("not well-formed JSON (byte "), std::string::npos);
}

TEST(JsonBody, WrongContentTypeIs415) {
  Request r;
  r.headers["content-type"] = "text/xml";
  r.body = "<a/>";
  auto j = json_body(r);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().kind, ErrorKind::kUnsupportedMedia);
  EXPECT_EQ(status_for(j.error().kind), 415);
}

TEST(JsonBody, EmptyBodyIsEmptyObject) {
  Request r;
  auto j = json_body(r);
  ASSERT_TRUE(j.ok());
  EXPECT_TRUE(j->is_object());
  EXPECT_TRUE(j->empty());
}

}  // namespace
