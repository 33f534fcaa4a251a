// `dpc tck`: run the DMN TCK and print its summary.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "commands.h"
#include "dpc/dmn/tck_runner.h"

namespace dpc::app {

int run_tck(const std::vector<std::string>& args) {
  constexpr const char* kUsage = "usage: dpc tck <TestCases folder> [--out tck_results.csv]\n";
  std::string folder, out = "tck_results.csv";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--out") {
      if (i + 1 >= args.size()) {
        std::cerr << "dpc tck: --out needs a file name\n" << kUsage;
        return 2;
      }
      out = args[++i];
    } else if (a.rfind("--out=", 0) == 0) {
      out = a.substr(6);
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "dpc tck: unknown option '" << a << "'\n" << kUsage;
      return 2;
    } else if (!folder.empty()) {
      std::cerr << "dpc tck: one TestCases folder expected\n" << kUsage;
      return 2;
    } else {
      folder = a;
    }
  }
  if (folder.empty()) {
    const char* env = std::getenv("DPC_TCK_DIR");
    if (!env || !*env) {
      std::cerr << kUsage << "(or set DPC_TCK_DIR to a clone's TestCases folder)\n";
      return 2;
    }
    folder = env;
  }
  dmn::TckSummary s = dmn::run_tck(folder, out);
  if (s.total == 0) {
    std::cerr << "dpc tck: no test cases found under " << folder << "\n";
    return 1;
  }
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", s.seconds);
  std::cout << s.line() << " in " << secs << " s; results in " << out << "\n";
  return 0;
}

}  // namespace dpc::app
