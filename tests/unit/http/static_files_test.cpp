// The web apps' file serving: types, caching by kind, precompressed variants, per-app
// client-route fallback, 404 for everything else, and no way out of the root.
#include "dpc/http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace dpc::http;
namespace fs = std::filesystem;

namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dpc-static-XXXXXX";
    root_ = mkdtemp(tmpl);
    fs::create_directories(root_ + "/assets");
    fs::create_directories(root_ + "/tasklist");
    std::ofstream(root_ + "/index.html") << "<html>home</html>";
    std::ofstream(root_ + "/tasklist/index.html") << "<html>tasklist</html>";
    std::ofstream(root_ + "/assets/app-3f2a1b.js") << "console.log(1)";
    std::ofstream(root_ + "/assets/app-3f2a1b.js.gz") << "GZ";
    std::ofstream(root_ + "/assets/app-3f2a1b.js.br") << "BR";
    std::ofstream(root_ + "/assets/only-gz-9c8d.css") << "body{}";
    std::ofstream(root_ + "/assets/only-gz-9c8d.css.gz") << "GZCSS";
    std::ofstream(root_ + "/favicon.svg") << "<svg/>";
  }
  void TearDown() override { fs::remove_all(root_); }
  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  std::string root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirType) {
  auto r = serve_static(root_, "/assets/app-3f2a1b.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "console.log(1)");
  EXPECT_EQ(r->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(serve_static(root_, "/favicon.svg")->content_type, "image/svg+xml");
  EXPECT_EQ(serve_static(root_, "/assets/only-gz-9c8d.css")->content_type, "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableAndHtmlIsNoCache) {
  EXPECT_EQ(header(*serve_static(root_, "/assets/app-3f2a1b.js"), "Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*serve_static(root_, "/"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(*serve_static(root_, "/tasklist/"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(*serve_static(root_, "/tasklist/task/42"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(*serve_static(root_, "/favicon.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, PrecompressedVariantWhenAccepted) {
  auto br = serve_static(root_, "/assets/app-3f2a1b.js", "gzip, deflate, br, zstd");
  EXPECT_EQ(br->body, "BR");
  EXPECT_EQ(header(*br, "Content-Encoding"), "br");
  EXPECT_EQ(header(*br, "Vary"), "Accept-Encoding");
  EXPECT_EQ(br->content_type, "text/javascript; charset=utf-8");  // the type of the original
  auto gz = serve_static(root_, "/assets/app-3f2a1b.js", "gzip");
  EXPECT_EQ(gz->body, "GZ");
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(serve_static(root_, "/assets/only-gz-9c8d.css", "br, gzip")->body, "GZCSS");
  auto plain = serve_static(root_, "/assets/app-3f2a1b.js");
  EXPECT_EQ(plain->body, "console.log(1)");
  EXPECT_EQ(header(*plain, "Content-Encoding"), "");
  EXPECT_EQ(header(*plain, "Vary"), "Accept-Encoding");  // caches must keep the variants apart
  // Refused with q=0: the plain file.
  EXPECT_EQ(serve_static(root_, "/assets/app-3f2a1b.js", "br;q=0, gzip;q=0")->body, "console.log(1)");
  EXPECT_EQ(serve_static(root_, "/assets/app-3f2a1b.js", "br;q=0.5")->body, "BR");
}

TEST_F(StaticFilesTest, EachAppsClientRoutesGetItsOwnIndex) {
  EXPECT_EQ(serve_static(root_, "/")->body, "<html>home</html>");
  EXPECT_EQ(serve_static(root_, "/tasklist")->body, "<html>tasklist</html>");
  EXPECT_EQ(serve_static(root_, "/tasklist/")->body, "<html>tasklist</html>");
  EXPECT_EQ(serve_static(root_, "/tasklist/task/123")->body, "<html>tasklist</html>");
  EXPECT_EQ(serve_static(root_, "/tasklist/filter/abc/task/9")->content_type, "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, EverythingElseUnknownIsNothing) {
  EXPECT_FALSE(serve_static(root_, "/assets/missing.js"));
  EXPECT_FALSE(serve_static(root_, "/assets/missing"));
  EXPECT_FALSE(serve_static(root_, "/tasklist/missing.js"));  // a file type: never the app's html
  EXPECT_FALSE(serve_static(root_, "/cockpit/x"));            // no such app
  EXPECT_FALSE(serve_static(root_, "/nothing"));
  EXPECT_FALSE(serve_static("", "/"));
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  for (const char* path : {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/tasklist/..%2f..%2fetc%2fpasswd",
                           "/..%5c..%5cetc/passwd", "/assets/%00.js"}) {
    auto r = serve_static(root_, path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
  }
}

TEST(MimeTypes, KnownAndUnknown) {
  EXPECT_EQ(mime_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type_for("a.bpmn"), "application/xml");
  EXPECT_EQ(mime_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(mime_type_for("a.unknown"), "application/octet-stream");
}

}  // namespace
