#include "process_builder.h"

#include "dpc/core/history_ttl.h"
#include "dpc/core/strings.h"
#include "form_reader.h"

namespace dpc::bpmn::detail {
namespace {

// BPMN elements inside a process or subprocess that describe, but do not execute, or that
// belong to the subprocess itself (its flow refs and loop marker, read by ActivityReader).
constexpr std::string_view kIgnored[] = {
    "documentation", "extensionElements", "laneSet", "dataObject", "dataObjectReference", "dataStoreReference",
    "textAnnotation", "association", "group", "ioSpecification", "property", "auditing", "monitoring",
    "correspondence", "incoming", "outgoing", "multiInstanceLoopCharacteristics", "standardLoopCharacteristics",
    "dataInputAssociation", "dataOutputAssociation"};

bool ignored(std::string_view local) {
  for (auto i : kIgnored) {
    if (i == local) return true;
  }
  return false;
}

void collect_ids(pugi::xml_node node, std::unordered_set<std::string>& ids) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (const char* id = c.attribute("id").value(); *id) ids.insert(id);
    collect_ids(c, ids);
  }
}

}  // namespace

std::shared_ptr<ProcessDefinition> ProcessBuilder::build(pugi::xml_node process) {
  def_ = std::make_shared<ProcessDefinition>();
  taken_ids_.clear();
  collect_ids(process, taken_ids_);
  read_process_attributes(process);
  read_scope(process, kNone, false);
  link();
  return std::move(def_);
}

void ProcessBuilder::read_process_attributes(pugi::xml_node node) {
  ProcessDefinition& d = *def_;
  d.id = node.attribute("id").value();
  d.name = node.attribute("name").value();
  d.position = xml_.position(node);
  d.documentation = XmlReader::text(xml_.bpmn_child(node, "documentation"));
  d.version_tag = xml_.camunda(node, "versionTag");
  if (xml_.has_camunda(node, "historyTimeToLive")) {
    const std::string ttl = xml_.camunda(node, "historyTimeToLive");
    if (!trim(ttl).empty()) {
      d.history_time_to_live_days = parse_history_time_to_live(ttl);
      if (!d.history_time_to_live_days)
        ctx_.error("Cannot parse historyTimeToLive '" + ttl + "' of process '" + d.id +
                       "': Camunda 7 takes a whole number of days ('5') or 'P5D', not an expression",
                   node, d.id);
    }
  }
  if (!d.history_time_to_live_days) {
    ctx_.warning("Process '" + d.id + "' has no camunda:historyTimeToLive; history is kept forever", node, d.id);
  }
  d.startable_in_tasklist = !iequals(xml_.camunda(node, "isStartableInTasklist", "true"), "false");
  d.candidate_starter_users = xml_.camunda(node, "candidateStarterUsers");
  d.candidate_starter_groups = xml_.camunda(node, "candidateStarterGroups");
  d.job_priority = ctx_.compile_camunda(node, "jobPriority", d.id);
  d.task_priority = ctx_.compile_camunda(node, "taskPriority", d.id);
  d.execution_listeners = ext_.execution_listeners(node, d.id);
  d.properties = ext_.properties(node);
}

void ProcessBuilder::read_scope(pugi::xml_node scope, ElementIndex parent, bool event_subprocess) {
  for (pugi::xml_node c : scope.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = XmlReader::local_name(c.name());
    if (!xml_.is_bpmn(c)) {
      ctx_.warning("Ignoring unknown element '" + std::string(c.name()) + "'", c, c.attribute("id").value());
      continue;
    }
    if (local == "association") {
      // Kept for linking compensation boundary events to their handlers; others are ignored.
      associations_.push_back({c, c.attribute("sourceRef").value(), c.attribute("targetRef").value(), parent});
      continue;
    }
    if (ignored(local)) continue;
    if (local == "sequenceFlow") {
      read_flow(c, parent);
    } else if (auto kind = element_kind_from_tag(local)) {
      read_element(c, *kind, parent, event_subprocess);
    } else {
      const std::string id = c.attribute("id").value();
      ctx_.error("Element kind '" + std::string(local) + "' is not supported" + (id.empty() ? "" : " ('" + id + "')"),
                 c, id);
    }
  }
}

