#include "extension_reader.h"

#include "dpc/core/strings.h"

namespace dpc::bpmn::detail {
namespace {

bool is_true(std::string_view v) { return iequals(trim(v), "true"); }

}  // namespace

AsyncConfig ExtensionReader::async(pugi::xml_node node, std::string_view id) {
  AsyncConfig a;
  a.before = is_true(xml_.camunda(node, "asyncBefore")) || is_true(xml_.camunda(node, "async"));
  a.after = is_true(xml_.camunda(node, "asyncAfter"));
  if (xml_.has_camunda(node, "exclusive")) a.exclusive = is_true(xml_.camunda(node, "exclusive"));
  a.job_priority = ctx_.compile_camunda(node, "jobPriority", id);
  for (pugi::xml_node c : xml_.extensions(node, "failedJobRetryTimeCycle")) a.failed_job_retry_time_cycle = XmlReader::text(c);
  return a;
}

ParameterValue ExtensionReader::parameter_value(pugi::xml_node node, std::string_view id) {
  ParameterValue v;
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = XmlReader::local_name(c.name());
    if (local == "list") {
      v.kind = ParameterValue::Kind::kList;
      for (pugi::xml_node item : c.children()) {
        if (item.type() == pugi::node_element) v.list.push_back(parameter_value_item(item, id));
      }
      return v;
    }
    if (local == "map") {
      v.kind = ParameterValue::Kind::kMap;
      for (pugi::xml_node entry : xml_.camunda_children(c, "entry")) {
        v.map.emplace_back(entry.attribute("key").value(), parameter_value(entry, id));
      }
      return v;
    }
    if (local == "script") {
      v.kind = ParameterValue::Kind::kScript;
      v.script = script(c);
      return v;
    }
  }
  const std::string text = XmlReader::text(node);
  if (text.empty()) return v;  // an empty parameter is null
  v.kind = ParameterValue::Kind::kExpression;
  v.expression = ctx_.compile(text, node, id, "Parameter '" + std::string(node.attribute("name").value()) + "'");
  return v;
}

ParameterValue ExtensionReader::parameter_value_item(pugi::xml_node item, std::string_view id) {
  // A list item: <camunda:value> holds text; a nested <camunda:list>/<camunda:map>/<camunda:script>
  // stands for itself.
  const std::string_view local = XmlReader::local_name(item.name());
  if (local == "value") return parameter_value(item, id);
  ParameterValue v;
  if (local == "list") {
    v.kind = ParameterValue::Kind::kList;
    for (pugi::xml_node c : item.children()) {
      if (c.type() == pugi::node_element) v.list.push_back(parameter_value_item(c, id));
    }
  } else if (local == "map") {
    v.kind = ParameterValue::Kind::kMap;
    for (pugi::xml_node entry : xml_.camunda_children(item, "entry")) {
      v.map.emplace_back(entry.attribute("key").value(), parameter_value(entry, id));
    }
  } else if (local == "script") {
    v.kind = ParameterValue::Kind::kScript;
    v.script = script(item);
  }
  return v;
}

InputOutput ExtensionReader::io_block(pugi::xml_node io, std::string_view id) {
  InputOutput out;
  for (pugi::xml_node p : xml_.camunda_children(io, "inputParameter"))
    out.inputs.push_back({p.attribute("name").value(), parameter_value(p, id)});
  for (pugi::xml_node p : xml_.camunda_children(io, "outputParameter"))
    out.outputs.push_back({p.attribute("name").value(), parameter_value(p, id)});
  return out;
}

InputOutput ExtensionReader::input_output(pugi::xml_node node, std::string_view id) {
  InputOutput out;
  for (pugi::xml_node io : xml_.extensions(node, "inputOutput")) {
    InputOutput part = io_block(io, id);
    for (auto& p : part.inputs) out.inputs.push_back(std::move(p));
    for (auto& p : part.outputs) out.outputs.push_back(std::move(p));
  }
  return out;
}

Script ExtensionReader::script(pugi::xml_node n) {
  Script s;
  s.format = n.attribute("scriptFormat").value();
  s.resource = n.attribute("resource").value();
  s.text = XmlReader::text(n);
  return s;
}

