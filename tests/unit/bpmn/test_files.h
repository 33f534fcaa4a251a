// Helpers for the bpmn tests: read a test or sample file into a string.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dpc::bpmn::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string data_file(const std::string& name) { return read_file(std::string(DPC_TEST_DATA_DIR) + "/" + name); }

}  // namespace dpc::bpmn::testing
