// Runs the DMN TCK and fails when the pass count drops below the floor reached so far.
// The TCK folder comes from DPC_TCK_DIR (default: ../shared/dmn-tck/TestCases).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "dpc/dmn/tck_runner.h"

namespace {
constexpr int kPassFloor = 3391;

TEST(DmnTck, PassCountDoesNotDrop) {
  const char* env = std::getenv("DPC_TCK_DIR");
  std::string dir = env && *env ? env : DPC_TCK_DEFAULT_DIR;
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "TCK folder not found: " << dir;
  auto s = dpc::dmn::run_tck(dir, (std::filesystem::temp_directory_path() / "dpc_tck_results.csv").string());
  std::cout << s.line() << "\n";
  EXPECT_GE(s.passed, kPassFloor) << s.line();
}
}  // namespace
