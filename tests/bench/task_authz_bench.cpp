// Latency of a task list under authorization, as a client sees it. Prints figures, asserts
// nothing.
//   task_authz_bench <port> <user> <password> <target> <requests> [<json body>]
// Sends GET <target> (POST with the JSON body when one is given: a filter's list with an
// extending query) <requests> times on one keep-alive connection (after 20 warm-up
// requests) and prints the rows of the first answer, the median and the p99 latency.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_client.h"

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr, "usage: task_authz_bench <port> <user> <password> <target> <requests> [<json body>]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::map<std::string, std::string> headers = {
      {"Authorization", dpc::test::basic_auth(argv[2], argv[3])}, {"Content-Type", "application/json"}};
  const std::string body = argc == 7 ? argv[6] : "";
  const std::string method = argc == 7 ? "POST" : "GET";
  const std::string target = argv[4];
  const int requests = std::max(1, std::atoi(argv[5]));
  dpc::test::HttpConnection c(port);
  auto first = c.request(method, target, body, headers);
  if (first.status != 200) {
    std::fprintf(stderr, "%s %s: %d %s\n", method.c_str(), target.c_str(), first.status, first.body.c_str());
    return 1;
  }
  size_t rows = nlohmann::json::parse(first.body).size();
  for (int i = 0; i < 20; ++i) c.request(method, target, body, headers);
  std::vector<double> ms;
  for (int i = 0; i < requests; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = c.request(method, target, body, headers);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (r.status != 200) {
      std::fprintf(stderr, "%s %s: %d\n", method.c_str(), target.c_str(), r.status);
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))]; };
  std::printf("  %-12s %zu rows, median %.2f ms, p99 %.2f ms (%d requests)\n", argv[2], rows, at(0.5),
              at(0.99), requests);
  return 0;
}
