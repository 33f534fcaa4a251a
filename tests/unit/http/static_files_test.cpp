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
    std::ofstream(root_ + "/index.html") << "<html>home</html>";
    std::ofstream(root_ + "/assets/app.js") << "console.log(1)";
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirType) {
  auto r = serve_static(root_, "/assets/app.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "console.log(1)");
  EXPECT_NE(r->content_type.find("javascript"), std::string::npos);
}

TEST_F(StaticFilesTest, RootAndClientRoutesGetIndex) {
  EXPECT_EQ(serve_static(root_, "/")->body, "<html>home</html>");
  EXPECT_EQ(serve_static(root_, "/tasklist/123")->body, "<html>home</html>");
}

TEST_F(StaticFilesTest, MissingFileWithExtensionIsNothing) {
  EXPECT_FALSE(serve_static(root_, "/assets/missing.js"));
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  auto r = serve_static(root_, "/../etc/passwd");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  auto encoded = serve_static(root_, "/%2e%2e/%2e%2e/etc/passwd");
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->status, 404);
}

TEST(MimeTypes, KnownAndUnknown) {
  EXPECT_EQ(mime_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type_for("a.bpmn"), "application/xml");
  EXPECT_EQ(mime_type_for("a.unknown"), "application/octet-stream");
}

}  // namespace
