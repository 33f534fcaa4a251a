// The pure parts of authentication: Base64 of Basic credentials and Cookie headers, and the
// router's guard running before routing (also before a 404).
#include <gtest/gtest.h>

#include "dpc/http/authentication.h"

namespace dpc::http {
namespace {

TEST(Base64, DecodesRfc4648TestVectors) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("ZGVtbzpkZW1v"), "demo:demo");
}

TEST(Base64, RefusesMalformedText) {
  EXPECT_FALSE(base64_decode("Zm9"));       // not a multiple of 4
  EXPECT_FALSE(base64_decode("Zm9v%%%%"));  // outside the alphabet
  EXPECT_FALSE(base64_decode("Z==="));      // too much padding
  EXPECT_FALSE(base64_decode("Zg==Zm9v"));  // data after padding
  EXPECT_FALSE(base64_decode("Zm=v"));      // padding in the middle
}

TEST(Cookies, FindsANamedValue) {
  EXPECT_EQ(cookie_value("DPC_SESSION=abc; XSRF-TOKEN=def", "DPC_SESSION"), "abc");
  EXPECT_EQ(cookie_value("DPC_SESSION=abc; XSRF-TOKEN=def", "XSRF-TOKEN"), "def");
  EXPECT_EQ(cookie_value("a=1;DPC_SESSION=x", "DPC_SESSION"), "x");
  EXPECT_EQ(cookie_value("XDPC_SESSION=1", "DPC_SESSION"), "");
  EXPECT_EQ(cookie_value("", "DPC_SESSION"), "");
  EXPECT_EQ(cookie_value("DPC_SESSION", "DPC_SESSION"), "");
}

TEST(RouterGuard, RunsBeforeEveryDispatchIncludingUnknownPaths) {
  Router router;
  int handled = 0;
  router.add(Method::kGet, "/engine-rest/x", [&](Request&) {
    ++handled;
    return Response::json(200, "{}");
  });
  router.set_guard([](Request& r) -> std::optional<Response> {
    if (r.header("authorization") == "ok") return std::nullopt;
    return error_response(Error::unauthorized("no"));
  });
  Request refused;
  refused.path = "/engine-rest/x";
  EXPECT_EQ(router.dispatch(refused).status, 401);
  Request unknown;
  unknown.path = "/engine-rest/nothing-here";
  EXPECT_EQ(router.dispatch(unknown).status, 401);  // no hint of which paths exist
  Request allowed;
  allowed.path = "/engine-rest/x";
  allowed.headers["authorization"] = "ok";
  EXPECT_EQ(router.dispatch(allowed).status, 200);
  EXPECT_EQ(handled, 1);
}

}  // namespace
}  // namespace dpc::http
