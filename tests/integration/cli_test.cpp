// The dpc command line as a user meets it: help, version, and clear errors with exit code 2.
#include <gtest/gtest.h>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;

namespace {

TEST(Cli, HelpListsCommandsAndVariables) {
  auto [code, out] = run_dpc({"--help"});
  EXPECT_EQ(code, 0);
  for (const char* word : {"serve", "migrate", "version", "DPC_DATABASE_URL", "DPC_PORT"}) {
    EXPECT_NE(out.find(word), std::string::npos) << word;
  }
}

TEST(Cli, VersionPrintsVersion) {
  auto [code, out] = run_dpc({"version"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.rfind("dpc ", 0), 0u) << out;
}

TEST(Cli, UnknownFlagExitsWith2AndNamesIt) {
  auto [code, out] = run_dpc({"serve", "--bogus-flag"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("--bogus-flag"), std::string::npos) << out;
}

TEST(Cli, BadPortExitsWith2AndNamesValue) {
  auto [code, out] = run_dpc({"serve", "--port", "70000"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("70000"), std::string::npos) << out;
  EXPECT_NE(out.find("--port"), std::string::npos) << out;
}

TEST(Cli, BadEnvironmentValueExitsWith2AndNamesVariable) {
  auto [code, out] = run_dpc({"serve"}, {{"DPC_LOG_LEVEL", "loud"}});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("DPC_LOG_LEVEL"), std::string::npos) << out;
}

TEST(Cli, UnknownCommandExitsWith2) {
  auto [code, out] = run_dpc({"frobnicate"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("frobnicate"), std::string::npos) << out;
}

TEST(Cli, PortInUseFailsWithClearMessage) {
  // Two servers on one port: the second exits 1 saying it cannot listen.
  std::string url = create_test_database("cliport");
  int port = free_port();
  ServerProcess first({"serve"}, {{"DPC_DATABASE_URL", url}, {"DPC_PORT", std::to_string(port)}},
                      "", "/tmp/dpc-cli-port-" + std::to_string(port) + ".log");
  ASSERT_TRUE(first.wait_for_health(port, std::chrono::seconds(30))) << first.log();
  auto [code, out] = run_dpc({"serve"}, {{"DPC_DATABASE_URL", url},
                                         {"DPC_PORT", std::to_string(port)}});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("cannot listen"), std::string::npos) << out;
}

}  // namespace