void ProcessBuilder::read_element(pugi::xml_node node, ElementKind kind, ElementIndex parent, bool event_subprocess) {
  ProcessDefinition& d = *def_;
  Element e;
  e.id = node.attribute("id").value();
  e.kind = kind;
  e.parent = parent;
  e.name = node.attribute("name").value();
  e.position = xml_.position(node);
  e.documentation = XmlReader::text(xml_.bpmn_child(node, "documentation"));
  if (e.id.empty()) {
    // Camunda 7 does not check either, but nothing can refer to such a node (sequence flows
    // and boundary events need its id) and its history has no activity id, so it is refused.
    ctx_.error("A " + std::string(to_string(kind)) + (e.name.empty() ? "" : " named '" + e.name + "'") +
                   " has no id; flow nodes need one (only sequence flows may leave it out)",
               node);
    return;
  }
  if (d.element_index.contains(e.id) || d.flow_index.contains(e.id)) {
    ctx_.error("Duplicate id '" + e.id + "'", node, e.id);
    return;
  }
  if (is_event(kind)) {
    const bool in_subprocess = parent != kNone;
    e.event = events_.read(node, e, event_subprocess && kind == ElementKind::kStartEvent, in_subprocess);
  }
  if (kind == ElementKind::kBoundaryEvent) {
    e.cancel_activity = !iequals(node.attribute("cancelActivity").value(), "false");
  }
  if (kind == ElementKind::kStartEvent && parent == kNone) {
    e.initiator = xml_.camunda(node, "initiator");
    e.start_form = read_start_form(ctx_, node, e.id);
    if (e.start_form) {
      activities_.form_ref_checks(node, e.start_form->form_ref_binding, e.start_form->form_ref_version, e.id);
    }
  }
  if (kind == ElementKind::kStartEvent && event_subprocess) {
    e.cancel_activity = !iequals(node.attribute("isInterrupting").value(), "false");
  }
  e.is_for_compensation = iequals(node.attribute("isForCompensation").value(), "true");
  e.triggered_by_event = kind == ElementKind::kSubProcess && iequals(node.attribute("triggeredByEvent").value(), "true");
  e.async = ext_.async(node, e.id);
  e.input_output = ext_.input_output(node, e.id);
  e.execution_listeners = ext_.execution_listeners(node, e.id);
  e.properties = ext_.properties(node);
  activities_.read(node, e);

  const auto index = static_cast<ElementIndex>(d.elements.size());
  e.index = index;
  if (const char* dflt = node.attribute("default").value(); *dflt) defaults_.push_back({index, dflt, node});
  if (kind == ElementKind::kBoundaryEvent) attachments_.push_back({index, node.attribute("attachedToRef").value(), node});
  d.element_index.emplace(e.id, index);
  d.elements.push_back(std::move(e));
  if (parent != kNone) d.elements[parent].children.push_back(index);
  if (is_scope(kind)) read_scope(node, index, d.elements[index].triggered_by_event);
}

void ProcessBuilder::read_flow(pugi::xml_node node, ElementIndex parent) {
  ProcessDefinition& d = *def_;
  SequenceFlow f;
  f.id = node.attribute("id").value();
  f.name = node.attribute("name").value();
  f.position = xml_.position(node);
  if (f.id.empty()) f.id = generated_flow_id(node);
  if (d.element_index.contains(f.id) || d.flow_index.contains(f.id)) {
    ctx_.error("Duplicate id '" + f.id + "'", node, f.id);
    return;
  }
  if (pugi::xml_node c = xml_.bpmn_child(node, "conditionExpression")) {
    Condition cond;
    const std::string language = c.attribute("language").value();
    const std::string resource = xml_.camunda(c, "resource");
    const std::string text = XmlReader::text(c);
    if (!language.empty() && !iequals(language, "juel") && !iequals(language, "feel")) {
      cond.type = Condition::Type::kScript;
      cond.script = Script{language, text, resource};
      f.condition = std::move(cond);
    } else if (!text.empty()) {
      cond.expression = ctx_.compile(iequals(language, "feel") && !text.starts_with("=") ? "=" + text : text, c, f.id,
                                     "Condition");
      f.condition = std::move(cond);
    }
  }
  f.listeners = ext_.execution_listeners(node, f.id);
  flows_.push_back({node, node.attribute("sourceRef").value(), node.attribute("targetRef").value(), parent});
  d.flow_index.emplace(f.id, static_cast<FlowIndex>(d.flows.size()));
  d.flows.push_back(std::move(f));
}

