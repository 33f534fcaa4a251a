// dpc_tck: standalone TCK runner. Usage: dpc_tck <TestCases folder> [--out tck_results.csv]
#include <cstdio>
#include <string>

#include "dpc/dmn/tck_runner.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dpc_tck <TestCases folder> [--out tck_results.csv]\n");
    return 2;
  }
  std::string out = "tck_results.csv";
  for (int i = 2; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--out") out = argv[i + 1];
  dpc::dmn::TckSummary s = dpc::dmn::run_tck(argv[1], out);
  std::printf("%s in %.1f s\n", s.line().c_str(), s.seconds);
  return s.total > 0 ? 0 : 1;
}
