#include "parse_context.h"

#include "dpc/feel/feel.h"

namespace dpc::bpmn::detail {

Problem ParseContext::make(std::string message, Position at, std::string_view main_id,
                           std::initializer_list<std::string_view> more_ids) const {
  Problem p;
  p.message = std::move(message);
  p.line = at.line;
  p.column = at.column;
  p.main_element_id = std::string(main_id);
  if (!main_id.empty()) p.element_ids.emplace_back(main_id);
  for (std::string_view id : more_ids) {
    if (!id.empty()) p.element_ids.emplace_back(id);
  }
  return p;
}

void ParseContext::error(std::string message, pugi::xml_node at, std::string_view main_id,
                         std::initializer_list<std::string_view> more_ids) {
  report_.errors.push_back(make(std::move(message), xml_.position(at), main_id, more_ids));
}

void ParseContext::warning(std::string message, pugi::xml_node at, std::string_view main_id,
                           std::initializer_list<std::string_view> more_ids) {
  report_.warnings.push_back(make(std::move(message), xml_.position(at), main_id, more_ids));
}

void ParseContext::error_at(std::string message, Position at, std::string_view main_id,
                            std::initializer_list<std::string_view> more_ids) {
  report_.errors.push_back(make(std::move(message), at, main_id, more_ids));
}

void ParseContext::warning_at(std::string message, Position at, std::string_view main_id,
                              std::initializer_list<std::string_view> more_ids) {
  report_.warnings.push_back(make(std::move(message), at, main_id, more_ids));
}

juel::Expression ParseContext::compile(std::string_view text, pugi::xml_node at, std::string_view element_id,
                                       std::string_view what) {
  auto e = juel::Expression::compile(text);
  if (!e) {
    error(std::string(what) + " of '" + std::string(element_id) + "': " + e.error().message, at, element_id);
    return {};
  }
  // `=...` is FEEL (Camunda 8's form): refused at deploy when it does not parse, rather than
  // failing every instance that reaches it.
  if (e->is_feel()) {
    if (auto f = feel::Expression::compile(e->feel_body()); !f) {
      error(std::string(what) + " of '" + std::string(element_id) + "': FEEL expression '" + e->feel_body() +
                "' does not parse: " + f.error().message,
            at, element_id);
    }
  }
  return std::move(e).value();
}

std::optional<juel::Expression> ParseContext::compile_camunda(pugi::xml_node node, std::string_view attr,
                                                              std::string_view element_id) {
  pugi::xml_attribute a = xml_.camunda_attr(node, attr);
  if (!a) return std::nullopt;
  return compile(a.value(), node, element_id, "camunda:" + std::string(attr));
}

template <typename T>
static const T* find_by_id(const std::vector<T>& v, std::string_view id) {
  for (const auto& x : v) {
    if (x.id == id) return &x;
  }
  return nullptr;
}

const MessageDefinition* ParseContext::message(std::string_view id) const { return find_by_id(defs_.messages, id); }
const SignalDefinition* ParseContext::signal(std::string_view id) const { return find_by_id(defs_.signals, id); }
const ErrorDefinition* ParseContext::error_def(std::string_view id) const { return find_by_id(defs_.errors, id); }
const EscalationDefinition* ParseContext::escalation(std::string_view id) const {
  return find_by_id(defs_.escalations, id);
}

}  // namespace dpc::bpmn::detail
