#include "event_reader.h"

#include "dpc/core/strings.h"

namespace dpc::bpmn::detail {
namespace {

using K = EventKind;

bool in(K k, std::initializer_list<K> set) {
  for (K x : set) {
    if (x == k) return true;
  }
  return false;
}

}  // namespace

bool EventReader::allowed(const Element& e, EventKind k, bool in_event_subprocess, bool in_subprocess) const {
  switch (e.kind) {
    case ElementKind::kStartEvent:
      if (in_event_subprocess)
        return in(k, {K::kMessage, K::kTimer, K::kConditional, K::kSignal, K::kError, K::kEscalation, K::kCompensate});
      if (in_subprocess) return k == K::kNone;
      return in(k, {K::kNone, K::kMessage, K::kTimer, K::kConditional, K::kSignal});
    case ElementKind::kEndEvent:
      return in(k, {K::kNone, K::kMessage, K::kSignal, K::kError, K::kEscalation, K::kTerminate, K::kCompensate,
                    K::kCancel});
    case ElementKind::kIntermediateCatchEvent:
      return in(k, {K::kMessage, K::kTimer, K::kConditional, K::kLink, K::kSignal});
    case ElementKind::kIntermediateThrowEvent:
      return in(k, {K::kNone, K::kMessage, K::kLink, K::kSignal, K::kEscalation, K::kCompensate});
    case ElementKind::kBoundaryEvent:
      return in(k, {K::kMessage, K::kTimer, K::kConditional, K::kSignal, K::kError, K::kEscalation, K::kCompensate,
                    K::kCancel});
    default: return false;
  }
}

EventDefinition EventReader::read(pugi::xml_node node, const Element& element, bool in_event_subprocess,
                                  bool in_subprocess) {
  EventDefinition out;
  std::vector<pugi::xml_node> defs;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && xml_.is_bpmn(c) &&
        std::string_view(XmlReader::local_name(c.name())).ends_with("EventDefinition"))
      defs.push_back(c);
  }
  if (defs.size() > 1) {
    ctx_.error("Multiple event definitions on '" + element.id + "' are not supported", node, element.id);
    return out;
  }
  if (!defs.empty()) {
    auto kind = event_kind_from_tag(XmlReader::local_name(defs[0].name()));
    if (!kind) {
      ctx_.error("Unsupported event definition '" + std::string(XmlReader::local_name(defs[0].name())) + "' on '" +
                     element.id + "'",
                 defs[0], element.id);
      return out;
    }
    out.kind = *kind;
  }
  if (!allowed(element, out.kind, in_event_subprocess, in_subprocess)) {
    std::string where = std::string(to_string(element.kind));
    if (element.kind == ElementKind::kStartEvent && in_event_subprocess) where += " of an event subprocess";
    else if (element.kind == ElementKind::kStartEvent && in_subprocess) where += " of an embedded subprocess";
    ctx_.error("A " + std::string(to_string(out.kind)) + " " + where + " is not supported ('" + element.id + "')", node,
               element.id);
    return out;
  }
  if (!defs.empty()) read_definition(defs[0], element, out);
  return out;
}

void EventReader::read_definition(pugi::xml_node def, const Element& element, EventDefinition& out) {
  const std::string& id = element.id;
  const bool catching = element.kind == ElementKind::kStartEvent || element.kind == ElementKind::kBoundaryEvent ||
                        element.kind == ElementKind::kIntermediateCatchEvent;
  auto ref = [&](const char* attr) { return std::string(def.attribute(attr).value()); };
  switch (out.kind) {
    case K::kMessage: {
      out.ref_id = ref("messageRef");
      if (out.ref_id.empty()) {
        if (catching) ctx_.error("Message event '" + id + "' has no messageRef", def, id);
      } else if (const MessageDefinition* m = ctx_.message(out.ref_id)) {
        out.name = m->name;
      } else {
        ctx_.error("Message event '" + id + "' references unknown message '" + out.ref_id + "'", def, id);
      }
      break;
    }
    case K::kSignal: {
      out.ref_id = ref("signalRef");
      out.async = iequals(xml_.camunda(def, "async"), "true");
      if (const SignalDefinition* s = ctx_.signal(out.ref_id)) {
        out.name = s->name;
      } else {
        ctx_.error(out.ref_id.empty() ? "Signal event '" + id + "' has no signalRef"
                                      : "Signal event '" + id + "' references unknown signal '" + out.ref_id + "'",
                   def, id);
      }
      break;
    }
    case K::kError: {
      out.ref_id = ref("errorRef");
      out.error_code_variable = xml_.camunda(def, "errorCodeVariable");
      out.error_message_variable = xml_.camunda(def, "errorMessageVariable");
      if (!out.ref_id.empty()) {
        if (const ErrorDefinition* e = ctx_.error_def(out.ref_id)) {
          out.error_code = e->code;
          out.error_message = e->message;
        } else {
          ctx_.error("Error event '" + id + "' references unknown error '" + out.ref_id + "'", def, id);
        }
      } else if (!catching) {
        ctx_.error("Error end event '" + id + "' has no errorRef", def, id);
      }
      break;
    }
    case K::kEscalation: {
      out.ref_id = ref("escalationRef");
      out.escalation_code_variable = xml_.camunda(def, "escalationCodeVariable");
      if (!out.ref_id.empty()) {
        if (const EscalationDefinition* e = ctx_.escalation(out.ref_id)) out.escalation_code = e->code;
        else ctx_.error("Escalation event '" + id + "' references unknown escalation '" + out.ref_id + "'", def, id);
      } else if (!catching) {
        ctx_.error("Escalation event '" + id + "' has no escalationRef", def, id);
      }
      break;
    }
    case K::kTimer: {
      static const std::pair<const char*, TimerDefinition::Type> kTypes[] = {
          {"timeDate", TimerDefinition::Type::kDate},
          {"timeDuration", TimerDefinition::Type::kDuration},
          {"timeCycle", TimerDefinition::Type::kCycle}};
      for (const auto& [tag, type] : kTypes) {
        pugi::xml_node t = xml_.bpmn_child(def, tag);
        if (!t) continue;
        const std::string text = XmlReader::text(t);
        if (text.empty()) continue;
        out.timer = TimerDefinition{type, ctx_.compile(text, t, id, std::string("Timer ") + tag)};
        break;
      }
      if (!out.timer) ctx_.error("Timer event '" + id + "' needs a timeDate, timeDuration or timeCycle", def, id);
      break;
    }
    case K::kConditional: {
      pugi::xml_node c = xml_.bpmn_child(def, "condition");
      const std::string text = XmlReader::text(c);
      if (text.empty()) ctx_.error("Conditional event '" + id + "' has no condition", def, id);
      else out.condition = ctx_.compile(text, c, id, "Condition");
      out.variable_name = xml_.camunda(def, "variableName");
      const std::string events = xml_.camunda(def, "variableEvents");
      for (auto ev : split(events, ',')) {
        if (!trim(ev).empty()) out.variable_events.emplace_back(trim(ev));
      }
      break;
    }
    case K::kLink:
      out.link_name = def.attribute("name").value();
      if (out.link_name.empty()) ctx_.error("Link event '" + id + "' has no name", def, id);
      break;
    case K::kCompensate:
      out.activity_ref = def.attribute("activityRef").value();
      if (def.attribute("waitForCompletion")) out.wait_for_completion = iequals(def.attribute("waitForCompletion").value(), "true");
      break;
    case K::kNone:
    case K::kTerminate:
    case K::kCancel: break;
  }
}

}  // namespace dpc::bpmn::detail
