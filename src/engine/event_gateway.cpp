// The event-based gateway: the token waits at the gateway with the subscriptions (message,
// signal: event_triggers.cpp) and timer jobs of the catch events and receive tasks after
// it. The first event to arrive wins: the token moves to that event, which completes at
// once; ending the gateway deletes the other timer jobs, and rewriting the execution
// replaces its subscriptions, all in the same transaction. Two events arriving together
// cannot both win: every command locks the instance row first and checks again from the
// locked state (message correlation re-derives the subscriptions, a job that was deleted
// is not fired).
#include "element_behavior.h"
#include "instance_run.h"

namespace dpc::engine {

namespace {
using State = ExecutionRecord::State;
}  // namespace

Status event_based_gateway(InstanceRun& run, const std::string& id, const bpmn::Element& el) {
  for (bpmn::FlowIndex fi : el.outgoing) {
    const bpmn::Element& target = run.element(run.model().flows[fi].target);
    if (target.kind == bpmn::ElementKind::kIntermediateCatchEvent && target.event.kind == bpmn::EventKind::kTimer) {
      if (auto st = run.create_timer_job(id, target); !st) return st;
    }
  }
  run.wait(id);
  return run.evaluate_conditions_of(id);  // a conditional event after it may hold already
}

bool InstanceRun::waits_at_event_gateway_for(const ExecutionRecord& e, const bpmn::Element& target) const {
  if (e.state != State::kWaiting || e.activity_id.empty()) return false;
  const bpmn::Element* at = model().find(e.activity_id);
  if (!at || at->kind != bpmn::ElementKind::kEventBasedGateway) return false;
  for (bpmn::FlowIndex fi : at->outgoing) {
    if (model().flows[fi].target == target.index) return true;
  }
  return false;
}

Status InstanceRun::pass_event_gateway(const std::string& execution_id, const bpmn::Element& target) {
  const ExecutionRecord& e = execution(execution_id);
  const bpmn::Element& gateway = *model().find(e.activity_id);
  std::string flow_id;
  const bpmn::SequenceFlow* taken = nullptr;
  for (bpmn::FlowIndex fi : gateway.outgoing) {
    if (model().flows[fi].target == target.index) taken = &model().flows[fi];
  }
  if (taken) flow_id = taken->id;
  end_activity(e, false);  // with the gateway's timer jobs
  if (taken) emit_flow_taken(*taken);
  ExecutionRecord& moved = modify_execution(execution_id);
  moved.state = State::kActive;
  moved.incoming_flow_id = flow_id;
  begin_activity(moved, target);
  return apply_input_mappings(execution_id, target);  // io_mapping.cpp
}

}  // namespace dpc::engine
