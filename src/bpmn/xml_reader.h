// Internal: namespace-aware reading of a pugixml tree (pugixml itself ignores namespaces)
// and line/column positions from node offsets. Not part of the public contract.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/bpmn/definition.h"

namespace dpc::bpmn::detail {

inline constexpr std::string_view kBpmnNs = "http://www.omg.org/spec/BPMN/20100524/MODEL";
inline constexpr std::string_view kCamundaNs = "http://camunda.org/schema/1.0/bpmn";
inline constexpr std::string_view kActivitiNs = "http://activiti.org/bpmn";
inline constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";

class XmlReader {
 public:
  explicit XmlReader(std::string_view xml);

  Position position(pugi::xml_node node) const;
  Position position_at(std::ptrdiff_t offset) const;

  static std::string_view local_name(std::string_view qualified);
  // The namespace URI of an element ("" when undeclared).
  std::string_view ns(pugi::xml_node node) const;
  bool is_bpmn(pugi::xml_node node) const { return ns(node) == kBpmnNs; }
  bool is_bpmn(pugi::xml_node node, std::string_view local) const;
  bool is_camunda(pugi::xml_node node) const;
  bool is_camunda(pugi::xml_node node, std::string_view local) const;

  // A Camunda (or legacy Activiti) namespaced attribute; empty attribute when absent.
  pugi::xml_attribute camunda_attr(pugi::xml_node node, std::string_view local) const;
  std::string camunda(pugi::xml_node node, std::string_view local, std::string_view fallback = "") const;
  bool has_camunda(pugi::xml_node node, std::string_view local) const { return !camunda_attr(node, local).empty(); }
  // An attribute with the given local name in the xsi namespace (e.g. xsi:type).
  std::string xsi(pugi::xml_node node, std::string_view local) const;

  std::vector<pugi::xml_node> bpmn_children(pugi::xml_node node, std::string_view local) const;
  pugi::xml_node bpmn_child(pugi::xml_node node, std::string_view local) const;
  std::vector<pugi::xml_node> camunda_children(pugi::xml_node node, std::string_view local) const;
  pugi::xml_node camunda_child(pugi::xml_node node, std::string_view local) const;
  // Children of <extensionElements> that are Camunda elements with this local name.
  std::vector<pugi::xml_node> extensions(pugi::xml_node node, std::string_view local) const;

  // The element's text content (text and CDATA children), trimmed.
  static std::string text(pugi::xml_node node);

 private:
  std::string_view resolve(pugi::xml_node node, std::string_view prefix) const;
  std::vector<std::size_t> line_starts_;
};

}  // namespace dpc::bpmn::detail
