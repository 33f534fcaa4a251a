#include "activity_reader.h"

#include "dpc/core/strings.h"
#include "form_reader.h"

namespace dpc::bpmn::detail {

juel::Expression ActivityReader::attr(pugi::xml_node node, const char* name, const Element& e) {
  auto x = ctx_.compile_camunda(node, name, e.id);
  return x ? std::move(*x) : juel::Expression();
}

void ActivityReader::read(pugi::xml_node node, Element& e) {
  switch (e.kind) {
    case ElementKind::kUserTask: e.user_task = user_task(node, e); break;
    case ElementKind::kServiceTask:
    case ElementKind::kSendTask:
    case ElementKind::kBusinessRuleTask: e.service = service(node, e, true); break;
    case ElementKind::kIntermediateThrowEvent:
    case ElementKind::kEndEvent:
      if (e.event.kind == EventKind::kMessage) message_throw(node, e);
      break;
    case ElementKind::kScriptTask: e.script = script(node, e); break;
    case ElementKind::kCallActivity: e.call_activity = call_activity(node, e); break;
    case ElementKind::kReceiveTask: receive_task(node, e); break;
    default: break;
  }
  if (is_activity(e.kind)) {
    multi_instance(node, e);
    if (pugi::xml_node loop = xml_.bpmn_child(node, "standardLoopCharacteristics")) {
      ctx_.error("Standard loops are not supported ('" + e.id + "'); use multi-instance instead", loop, e.id);
    }
  }
}

UserTaskConfig ActivityReader::user_task(pugi::xml_node node, const Element& e) {
  UserTaskConfig u;
  if (e.name.find("${") != std::string::npos || e.name.find("#{") != std::string::npos) {
    u.name = ctx_.compile(e.name, node, e.id, "name");
  }
  u.assignee = attr(node, "assignee", e);
  u.candidate_users = attr(node, "candidateUsers", e);
  u.candidate_groups = attr(node, "candidateGroups", e);
  u.due_date = attr(node, "dueDate", e);
  u.follow_up_date = attr(node, "followUpDate", e);
  u.priority = attr(node, "priority", e);
  u.form_key = attr(node, "formKey", e);
  u.form_ref = attr(node, "formRef", e);
  u.form_ref_binding = xml_.camunda(node, "formRefBinding", "latest");
  u.form_ref_version = xml_.camunda(node, "formRefVersion");
  form_ref_checks(node, u.form_ref_binding, u.form_ref_version, e.id);
  u.form_data = read_form_data(ctx_, node, e.id);
  u.task_listeners = ext_.task_listeners(node, e.id);
  return u;
}

void ActivityReader::form_ref_checks(pugi::xml_node node, const std::string& binding,
                                     const std::string& version, const std::string& id) {
  if (binding != "latest" && binding != "deployment" && binding != "version") {
    ctx_.error("camunda:formRefBinding of '" + id + "' is '" + binding +
                   "'; it must be latest, deployment or version", node, id);
  } else if (binding == "version" && version.empty()) {
    ctx_.error("camunda:formRefBinding 'version' of '" + id + "' needs camunda:formRefVersion", node, id);
  }
}

ServiceConfig ActivityReader::service(pugi::xml_node node, const Element& e, bool required) {
  using I = ServiceConfig::Implementation;
  ServiceConfig s;
  s.result_variable = xml_.camunda(node, "resultVariable");
  s.fields = ext_.fields(node, e.id);
  const std::string type = xml_.camunda(node, "type");
  pugi::xml_node connector;
  for (pugi::xml_node c : xml_.extensions(node, "connector")) connector = c;

  if (e.kind == ElementKind::kBusinessRuleTask && xml_.has_camunda(node, "decisionRef")) {
    s.implementation = I::kDecision;
    s.decision_ref = attr(node, "decisionRef", e);
    s.decision_ref_binding = xml_.camunda(node, "decisionRefBinding", "latest");
    s.decision_ref_version = attr(node, "decisionRefVersion", e);
    s.decision_ref_version_tag = xml_.camunda(node, "decisionRefVersionTag");
    s.decision_ref_tenant_id = xml_.camunda(node, "decisionRefTenantId");
    s.map_decision_result = xml_.camunda(node, "mapDecisionResult", "resultList");
    static const char* kMappings[] = {"singleEntry", "singleResult", "collectEntries", "resultList"};
    bool known = false;
    for (const char* m : kMappings) known = known || s.map_decision_result == m;
    if (!known) ctx_.error("Unknown camunda:mapDecisionResult '" + s.map_decision_result + "' on '" + e.id + "'", node, e.id);
  } else if (xml_.has_camunda(node, "class")) {
    s.implementation = I::kClass;
    s.class_name = xml_.camunda(node, "class");
  } else if (xml_.has_camunda(node, "delegateExpression")) {
    s.implementation = I::kDelegateExpression;
    s.expression = attr(node, "delegateExpression", e);
  } else if (xml_.has_camunda(node, "expression")) {
    s.implementation = I::kExpression;
    s.expression = attr(node, "expression", e);
  } else if (!type.empty()) {
    if (type != "external") {
      ctx_.error("camunda:type '" + type + "' of '" + e.id + "' is not supported (only 'external')", node, e.id);
    } else {
      s.implementation = I::kExternal;
      if (!xml_.has_camunda(node, "topic") || trim(xml_.camunda(node, "topic")).empty()) {
        ctx_.error("External task '" + e.id + "' must specify a 'topic' attribute in the camunda namespace", node, e.id);
      } else {
        s.topic = attr(node, "topic", e);
      }
      s.task_priority = ctx_.compile_camunda(node, "taskPriority", e.id);
      for (pugi::xml_node d : xml_.extensions(node, "errorEventDefinition")) {
        ExternalErrorMapping m;
        m.id = d.attribute("id").value();
        m.error_ref = d.attribute("errorRef").value();
        if (const ErrorDefinition* err = ctx_.error_def(m.error_ref)) m.error_code = err->code;
        else if (!m.error_ref.empty()) ctx_.error("'" + e.id + "' references unknown error '" + m.error_ref + "'", d, e.id);
        m.expression = ctx_.compile(d.attribute("expression").value(), d, e.id, "Error event definition expression");
        s.error_mappings.push_back(std::move(m));
      }
    }
  } else if (connector) {
    s.implementation = I::kConnector;
    s.connector_id = XmlReader::text(xml_.camunda_child(connector, "connectorId"));
    if (pugi::xml_node io = xml_.camunda_child(connector, "inputOutput")) s.connector_io = ext_.io_block(io, e.id);
    if (s.connector_id.empty()) ctx_.error("Connector of '" + e.id + "' has no connectorId", connector, e.id);
  } else if (required) {
    if (e.kind == ElementKind::kBusinessRuleTask) {
      ctx_.error("Business rule task '" + e.id + "' needs camunda:decisionRef, or one of 'class', "
                 "'delegateExpression', 'type' or 'expression'", node, e.id);
    } else {
      ctx_.error("One of the attributes 'class', 'delegateExpression', 'type', or 'expression' is mandatory on " +
                     std::string(to_string(e.kind)) + " '" + e.id + "'",
                 node, e.id);
    }
  }
  return s;
}

bool ActivityReader::has_implementation(pugi::xml_node node) const {
  for (const char* a : {"class", "delegateExpression", "expression", "type"}) {
    if (xml_.has_camunda(node, a)) return true;
  }
  return !xml_.extensions(node, "connector").empty();
}

void ActivityReader::message_throw(pugi::xml_node node, Element& e) {
  // Camunda reads the implementation from the messageEventDefinition; the Modeler of some
  // versions wrote it on the event element, so that is accepted too. Without any, Camunda
  // runs the event like a none event (no ServiceConfig: element_behaviors.cpp).
  pugi::xml_node source = xml_.bpmn_child(node, "messageEventDefinition");
  if (!source || !has_implementation(source)) source = has_implementation(node) ? node : pugi::xml_node();
  if (source) e.service = service(source, e, false);
}

ScriptConfig ActivityReader::script(pugi::xml_node node, const Element& e) {
  ScriptConfig s;
  s.script.format = node.attribute("scriptFormat").value();
  s.script.resource = xml_.camunda(node, "resource");
  s.script.text = XmlReader::text(xml_.bpmn_child(node, "script"));
  s.result_variable = xml_.camunda(node, "resultVariable");
  if (s.script.format.empty()) ctx_.error("Script task '" + e.id + "' has no scriptFormat", node, e.id);
  if (s.script.text.empty() && s.script.resource.empty())
    ctx_.error("Script task '" + e.id + "' has neither a script nor camunda:resource", node, e.id);
  return s;
}

CallActivityConfig ActivityReader::call_activity(pugi::xml_node node, const Element& e) {
  CallActivityConfig c;
  const std::string called = node.attribute("calledElement").value();
  c.case_ref = xml_.camunda(node, "caseRef");
  if (!called.empty()) c.called_element = ctx_.compile(called, node, e.id, "calledElement");
  else if (c.case_ref.empty()) ctx_.error("Call activity '" + e.id + "' has no calledElement", node, e.id);
  else ctx_.error("Call activity '" + e.id + "' calls a CMMN case (camunda:caseRef), which dpc does not execute", node, e.id);
  c.binding = xml_.camunda(node, "calledElementBinding", "latest");
  c.version = attr(node, "calledElementVersion", e);
  c.version_tag = xml_.camunda(node, "calledElementVersionTag");
  c.tenant_id = xml_.camunda(node, "calledElementTenantId");
  c.inputs = ext_.mappings(node, "in", e.id);
  c.outputs = ext_.mappings(node, "out", e.id);
  return c;
}

void ActivityReader::receive_task(pugi::xml_node node, Element& e) {
  e.message_ref = node.attribute("messageRef").value();
  if (e.message_ref.empty()) return;
  if (const MessageDefinition* m = ctx_.message(e.message_ref)) e.message_name = m->name;
  else ctx_.error("Receive task '" + e.id + "' references unknown message '" + e.message_ref + "'", node, e.id);
}

void ActivityReader::multi_instance(pugi::xml_node node, Element& e) {
  pugi::xml_node mi = xml_.bpmn_child(node, "multiInstanceLoopCharacteristics");
  if (!mi) return;
  MultiInstanceConfig m;
  m.sequential = iequals(mi.attribute("isSequential").value(), "true");
  if (pugi::xml_node c = xml_.bpmn_child(mi, "loopCardinality"); c && !XmlReader::text(c).empty())
    m.cardinality = ctx_.compile(XmlReader::text(c), c, e.id, "loopCardinality");
  if (xml_.has_camunda(mi, "collection")) {
    m.collection = ctx_.compile_camunda(mi, "collection", e.id);
  } else if (pugi::xml_node in = xml_.bpmn_child(mi, "loopDataInputRef"); in && !XmlReader::text(in).empty()) {
    // A bare variable name, as Camunda treats loopDataInputRef.
    m.collection = ctx_.compile("${" + XmlReader::text(in) + "}", in, e.id, "loopDataInputRef");
  }
  m.element_variable = xml_.camunda(mi, "elementVariable");
  if (m.element_variable.empty()) {
    if (pugi::xml_node item = xml_.bpmn_child(mi, "inputDataItem")) m.element_variable = item.attribute("name").value();
  }
  if (pugi::xml_node cc = xml_.bpmn_child(mi, "completionCondition"); cc && !XmlReader::text(cc).empty())
    m.completion_condition = ctx_.compile(XmlReader::text(cc), cc, e.id, "completionCondition");
  m.async = ext_.async(mi, e.id);
  if (!m.cardinality && !m.collection) {
    ctx_.error("Multi-instance '" + e.id + "': either loopCardinality or loopDataInputRef/camunda:collection must be set",
               mi, e.id);
  }
  e.multi_instance = std::move(m);
}

}  // namespace dpc::bpmn::detail
