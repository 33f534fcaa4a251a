// Compensation, as Camunda 7 does it: an activity with a compensation boundary event that
// completes leaves a subscription of kind "compensate" in its scope (one per completed inner
// instance of a multi-instance activity). A compensation throw or end event runs the
// handlers (the activities the boundary events' associations name, isForCompensation) of
// the subscriptions in its own scope, newest first, and waits until they have all ended.
// A completed subprocess without a handler of its own hands its inner subscriptions to its
// scope, so compensating the outer scope (or activityRef = the subprocess) compensates them.
// A cancelled scope (interrupted, terminated) drops its subscriptions: only completed work
// is compensated. Transactions: a cancel end event compensates the transaction's completed
// work, then leaves by the transaction's cancel boundary event.
//
// A compensation event subprocess (its start event a compensateEventDefinition) in a
// subprocess stands in for the handlers inside: the completed subprocess leaves one
// subscription of its own, and its inner subscriptions are kept under that subscription's
// id, which is the id of the subprocess's ended execution, and so are its local variables
// (io_mapping.cpp keeps them), like Camunda's event scope execution. Compensated, the event
// subprocess runs as a child of the throwing token and takes those inner subscriptions and
// variables over (they become its own), so it sees the subprocess's variables as they were
// and a compensation throw inside it runs the inner handlers; what it leaves uncompensated,
// and the variables, go when it ends.
#include <algorithm>

#include "element_behavior.h"
#include "instance_run.h"

