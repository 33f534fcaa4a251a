// The public endpoints' rate limiter: token buckets per client, Retry-After, and which
// address counts (X-Forwarded-For only from a trusted proxy).
#include <gtest/gtest.h>

#include "dpc/http/rate_limiter.h"

namespace dpc::http {
namespace {

using namespace std::chrono_literals;

Request from(std::string peer, std::string forwarded = {}) {
  Request r;
  r.path = "/api/market/simulations/cash-loan";
  r.headers[std::string(kPeerAddressHeader)] = std::move(peer);
  if (!forwarded.empty()) r.headers["x-forwarded-for"] = std::move(forwarded);
  return r;
}

TEST(RateLimiter, BurstThenWaitForRefill) {
  RateLimiter limiter({2, 3, {}});
  auto t0 = RateLimiter::Clock::now();
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 1);  // empty: a token is back in half a second -> 1 s
  EXPECT_EQ(limiter.take("b", t0), 0);  // another client has its own bucket
  EXPECT_EQ(limiter.take("a", t0 + 500ms), 0);
  EXPECT_EQ(limiter.take("a", t0 + 500ms), 1);
  EXPECT_EQ(limiter.take("a", t0 + 10s), 0);  // refilled (up to the burst only)
}

TEST(RateLimiter, RetryAfterCountsWholeSeconds) {
  RateLimiter limiter({0.1, 1, {}});  // one request per ten seconds
  auto t0 = RateLimiter::Clock::now();
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 10);
}

TEST(RateLimiter, AdmitAnswers429WithRetryAfter) {
  RateLimiter limiter({1, 1, {}});
  Request r = from("10.0.0.1");
  EXPECT_FALSE(limiter.admit(r));
  auto refused = limiter.admit(r);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  ASSERT_EQ(refused->headers.size(), 1u);
  EXPECT_EQ(refused->headers[0].first, "Retry-After");
  EXPECT_EQ(refused->headers[0].second, "1");
  EXPECT_NE(refused->body.find("TooManyRequestsException"), std::string::npos);
}

TEST(RateLimiter, ForwardedForIgnoredFromUntrustedPeer) {
  RateLimiter limiter({1, 1, {}});
  EXPECT_EQ(limiter.client_address(from("203.0.113.9", "198.51.100.1")), "203.0.113.9");
}

TEST(RateLimiter, ForwardedForFromTrustedProxyNamesTheClient) {
  RateLimiter limiter({1, 1, {"10.0.0.2", "10.0.0.3"}});
  // client -> 10.0.0.3 -> 10.0.0.2 -> dpc; what the client wrote itself ("1.2.3.4") is left.
  EXPECT_EQ(limiter.client_address(from("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.3")), "198.51.100.7");
  EXPECT_EQ(limiter.client_address(from("10.0.0.2")), "10.0.0.2");
}

TEST(RateLimiter, PublicEndpointLimitsBodies) {
  RateLimiter limiter({100, 100, {}});
  Handler h = public_endpoint(limiter, 10, [](Request&) { return Response::json(200, "{}"); });
  Request small = from("10.0.0.1");
  small.body = "{}";
  EXPECT_EQ(h(small).status, 200);
  Request big = from("10.0.0.1");
  big.body = std::string(11, ' ');
  EXPECT_EQ(h(big).status, 413);
}

TEST(RateLimiter, ManyClientsDoNotGrowWithoutBound) {
  RateLimiter limiter({1000, 1, {}, 160});
  auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 10000; ++i) limiter.take("c" + std::to_string(i), t0 + std::chrono::milliseconds(i));
  // Old buckets refilled and were dropped; a client seen long ago starts full again.
  EXPECT_EQ(limiter.take("c0", t0 + 20s), 0);
}

}  // namespace
}  // namespace dpc::http

// Which paths answer without a login (public_paths.h): only the customers' side.
#include "dpc/http/public_paths.h"

namespace dpc::http {
namespace {

TEST(PublicPaths, OnlyTheCustomersSideIsOpen) {
  EXPECT_TRUE(is_public_path("/api/market/simulations/cash-loan"));
  EXPECT_TRUE(is_public_path("/api/forms/cash-loan-application"));
  EXPECT_TRUE(is_public_path("/market/cash-loan"));
  EXPECT_TRUE(is_public_path("/market"));
  EXPECT_TRUE(is_public_path("/api/market/products/cash-loan"));  // the Market's headless JSON
  EXPECT_TRUE(is_public_path("/market/products/cash-loan"));
  EXPECT_FALSE(is_public_path("/api/market"));           // a future private market API stays closed
  EXPECT_FALSE(is_public_path("/api/formsx/evil"));
  EXPECT_FALSE(is_public_path("/engine-rest/process-definition"));
  EXPECT_FALSE(is_public_path("/api/tasks/1/form"));
  EXPECT_FALSE(is_public_path("/marketing"));
}

}  // namespace
}  // namespace dpc::http