// Hand-written models often leave out the ids of sequence flows (Camunda 7 runs them with a
// null transition id). dpc names such a flow after its ends, `SequenceFlow_<source>_<target>`,
// with `_2`, `_3`... when that is taken, so the id is the same at every deployment of the file.
std::string ProcessBuilder::generated_flow_id(pugi::xml_node node) {
  const std::string base = std::string("SequenceFlow_") + node.attribute("sourceRef").value() + "_" +
                           node.attribute("targetRef").value();
  std::string id = base;
  for (int n = 2; taken_ids_.contains(id); ++n) id = base + "_" + std::to_string(n);
  taken_ids_.insert(id);
  return id;
}

void ProcessBuilder::link() {
  ProcessDefinition& d = *def_;
  auto lookup = [&](const std::string& id) -> ElementIndex {
    auto it = d.element_index.find(id);
    return it == d.element_index.end() ? kNone : it->second;
  };
  for (std::size_t i = 0; i < flows_.size(); ++i) {
    const PendingFlow& p = flows_[i];
    SequenceFlow& f = d.flows[i];
    f.source = lookup(p.source);
    f.target = lookup(p.target);
    if (f.source == kNone) {
      ctx_.error("Invalid source '" + p.source + "' of sequence flow '" + f.id + "'", p.node, f.id, {p.source});
    }
    if (f.target == kNone) {
      ctx_.error("Invalid destination '" + p.target + "' of sequence flow '" + f.id + "'", p.node, f.id, {p.target});
    }
    if (f.source == kNone || f.target == kNone) continue;
    if (d.elements[f.source].parent != p.scope || d.elements[f.target].parent != p.scope) {
      ctx_.error("Sequence flow '" + f.id + "' crosses a subprocess boundary", p.node, f.id, {p.source, p.target});
      continue;
    }
    d.elements[f.source].outgoing.push_back(static_cast<FlowIndex>(i));
    d.elements[f.target].incoming.push_back(static_cast<FlowIndex>(i));
  }
  for (const PendingRef& r : defaults_) {
    Element& e = d.elements[r.element];
    auto it = d.flow_index.find(r.ref);
    if (it == d.flow_index.end() || d.flows[it->second].source != r.element) {
      ctx_.error("Default sequence flow '" + r.ref + "' of '" + e.id + "' is not one of its outgoing sequence flows",
                 r.node, e.id, {r.ref});
      continue;
    }
    e.default_flow = it->second;
    d.flows[it->second].is_default = true;
    if (d.flows[it->second].condition) {
      ctx_.warning("The condition of default sequence flow '" + r.ref + "' is ignored", r.node, e.id, {r.ref});
    }
  }
  for (const PendingRef& r : attachments_) {
    Element& b = d.elements[r.element];
    const ElementIndex host = lookup(r.ref);
    if (host == kNone || !is_activity(d.elements[host].kind)) {
      ctx_.error("Boundary event '" + b.id + "' is attached to '" + r.ref + "', which is not an activity of this process",
                 r.node, b.id, {r.ref});
      continue;
    }
    b.attached_to = host;
    d.elements[host].boundary_events.push_back(r.element);
  }
  // An association between a compensation boundary event and an activity (either
  // direction) names the boundary event's handler; the handler's checks are deploy-time
  // (engine's executable_check), other associations are annotations.
  for (const PendingFlow& a : associations_) {
    const ElementIndex s = lookup(a.source), t = lookup(a.target);
    if (s == kNone || t == kNone) continue;
    auto is_compensation_boundary = [&](ElementIndex i) {
      return d.elements[i].kind == ElementKind::kBoundaryEvent && d.elements[i].event.kind == EventKind::kCompensate;
    };
    if (is_compensation_boundary(s) && is_activity(d.elements[t].kind)) d.elements[s].compensation_handler = t;
    else if (is_compensation_boundary(t) && is_activity(d.elements[s].kind)) d.elements[t].compensation_handler = s;
  }
  for (const Element& e : d.elements) {
    if (e.kind != ElementKind::kStartEvent || e.parent != kNone) continue;
    d.start_events.push_back(e.index);
    if (e.event.kind == EventKind::kNone) {
      if (d.initial != kNone) {
        ctx_.error_at("Process '" + d.id + "' has more than one none start event", e.position, e.id,
                      {d.elements[d.initial].id});
      }
      d.initial = e.index;
    }
  }
}

}  // namespace dpc::bpmn::detail