namespace dpc::engine {

namespace {

using State = ExecutionRecord::State;
using bpmn::ElementKind;
using bpmn::EventKind;

// The compensation boundary event of an activity with its handler, or nullptr.
const bpmn::Element* compensation_boundary(const bpmn::ProcessDefinition& m, const bpmn::Element& el) {
  for (bpmn::ElementIndex b : el.boundary_events) {
    const bpmn::Element& ev = m.elements[b];
    if (ev.event.kind == EventKind::kCompensate && ev.compensation_handler != bpmn::kNone) return &ev;
  }
  return nullptr;
}

bool is_compensation_event_subprocess(const bpmn::ProcessDefinition& m, const bpmn::Element& el) {
  return el.triggered_by_event && el.parent != bpmn::kNone &&
         compensation_event_subprocess(m, m.elements[el.parent]) == &el;
}

}  // namespace

const bpmn::Element* compensation_event_subprocess(const bpmn::ProcessDefinition& m, const bpmn::Element& el) {
  for (bpmn::ElementIndex c : el.children) {
    const bpmn::Element& esp = m.elements[c];
    if (!esp.triggered_by_event) continue;
    for (bpmn::ElementIndex s : esp.children) {
      const bpmn::Element& start = m.elements[s];
      if (start.kind == ElementKind::kStartEvent && start.event.kind == EventKind::kCompensate) return &esp;
    }
  }
  return nullptr;
}

void InstanceRun::record_compensation(const std::string& execution_id, const bpmn::Element& el) {
  const bpmn::Element* boundary = compensation_boundary(model(), el);
  const bool scope = bpmn::is_scope(el.kind);
  if (!boundary && !scope) return;
  // A compensation event subprocess that ran has done the compensation of its subprocess:
  // whatever it left uncompensated is dropped with it.
  if (is_compensation_event_subprocess(model(), el)) {
    drop_compensations_of(execution_id);
    erase_scope_variables(execution_id);  // the subprocess's variables it took over
    return;
  }
  const bpmn::Element* esp = scope && !boundary ? compensation_event_subprocess(model(), el) : nullptr;
  const ExecutionRecord& e = execution(execution_id);
  // The scope the activity ran in: a multi-instance inner instance's is the body's.
  std::string scope_id = e.parent_id;
  if (el.multi_instance && is_multi_instance_inner(e, el)) scope_id = execution(scope_id).parent_id;
  // The id of its own subscription, if it gets one: for a compensation event subprocess, the
  // id its inner subscriptions and local variables stay under.
  const std::string own_id = esp ? execution_id : new_id();
  if (scope) {
    // Its inner subscriptions: replaced by its own handler, kept for its compensation event
    // subprocess, else handed to its scope.
    for (const EventSubscriptionRecord* s : compensations_.select(
             [&](const EventSubscriptionRecord& s) { return s.execution_id == execution_id; })) {
      std::string id = s->id;
      if (boundary) {
        compensations_.erase(id);
      } else if (esp) {
        continue;  // stays under own_id, the subprocess's execution id
      } else {
        EventSubscriptionRecord& moved = *compensations_.modify(id);
        moved.execution_id = scope_id;
        moved.event_name = el.id;
      }
    }
  }
  if (!boundary && !esp) return;
  // Handlers run newest first: `created` is kept strictly increasing within the instance,
  // so the order holds even when the clock has not moved between completions.
  Millis created = now();
  compensations_.for_each([&](const EventSubscriptionRecord& s) { created = std::max(created, s.created + 1); });
  EventSubscriptionRecord s;
  s.id = own_id;
  s.kind = "compensate";
  s.process_instance_id = instance_.id;
  s.execution_id = scope_id;
  s.activity_id = el.id;
  s.definition_id = process_->id;
  s.created = created;
  compensations_.insert(std::move(s));
}

void InstanceRun::drop_compensations_of(const std::string& scope_id) {
  for (const EventSubscriptionRecord* s : compensations_.select(
           [&](const EventSubscriptionRecord& s) { return s.execution_id == scope_id; })) {
    std::string id = s->id;
    compensations_.erase(id);
    // The inner subscriptions and variables kept for a compensation event subprocess.
    drop_compensations_of(id);
    erase_scope_variables(id);
  }
}

Status InstanceRun::throw_compensation(const std::string& execution_id, const bpmn::Element& ev) {
  const std::string scope_id = execution(execution_id).parent_id;
  const std::string& ref = ev.event.activity_ref;
  std::vector<EventSubscriptionRecord> subs;
  compensations_.for_each([&](const EventSubscriptionRecord& s) {
    if (s.execution_id != scope_id) return;
    if (!ref.empty() && s.activity_id != ref && s.event_name != ref) return;
    subs.push_back(s);
  });
  if (subs.empty()) return complete_element(execution_id);  // nothing to compensate
  return start_compensation_handlers(execution_id, std::move(subs));
}

Status InstanceRun::start_compensation_handlers(const std::string& execution_id,
                                                std::vector<EventSubscriptionRecord> subs) {
  std::sort(subs.begin(), subs.end(), [](const auto& a, const auto& b) {
    return a.created != b.created ? a.created > b.created : a.id > b.id;
  });
  // The throwing token becomes the scope of the handlers: when the last one ends, it
  // continues (scope_child_ended → complete_element, or compensation_finished).
  modify_execution(execution_id).state = State::kScope;
  for (const auto& s : subs) {
    compensations_.erase(s.id);
    const bpmn::Element* activity = model().find(s.activity_id);
    const bpmn::Element* boundary = activity ? compensation_boundary(model(), *activity) : nullptr;
    const bpmn::Element* esp = activity && !boundary ? compensation_event_subprocess(model(), *activity) : nullptr;
    if (esp) {
      if (auto st = start_compensation_event_subprocess(execution_id, s.id, *esp); !st) return st;
      continue;
    }
    if (!boundary) {
      return Error::invalid("activity '" + s.activity_id + "' has no compensation handler in this version of " +
                            process_->key);
    }
    add_token(execution_id, boundary->compensation_handler);
  }
  return {};
}

Status InstanceRun::start_compensation_event_subprocess(const std::string& execution_id,
                                                        const std::string& subscription_id,
                                                        const bpmn::Element& esp) {
  const bpmn::Element* start = nullptr;
  for (bpmn::ElementIndex c : esp.children) {
    if (element(c).kind == ElementKind::kStartEvent) start = &element(c);
  }
  if (!start) return Error::invalid("event subprocess '" + esp.id + "' has no start event");
  auto scope = begin_event_subprocess(execution_id, esp);  // event_subprocess.cpp
  if (!scope) return scope.error();
  const std::string sub_id = *scope;
  // The subprocess's inner subscriptions become the event subprocess's to compensate, and its
  // local variables the event subprocess's.
  for (const EventSubscriptionRecord* s : compensations_.select(
           [&](const EventSubscriptionRecord& s) { return s.execution_id == subscription_id; })) {
    std::string id = s->id;
    compensations_.modify(id)->execution_id = sub_id;
  }
  std::vector<std::string> kept;
  variables_.for_each([&](const VariableRecord& v) {
    if (v.scope_id == subscription_id && v.task_id.empty()) kept.push_back(v.id);
  });
  for (const auto& id : kept) variables_.modify(id)->scope_id = sub_id;
  add_token(sub_id, start->index);
  return {};
}

Status InstanceRun::cancel_transaction(const std::string& execution_id, const bpmn::Element& end_event) {
  const std::string tx_id = execution(execution_id).parent_id;
  const ExecutionRecord* tx = executions_.find(tx_id);
  const bpmn::Element* tx_el = tx ? model().find(tx->activity_id) : nullptr;
  if (!tx_el || tx_el->kind != ElementKind::kTransaction) {
    return Error::invalid("cancel end event '" + end_event.id + "' is not inside a transaction");
  }
  // The transaction's other tokens end first; then its completed work is compensated.
  for (const ExecutionRecord* c : children_of(tx_id)) {
    if (c->id != execution_id) cancel_execution_tree(c->id, "deleted");
  }
  std::vector<EventSubscriptionRecord> subs;
  compensations_.for_each([&](const EventSubscriptionRecord& s) {
    if (s.execution_id == tx_id) subs.push_back(s);
  });
  if (subs.empty()) {
    compensation_finished(execution_id);  // a failure lands in pending_error_ (run() returns it)
    return {};
  }
  return start_compensation_handlers(execution_id, std::move(subs));
}

bool InstanceRun::compensation_finished(const std::string& execution_id) {
  const ExecutionRecord& e = execution(execution_id);
  const bpmn::Element* el = model().find(e.activity_id);
  if (!el || el->kind != ElementKind::kEndEvent || el->event.kind != EventKind::kCancel) return false;
  // The cancel end event is done; the transaction is interrupted by its cancel boundary.
  const std::string tx_id = e.parent_id;
  const ExecutionRecord* tx = executions_.find(tx_id);
  const bpmn::Element* tx_el = tx ? model().find(tx->activity_id) : nullptr;
  const bpmn::Element* boundary = nullptr;
  if (tx_el) {
    for (bpmn::ElementIndex b : tx_el->boundary_events) {
      if (element(b).event.kind == EventKind::kCancel) boundary = &element(b);
    }
  }
  end_activity(e, false);
  executions_.erase(execution_id);
  if (!boundary) {
    pending_error_ = Error::invalid("transaction of cancel end event '" + el->id + "' has no cancel boundary event");
    return true;
  }
  if (auto st = deliver_event(tx_id, *boundary, {}); !st) pending_error_ = st.error();
  return true;
}

}  // namespace dpc::engine
