#include "xml_reader.h"

#include <algorithm>

#include "dpc/core/strings.h"

namespace dpc::bpmn::detail {

XmlReader::XmlReader(std::string_view xml) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '\n') line_starts_.push_back(i + 1);
  }
}

Position XmlReader::position_at(std::ptrdiff_t offset) const {
  if (offset < 0) return {};
  const auto off = static_cast<std::size_t>(offset);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin());
  return {static_cast<int>(line), static_cast<int>(off - line_starts_[line - 1] + 1)};
}

Position XmlReader::position(pugi::xml_node node) const {
  // offset_debug points at the element name, one past '<'.
  const std::ptrdiff_t off = node.offset_debug();
  return position_at(off > 0 ? off - 1 : off);
}

std::string_view XmlReader::local_name(std::string_view q) {
  const auto colon = q.find(':');
  return colon == std::string_view::npos ? q : q.substr(colon + 1);
}

std::string_view XmlReader::resolve(pugi::xml_node node, std::string_view prefix) const {
  const std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return {};
}

std::string_view XmlReader::ns(pugi::xml_node node) const {
  const std::string_view q = node.name();
  const auto colon = q.find(':');
  return resolve(node, colon == std::string_view::npos ? std::string_view() : q.substr(0, colon));
}

bool XmlReader::is_bpmn(pugi::xml_node node, std::string_view local) const {
  return node.type() == pugi::node_element && local_name(node.name()) == local && is_bpmn(node);
}

bool XmlReader::is_camunda(pugi::xml_node node) const {
  const std::string_view u = ns(node);
  return u == kCamundaNs || u == kActivitiNs;
}

bool XmlReader::is_camunda(pugi::xml_node node, std::string_view local) const {
  return node.type() == pugi::node_element && local_name(node.name()) == local && is_camunda(node);
}

pugi::xml_attribute XmlReader::camunda_attr(pugi::xml_node node, std::string_view local) const {
  for (pugi::xml_attribute a : node.attributes()) {
    const std::string_view q = a.name();
    const auto colon = q.find(':');
    if (colon == std::string_view::npos || q.substr(colon + 1) != local) continue;
    const std::string_view u = resolve(node, q.substr(0, colon));
    if (u == kCamundaNs || u == kActivitiNs) return a;
  }
  return {};
}

std::string XmlReader::camunda(pugi::xml_node node, std::string_view local, std::string_view fallback) const {
  pugi::xml_attribute a = camunda_attr(node, local);
  return a ? std::string(a.value()) : std::string(fallback);
}

std::string XmlReader::xsi(pugi::xml_node node, std::string_view local) const {
  for (pugi::xml_attribute a : node.attributes()) {
    const std::string_view q = a.name();
    const auto colon = q.find(':');
    if (colon != std::string_view::npos && q.substr(colon + 1) == local && resolve(node, q.substr(0, colon)) == kXsiNs)
      return a.value();
  }
  return {};
}

std::vector<pugi::xml_node> XmlReader::bpmn_children(pugi::xml_node node, std::string_view local) const {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (is_bpmn(c, local)) out.push_back(c);
  }
  return out;
}

pugi::xml_node XmlReader::bpmn_child(pugi::xml_node node, std::string_view local) const {
  for (pugi::xml_node c : node.children()) {
    if (is_bpmn(c, local)) return c;
  }
  return {};
}

std::vector<pugi::xml_node> XmlReader::camunda_children(pugi::xml_node node, std::string_view local) const {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (is_camunda(c, local)) out.push_back(c);
  }
  return out;
}

pugi::xml_node XmlReader::camunda_child(pugi::xml_node node, std::string_view local) const {
  for (pugi::xml_node c : node.children()) {
    if (is_camunda(c, local)) return c;
  }
  return {};
}

std::vector<pugi::xml_node> XmlReader::extensions(pugi::xml_node node, std::string_view local) const {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node ext : bpmn_children(node, "extensionElements")) {
    for (pugi::xml_node c : camunda_children(ext, local)) out.push_back(c);
  }
  return out;
}

std::string XmlReader::text(pugi::xml_node node) {
  std::string s;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) s += c.value();
  }
  return std::string(trim(s));
}

}  // namespace dpc::bpmn::detail
