// `dpc feel` and `dpc tck` as an analyst uses them: results as FEEL text, exit codes
// 0 (ok), 1 (evaluation or syntax error), 2 (bad usage).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "server_process.h"

using namespace dpc::test;

namespace {

TEST(FeelCli, PrintsTheResultAsFeelText) {
  auto [code, out] = run_dpc({"feel", "1 + 2"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "3\n");
}

TEST(FeelCli, UsesDecimalArithmetic) {
  auto [code, out] = run_dpc({"feel", "0.1 + 0.2 = 0.3"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "true\n");
}

TEST(FeelCli, ReadsVariablesFromContextJson) {
  auto [code, out] = run_dpc({"feel", "if amount > 1000 and category = \"travel\" then \"manager\" else \"clerk\"",
                              "--context", R"({"amount": 1500, "category": "travel"})"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "\"manager\"\n");
}

TEST(FeelCli, AcceptsContextBeforeTheExpression) {
  auto [code, out] = run_dpc({"feel", "--context={\"xs\": [3, 1, 2]}", "sort(xs)"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "[1, 2, 3]\n");
}

TEST(FeelCli, SyntaxErrorExitsWith1AndSaysWhere) {
  auto [code, out] = run_dpc({"feel", "1 +"});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("syntax error"), std::string::npos) << out;
}

TEST(FeelCli, EvaluationErrorPrintsNullWithWarningAndExits1) {
  auto [code, out] = run_dpc({"feel", "unknownFunction(1)"});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("null"), std::string::npos) << out;
  EXPECT_NE(out.find("warning"), std::string::npos) << out;
}

TEST(FeelCli, BadUsageExitsWith2) {
  EXPECT_EQ(run_dpc({"feel"}).first, 2);
  EXPECT_EQ(run_dpc({"feel", "1", "--context", "[1]"}).first, 2);
  EXPECT_EQ(run_dpc({"feel", "1", "--context"}).first, 2);
  EXPECT_EQ(run_dpc({"feel", "1", "--bogus"}).first, 2);
}

TEST(TckCli, MissingFolderIsBadUsage) {
  EXPECT_EQ(run_dpc({"tck"}, {{"DPC_TCK_DIR", ""}}).first, 2);
  EXPECT_EQ(run_dpc({"tck", "/nonexistent/TestCases"}).first, 1);
}

TEST(TckCli, RunsTheTckAndPrintsTheSummary) {
  const char* env = std::getenv("DPC_TCK_DIR");
  // Default: ../shared/dmn-tck/TestCases next to the project (this file is tests/integration/).
  std::filesystem::path here = std::filesystem::path(DPC_SOURCE_DIR) / "tests" / "integration";
  std::string dir = env && *env ? env : (here / "../../../shared/dmn-tck/TestCases").lexically_normal().string();
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no TCK at " << dir;
  std::string csv = (std::filesystem::temp_directory_path() / "dpc_feel_cli_tck.csv").string();
  auto [code, out] = run_dpc({"tck", dir, "--out", csv});
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(out.rfind("TCK: ", 0), 0u) << out;
  EXPECT_NE(out.find("test cases passed (CL2 "), std::string::npos) << out;
  EXPECT_EQ(out.find(" passed, "), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(csv));
  std::filesystem::remove(csv);
}

}  // namespace
