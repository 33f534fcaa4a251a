// Problems found while parsing a BPMN file: the shape Camunda reports in a ParseException's
// `details` ({message, line, column, mainElementId, elementIds}), for errors and warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::bpmn {

struct Problem {
  std::string message;
  int line = 0;    // 1-based; 0 when the problem has no position (e.g. empty input)
  int column = 0;  // 1-based
  std::string main_element_id;          // empty when the problem is not about one element
  std::vector<std::string> element_ids; // main_element_id first, then related ids
};

// A problem about one element at line:column.
Problem element_problem(const std::string& element_id, int line, int column, std::string message);

struct ProblemReport {
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
};

// The Camunda-style summary of a failed parse, e.g.
// "ENGINE-09005 Could not parse BPMN process. Errors: \n* <message> | resource 'x.bpmn' | line 12 | column 5"
// as an Error of kind kInvalidArgument and type "ParseException". The HTTP layer adds
// `details` from the report itself.
Error to_parse_exception(std::string_view resource_name, const ProblemReport& report);

}  // namespace dpc::bpmn
