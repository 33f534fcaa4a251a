// Internal: state shared by the readers while one file is parsed: the XML reader, the problem
// report, and the file's root elements (messages, signals, errors, escalations) by id.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"
#include "xml_reader.h"

namespace dpc::bpmn::detail {

class ParseContext {
 public:
  ParseContext(const XmlReader& xml, Definitions& defs, ProblemReport& report)
      : xml_(xml), defs_(defs), report_(report) {}

  const XmlReader& xml() const { return xml_; }
  const Definitions& definitions() const { return defs_; }

  void error(std::string message, pugi::xml_node at, std::string_view main_id = {},
             std::initializer_list<std::string_view> more_ids = {});
  void warning(std::string message, pugi::xml_node at, std::string_view main_id = {},
               std::initializer_list<std::string_view> more_ids = {});
  void error_at(std::string message, Position at, std::string_view main_id,
                std::initializer_list<std::string_view> more_ids = {});
  void warning_at(std::string message, Position at, std::string_view main_id,
                  std::initializer_list<std::string_view> more_ids = {});

  // Compiles an attribute value or element text; on a syntax error records
  // "<what> of '<id>': <reason>" at `at` and returns an empty literal.
  juel::Expression compile(std::string_view text, pugi::xml_node at, std::string_view element_id,
                           std::string_view what);
  // The same for an optional Camunda attribute (nullopt when absent).
  std::optional<juel::Expression> compile_camunda(pugi::xml_node node, std::string_view attr,
                                                  std::string_view element_id);

  const MessageDefinition* message(std::string_view id) const;
  const SignalDefinition* signal(std::string_view id) const;
  const ErrorDefinition* error_def(std::string_view id) const;
  const EscalationDefinition* escalation(std::string_view id) const;

 private:
  Problem make(std::string message, Position at, std::string_view main_id,
               std::initializer_list<std::string_view> more_ids) const;

  const XmlReader& xml_;
  const Definitions& defs_;
  ProblemReport& report_;
};

}  // namespace dpc::bpmn::detail
