// The web apps in a real headless Chromium: each tests/e2e/browser/<app>.test.mjs (playwright-core
// driving Debian's /usr/bin/chromium, axe-core scans; shared helpers in lib.mjs) is one test, run
// against a dpc of its own started with --demo that serves the built web/dist. A script prints
// PASS/FAIL/SKIP per scenario (scenarios that need endpoints not built yet print SKIP while those
// answer 404) and exits with the number of failures.
// DPC_WEB_SHOTS=/dir keeps a screenshot of every screen (360 and 1280 px, Polish and English).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using namespace std::chrono_literals;

namespace {

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// The app scripts, found when the test list is made (gtest_discover_tests), so a new
// <app>.test.mjs is a new test without touching this file.
std::vector<std::string> app_scripts() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(DPC_SOURCE_DIR "/tests/e2e/browser")) {
    const std::string file = e.path().filename().string();
    constexpr std::string_view suffix = ".test.mjs";
    if (file.size() > suffix.size() && file.ends_with(suffix)) names.push_back(file.substr(0, file.size() - suffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

class WebBrowser : public ::testing::TestWithParam<std::string> {};

TEST_P(WebBrowser, ScenariosInHeadlessChromium) {
  const std::string app = GetParam();
  const std::string script = app + ".test.mjs";
  const std::string web_dist = DPC_SOURCE_DIR "/web/dist";
  const std::string tests_dir = DPC_SOURCE_DIR "/tests/e2e/browser";
  const char* chromium = std::getenv("CHROMIUM_PATH") ? std::getenv("CHROMIUM_PATH") : "/usr/bin/chromium";
  ASSERT_TRUE(exists(web_dist + "/tasklist/index.html")) << "build the web apps first (scripts/install-deps.sh: npm ci and npm run build in web/)";
  ASSERT_TRUE(exists(tests_dir + "/node_modules/playwright-core")) << "run scripts/install-deps.sh first (npm ci in " << tests_dir << ")";
  ASSERT_TRUE(exists(chromium)) << "install Debian's chromium (scripts/install-deps.sh)";

  int port = free_port();
  std::string log = "/tmp/dpc-web-browser-server-" + app + "-" + std::to_string(getpid()) + ".log";
  unlink(log.c_str());
  ServerProcess server({"serve", "--no-access-log", "--demo"},
                       {{"DPC_DATABASE_URL", create_test_database("web" + app)},
                        {"DPC_PORT", std::to_string(port)}, {"DPC_SAMPLES_DIR", "/nonexistent"},
                        {"DPC_WEB_ROOT", web_dist}},
                       "", log);
  ASSERT_TRUE(server.wait_for_health(port, 30s)) << server.log();

  std::string out_file = "/tmp/dpc-web-browser-" + app + "-" + std::to_string(getpid()) + ".log";
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (chdir(tests_dir.c_str()) != 0) _exit(126);
    std::string url = "http://127.0.0.1:" + std::to_string(port);
    const char* shots = std::getenv("DPC_WEB_SHOTS");
    if (shots && *shots) {
      execlp("node", "node", script.c_str(), url.c_str(), kTestAdminUser, kTestAdminPassword, "--shots", shots,
             static_cast<char*>(nullptr));
    } else {
      execlp("node", "node", script.c_str(), url.c_str(), kTestAdminUser, kTestAdminPassword, static_cast<char*>(nullptr));
    }
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::stringstream ss;
  ss << std::ifstream(out_file).rdbuf();
  std::string out = ss.str();
  std::cout << out;  // PASS / FAIL / SKIP lines and the figures, in ctest's log
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out << "\nserver log:\n" << server.log();
  EXPECT_NE(out.find(" passed, 0 failed"), std::string::npos) << out;
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0);
}

INSTANTIATE_TEST_SUITE_P(App, WebBrowser, ::testing::ValuesIn(app_scripts()),
                         [](const auto& info) { return info.param; });

}  // namespace
