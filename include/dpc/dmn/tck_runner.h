// Runs the DMN TCK over a TestCases folder and writes the TCK's CSV result format
// (see shared/dmn-tck/README.md). Single-threaded; reads files, writes `out_csv`.
#pragma once

#include <string>

namespace dpc::dmn {

struct TckSummary {
  int total = 0, passed = 0;
  int cl2_total = 0, cl2_passed = 0;
  int cl3_total = 0, cl3_passed = 0;
  double seconds = 0;
  // "TCK: 1234 of 3391 test cases passed (CL2 a/116, CL3 b/3275)"
  std::string line() const;
};

// `folder` is the TestCases directory (with compliance-level-2 and compliance-level-3).
// `out_csv` may be empty to skip writing. A missing folder gives total == 0.
TckSummary run_tck(const std::string& folder, const std::string& out_csv);

}  // namespace dpc::dmn
