#include "dpc/bpmn/problem.h"

namespace dpc::bpmn {

Problem element_problem(const std::string& element_id, int line, int column, std::string message) {
  Problem p;
  p.message = std::move(message);
  p.line = line;
  p.column = column;
  p.main_element_id = element_id;
  p.element_ids = {element_id};
  return p;
}

Error to_parse_exception(std::string_view resource_name, const ProblemReport& report) {
  std::string msg = "ENGINE-09005 Could not parse BPMN process. Errors: ";
  for (const auto& p : report.errors) {
    msg += "\n* " + p.message + " | resource '" + std::string(resource_name) + "'";
    if (p.line > 0) msg += " | line " + std::to_string(p.line) + " | column " + std::to_string(p.column);
  }
  return Error::invalid(std::move(msg), "ParseException");
}

}  // namespace dpc::bpmn
