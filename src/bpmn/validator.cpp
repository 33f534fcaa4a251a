#include "validator.h"

#include <deque>

namespace dpc::bpmn::detail {
namespace {

class Validator {
 public:
  Validator(ParseContext& ctx, const ProcessDefinition& def) : ctx_(ctx), d_(def) {}

  void run() {
    if (d_.start_events.empty()) ctx_.error_at("Process '" + d_.id + "' has no start event", d_.position, d_.id);
    for (const Element& e : d_.elements) check_element(e);
    check_reachability();
  }

 private:
  void check_element(const Element& e) {
    if (is_scope(e.kind)) check_scope_start(e);
    if ((e.kind == ElementKind::kStartEvent || e.kind == ElementKind::kBoundaryEvent) && !e.incoming.empty()) {
      ctx_.error_at(std::string(to_string(e.kind)) + " '" + e.id + "' must not have incoming sequence flows",
                    e.position, e.id);
    }
    if (e.kind == ElementKind::kEndEvent && !e.outgoing.empty()) {
      ctx_.error_at("End event '" + e.id + "' must not have outgoing sequence flows", e.position, e.id);
    }
    if (e.kind == ElementKind::kExclusiveGateway || e.kind == ElementKind::kInclusiveGateway) check_split(e);
    if (e.kind == ElementKind::kEventBasedGateway) check_event_gateway(e);
    if (e.kind == ElementKind::kParallelGateway) {
      for (FlowIndex f : e.outgoing) {
        if (d_.flows[f].condition) {
          ctx_.error_at("Sequence flow '" + d_.flows[f].id + "' leaves parallel gateway '" + e.id +
                            "' and must not have a condition",
                        d_.flows[f].position, d_.flows[f].id, {e.id});
        }
      }
    }
  }

  void check_scope_start(const Element& s) {
    int starts = 0;
    for (ElementIndex c : s.children) {
      if (d_.elements[c].kind == ElementKind::kStartEvent) ++starts;
    }
    const char* what = s.triggered_by_event ? "Event subprocess" : "Subprocess";
    if (starts == 0) ctx_.error_at(std::string(what) + " '" + s.id + "' has no start event", s.position, s.id);
    if (starts > 1) ctx_.error_at(std::string(what) + " '" + s.id + "' has more than one start event", s.position, s.id);
    if (s.triggered_by_event && !s.incoming.empty())
      ctx_.error_at("Event subprocess '" + s.id + "' must not have incoming sequence flows", s.position, s.id);
  }

  void check_split(const Element& g) {
    const std::string label = g.kind == ElementKind::kExclusiveGateway ? "Exclusive Gateway" : "Inclusive Gateway";
    if (g.outgoing.empty()) {
      ctx_.error_at(label + " '" + g.id + "' has no outgoing sequence flows.", g.position, g.id);
      return;
    }
    if (g.outgoing.size() < 2) return;
    for (FlowIndex fi : g.outgoing) {
      const SequenceFlow& f = d_.flows[fi];
      if (!f.condition && !f.is_default) {
        ctx_.error_at(label + " '" + g.id + "' has outgoing sequence flow '" + f.id +
                          "' without condition which is not the default flow.",
                      g.position, g.id, {f.id});
      }
    }
  }

  void check_event_gateway(const Element& g) {
    if (g.outgoing.size() < 2) {
      ctx_.error_at("Event-based gateway '" + g.id + "' must have at least two outgoing sequence flows", g.position, g.id);
    }
    for (FlowIndex fi : g.outgoing) {
      const Element& t = d_.elements[d_.flows[fi].target];
      const bool ok = (t.kind == ElementKind::kIntermediateCatchEvent && t.event.kind != EventKind::kLink) ||
                      t.kind == ElementKind::kReceiveTask;
      if (!ok) {
        ctx_.error_at("Event-based gateway '" + g.id + "' may only lead to intermediate catch events or receive tasks, not '" +
                          t.id + "'",
                      g.position, g.id, {t.id});
      }
    }
  }

  // Roots: process start events, event subprocesses and compensation handlers. From a reached
  // element: its outgoing targets, its boundary events, the start events and event
  // subprocesses of a reached scope, and the link catch events a reached link throw names.
  void check_reachability() {
    std::vector<bool> seen(d_.elements.size(), false);
    std::deque<ElementIndex> queue;
    auto reach = [&](ElementIndex i) {
      if (i != kNone && !seen[i]) {
        seen[i] = true;
        queue.push_back(i);
      }
    };
    for (const Element& e : d_.elements) {
      if (e.parent == kNone && (e.kind == ElementKind::kStartEvent || e.triggered_by_event)) reach(e.index);
      if (e.is_for_compensation) reach(e.index);
    }
    while (!queue.empty()) {
      const Element& e = d_.elements[queue.front()];
      queue.pop_front();
      for (FlowIndex f : e.outgoing) reach(d_.flows[f].target);
      for (ElementIndex b : e.boundary_events) reach(b);
      for (ElementIndex c : e.children) {
        const Element& child = d_.elements[c];
        if (child.kind == ElementKind::kStartEvent || child.triggered_by_event || child.is_for_compensation) reach(c);
      }
      if (e.kind == ElementKind::kIntermediateThrowEvent && e.event.kind == EventKind::kLink) {
        for (const Element& t : d_.elements) {
          if (t.kind == ElementKind::kIntermediateCatchEvent && t.event.kind == EventKind::kLink &&
              t.parent == e.parent && t.event.link_name == e.event.link_name)
            reach(t.index);
        }
      }
    }
    for (const Element& e : d_.elements) {
      if (seen[e.index]) continue;
      // Report only the outermost unreachable element; its contents follow from it.
      if (e.parent != kNone && !seen[e.parent]) continue;
      // A boundary event on an unreachable activity is reported through its host.
      if (e.kind == ElementKind::kBoundaryEvent && (e.attached_to == kNone || !seen[e.attached_to])) continue;
      // Camunda 7 deploys such models (the element simply never runs), so this only warns.
      ctx_.warning_at(std::string(to_string(e.kind)) + " '" + e.id + "' is not reachable from any start event",
                      e.position, e.id);
    }
  }

  ParseContext& ctx_;
  const ProcessDefinition& d_;
};

}  // namespace

void validate_process(ParseContext& ctx, const ProcessDefinition& def) { Validator(ctx, def).run(); }

}  // namespace dpc::bpmn::detail
