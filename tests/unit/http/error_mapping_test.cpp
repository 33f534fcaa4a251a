#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dpc/http/message.h"

using namespace dpc;
using namespace dpc::http;

namespace {

struct Case {
  ErrorKind kind;
  int status;
};

class ErrorMappingTest : public ::testing::TestWithParam<Case> {};

TEST_P(ErrorMappingTest, KindMapsToStatusAndCamundaShape) {
  Error e{GetParam().kind, "something is wrong with 'field'", ""};
  Response r = error_response(e);
  EXPECT_EQ(r.status, GetParam().status);
  EXPECT_EQ(r.content_type, "application/json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body.size(), 3u);
  // A 500's own text is logged, not answered (InternalErrorTextIsNotEchoed).
  EXPECT_EQ(body["message"].get<std::string>(), GetParam().kind == ErrorKind::kInternal
                                                    ? kInternalErrorMessage
                                                    : "something is wrong with 'field'");
  EXPECT_EQ(body["code"], 0);
  EXPECT_FALSE(body["type"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(AllKinds, ErrorMappingTest,
                         ::testing::Values(Case{ErrorKind::kInvalidArgument, 400},
                                           Case{ErrorKind::kNotFound, 404},
                                           Case{ErrorKind::kConflict, 409},
                                           Case{ErrorKind::kTooLarge, 413},
                                           Case{ErrorKind::kUnsupportedMedia, 415},
                                           Case{ErrorKind::kUnavailable, 503},
                                           Case{ErrorKind::kInternal, 500}));

TEST(ErrorMapping, ExplicitTypeIsKept) {
  auto r = error_response(Error::invalid("bad xml", "ParseException"));
  EXPECT_EQ(nlohmann::json::parse(r.body)["type"], "ParseException");
  EXPECT_EQ(r.status, 400);
}

TEST(ErrorMapping, DefaultTypesFollowCamunda) {
  EXPECT_EQ(nlohmann::json::parse(error_response(Error::invalid("x")).body)["type"],
            "InvalidRequestException");
  EXPECT_EQ(nlohmann::json::parse(error_response(Error::internal("x")).body)["type"],
            "ProcessEngineException");
}

// A 500's own text (a database's or an exception's message) is logged, not answered.
TEST(ErrorMapping, InternalErrorTextIsNotEchoed) {
  auto r = error_response(Error::internal("database error: ERROR:  relation \"task\" does not exist"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("relation"), std::string::npos) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["message"].get<std::string>(), kInternalErrorMessage);
}

// Messages quote what the client sent; a byte that is not UTF-8 must not make the answer throw.
TEST(ErrorMapping, InvalidUtf8InAMessageIsReplaced) {
  auto r = error_response(Error::not_found("No task with id ab\xff"));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(nlohmann::json::parse(r.body, nullptr, false).is_discarded()) << r.body;
}

}  // namespace
