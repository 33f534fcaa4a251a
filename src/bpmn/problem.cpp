#include "dpc/bpmn/problem.h"

namespace dpc::bpmn {

Error to_parse_exception(std::string_view resource_name, const ProblemReport& report) {
  std::string msg = "ENGINE-09005 Could not parse BPMN process. Errors: ";
  for (const auto& p : report.errors) {
    msg += "\n* " + p.message + " | resource '" + std::string(resource_name) + "'";
    if (p.line > 0) msg += " | line " + std::to_string(p.line) + " | column " + std::to_string(p.column);
  }
  return Error::invalid(std::move(msg), "ParseException");
}

}  // namespace dpc::bpmn