std::vector<FieldInjection> ExtensionReader::fields(pugi::xml_node parent, std::string_view id) {
  std::vector<pugi::xml_node> nodes = xml_.camunda_children(parent, "field");
  for (pugi::xml_node f : xml_.extensions(parent, "field")) nodes.push_back(f);
  std::vector<FieldInjection> out;
  for (pugi::xml_node f : nodes) {
    FieldInjection fi;
    fi.name = f.attribute("name").value();
    const std::string what = "Field '" + fi.name + "'";
    if (pugi::xml_attribute a = f.attribute("expression")) {
      fi.value = ctx_.compile(a.value(), f, id, what);
    } else if (pugi::xml_node e = xml_.camunda_child(f, "expression")) {
      fi.value = ctx_.compile(XmlReader::text(e), f, id, what);
    } else {
      // String values are literal even when they contain "${" (Camunda's FixedValue).
      std::string text = f.attribute("stringValue") ? f.attribute("stringValue").value()
                                                    : XmlReader::text(xml_.camunda_child(f, "string"));
      auto lit = juel::Expression::compile(text.find("${") == std::string::npos && text.find("#{") == std::string::npos
                                               ? text : std::string());
      fi.value = lit ? std::move(lit).value() : juel::Expression();
    }
    out.push_back(std::move(fi));
  }
  return out;
}

Listener ExtensionReader::listener(pugi::xml_node n, std::string_view id, bool task) {
  Listener l;
  l.event = n.attribute("event").value();
  l.id = n.attribute("id").value();
  const std::string what = std::string(task ? "Task" : "Execution") + " listener";
  if (pugi::xml_attribute a = n.attribute("class")) {
    l.implementation = Listener::Implementation::kClass;
    l.class_name = a.value();
  } else if (pugi::xml_attribute e = n.attribute("expression")) {
    l.implementation = Listener::Implementation::kExpression;
    l.expression = ctx_.compile(e.value(), n, id, what);
  } else if (pugi::xml_attribute d = n.attribute("delegateExpression")) {
    l.implementation = Listener::Implementation::kDelegateExpression;
    l.expression = ctx_.compile(d.value(), n, id, what);
  } else if (pugi::xml_node s = xml_.camunda_child(n, "script")) {
    l.implementation = Listener::Implementation::kScript;
    l.script = script(s);
  } else {
    ctx_.error(what + " of '" + std::string(id) +
                   "' needs one of the attributes 'class', 'expression' or 'delegateExpression', or a script",
               n, id);
  }
  l.fields = fields(n, id);
  if (task && l.event == "timeout") {
    pugi::xml_node timer = xml_.bpmn_child(n, "timerEventDefinition");
    for (std::string_view kind : {"timeDate", "timeDuration", "timeCycle"}) {
      if (pugi::xml_node t = xml_.bpmn_child(timer, kind)) {
        l.timeout_timer = to_lower(kind.substr(4)) + ":" + XmlReader::text(t);
      }
    }
    if (l.timeout_timer.empty()) ctx_.error("Timeout task listener of '" + std::string(id) + "' has no timer", n, id);
  }
  return l;
}

std::vector<Listener> ExtensionReader::execution_listeners(pugi::xml_node node, std::string_view id) {
  std::vector<Listener> out;
  for (pugi::xml_node n : xml_.extensions(node, "executionListener")) out.push_back(listener(n, id, false));
  return out;
}

std::vector<Listener> ExtensionReader::task_listeners(pugi::xml_node node, std::string_view id) {
  std::vector<Listener> out;
  for (pugi::xml_node n : xml_.extensions(node, "taskListener")) out.push_back(listener(n, id, true));
  return out;
}

std::vector<Property> ExtensionReader::properties(pugi::xml_node node) {
  std::vector<Property> out;
  for (pugi::xml_node ps : xml_.extensions(node, "properties")) {
    for (pugi::xml_node p : xml_.camunda_children(ps, "property"))
      out.push_back({p.attribute("name").value(), p.attribute("value").value()});
  }
  return out;
}

std::vector<VariableMapping> ExtensionReader::mappings(pugi::xml_node node, std::string_view which,
                                                       std::string_view id) {
  std::vector<VariableMapping> out;
  for (pugi::xml_node n : xml_.extensions(node, which)) {
    VariableMapping m;
    m.source = n.attribute("source").value();
    m.target = n.attribute("target").value();
    m.all = std::string_view(n.attribute("variables").value()) == "all";
    m.local = is_true(n.attribute("local").value());
    const std::string what = "camunda:" + std::string(which);
    if (pugi::xml_attribute se = n.attribute("sourceExpression")) m.source_expression = ctx_.compile(se.value(), n, id, what);
    if (pugi::xml_attribute bk = n.attribute("businessKey")) m.business_key = ctx_.compile(bk.value(), n, id, what);
    if (!m.all && !m.business_key && m.source.empty() && !m.source_expression) {
      ctx_.error(what + " of '" + std::string(id) + "' needs 'source', 'sourceExpression', 'variables' or 'businessKey'",
                 n, id);
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace dpc::bpmn::detail
