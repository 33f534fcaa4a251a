#include "dpc/http/router.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace dpc::http;

namespace {

Request make(Method m, const std::string& path) {
  Request r;
  r.method = m;
  r.path = path;
  r.target = path;
  return r;
}

Handler echo(const std::string& tag) {
  return [tag](Request& req) {
    std::string body = tag;
    for (const auto& [k, v] : req.path_params) body += "|" + k + "=" + v;
    return Response{200, "text/plain", body, {}};
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add(Method::kGet, "/engine-rest/task", echo("list"));
    router.add(Method::kGet, "/engine-rest/task/{id}", echo("get"));
    router.add(Method::kPost, "/engine-rest/task/{id}/complete", echo("complete"));
    router.add(Method::kGet, "/engine-rest/task/count", echo("count"));
    router.add(Method::kGet, "/engine-rest/process-definition/key/{key}", echo("by-key"));
    router.add(Method::kGet, "/engine-rest/process-definition/{id}/xml", echo("xml"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralPath) {
  auto req = make(Method::kGet, "/engine-rest/task");
  EXPECT_EQ(router.dispatch(req).body, "list");
}

TEST_F(RouterTest, ExtractsPathParameters) {
  auto req = make(Method::kPost, "/engine-rest/task/abc-123/complete");
  EXPECT_EQ(router.dispatch(req).body, "complete|id=abc-123");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
  auto req = make(Method::kGet, "/engine-rest/task/count");
  EXPECT_EQ(router.dispatch(req).body, "count");
  auto by_key = make(Method::kGet, "/engine-rest/process-definition/key/invoice");
  EXPECT_EQ(router.dispatch(by_key).body, "by-key|key=invoice");
}

TEST_F(RouterTest, FallsBackToParameterWhenLiteralBranchDoesNotMatch) {
  // "key" is literal under process-definition, but /key/xml must reach {id}/xml.
  auto req = make(Method::kGet, "/engine-rest/process-definition/key/xml");
  EXPECT_EQ(router.dispatch(req).body, "by-key|key=xml");
  auto xml = make(Method::kGet, "/engine-rest/process-definition/p1:1:x/xml");
  EXPECT_EQ(router.dispatch(xml).body, "xml|id=p1:1:x");
}

TEST_F(RouterTest, DecodesPercentEncodedParameters) {
  auto req = make(Method::kGet, "/engine-rest/task/a%2Fb%20c");
  EXPECT_EQ(router.dispatch(req).body, "get|id=a/b c");
}

TEST_F(RouterTest, UnknownPathIs404InCamundaShape) {
  auto req = make(Method::kGet, "/engine-rest/nothing");
  auto res = router.dispatch(req);
  EXPECT_EQ(res.status, 404);
  auto body = nlohmann::json::parse(res.body);
  EXPECT_EQ(body["code"], 0);
  EXPECT_TRUE(body["type"].is_string());
  EXPECT_NE(body["message"].get<std::string>().find("/engine-rest/nothing"), std::string::npos);
}

TEST_F(RouterTest, KnownPathWrongMethodIs405WithAllowHeader) {
  auto req = make(Method::kDelete, "/engine-rest/task/abc/complete");
  auto res = router.dispatch(req);
  EXPECT_EQ(res.status, 405);
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].first, "Allow");
  EXPECT_EQ(res.headers[0].second, "POST");
}

TEST_F(RouterTest, HeadUsesTheGetHandler) {
  auto req = make(Method::kHead, "/engine-rest/task");
  EXPECT_EQ(router.dispatch(req).status, 200);
}

TEST_F(RouterTest, TrailingSlashAndEmptySegmentsAreIgnored) {
  auto req = make(Method::kGet, "/engine-rest//task/");
  EXPECT_EQ(router.dispatch(req).body, "list");
}

TEST_F(RouterTest, HasPath) {
  EXPECT_TRUE(router.has_path("/engine-rest/task/1"));
  EXPECT_FALSE(router.has_path("/engine-rest/task/1/2/3"));
}

TEST_F(RouterTest, ReRegisteringReplacesTheHandler) {
  router.add(Method::kGet, "/engine-rest/task", echo("replaced"));
  auto req = make(Method::kGet, "/engine-rest/task");
  EXPECT_EQ(router.dispatch(req).body, "replaced");
}

}  // namespace
