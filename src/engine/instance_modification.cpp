// Process instance modification (Camunda's ModifyProcessInstanceCmd, in dpc's shape): the
// instructions run in the given order in one command.
//
// cancel: the activity instances (or async-waiting tokens) go as canceled, with everything
// inside them (tasks, jobs, called instances). A subprocess or multi-instance body left with
// no token is canceled as well; the process instance itself is only looked at after the last
// instruction, so "cancel A, start before B" moves a token. An instance with no token left
// then ends as EXTERNALLY_TERMINATED, as Camunda's does.
//
// start: a new token starts in the flow scope of the target. That scope's instance is the
// one named by ancestorActivityInstanceId (or the only one there is); a missing subprocess
// scope is instantiated around the token (without its start event). The token runs like any
// other until it rests: asyncBefore makes a job, a user task waits, and so on.
#include <algorithm>
#include <set>

#include "instance_run.h"

namespace dpc::engine {

using State = ExecutionRecord::State;
using Type = ModificationInstruction::Type;

namespace {

constexpr const char* kMultiInstanceBody = "#multiInstanceBody";
constexpr const char* kCancelReason = "Cancellation due to process instance modification";

const char* type_name(Type t) {
  switch (t) {
    case Type::kCancel: return "cancel";
    case Type::kStartBeforeActivity: return "startBeforeActivity";
    case Type::kStartAfterActivity: return "startAfterActivity";
    case Type::kStartTransition: return "startTransition";
  }
  return "?";
}

}  // namespace

Status InstanceRun::modify(const InstanceModification& m) {
  // For everything this command does: the activities it cancels and starts, and where the
  // new tokens run on to (Camunda's skipCustomListeners covers the whole command too).
  if (m.skip_custom_listeners) skip_custom_listeners();
  for (size_t i = 0; i < m.instructions.size(); ++i) {
    const ModificationInstruction& in = m.instructions[i];
    const std::string where = "Cannot perform instruction " + std::to_string(i + 1) + " (" +
                              type_name(in.type) + "): ";
    if (ended_) return Error::invalid(where + "process instance " + instance_.id + " has ended");
    Status st = in.type == Type::kCancel ? modification_cancel(in, where)
                                         : modification_start(in, where, m.skip_io_mappings);
    if (!st) return st;
    if (pending_error_) return *pending_error_;
  }
  if (!ended_ && children_of(instance_.id).empty()) {
    instance_.delete_reason = kCancelReason;
    finish_instance("", "EXTERNALLY_TERMINATED");
  }
  return {};
}

Status InstanceRun::modification_cancel(const ModificationInstruction& in, const std::string& where) {
  std::vector<std::string> targets;
  if (!in.activity_instance_id.empty()) {
    // An activity instance; an async-waiting token shows in the activity instance tree under
    // its execution id, so that id is taken as well.
    executions_.for_each([&](const ExecutionRecord& e) {
      if (e.id == instance_.id) return;
      if (e.activity_instance_id == in.activity_instance_id ||
          (e.activity_instance_id.empty() && e.id == in.activity_instance_id)) {
        targets.push_back(e.id);
      }
    });
    if (targets.empty()) {
      return Error::invalid(where + "activity instance '" + in.activity_instance_id +
                            "' does not exist in process instance " + instance_.id);
    }
  } else if (!in.transition_instance_id.empty()) {
    const ExecutionRecord* e = executions_.find(in.transition_instance_id);
    if (!e || e->id == instance_.id || !e->activity_instance_id.empty() || e->state != State::kWaiting) {
      return Error::invalid(where + "transition instance '" + in.transition_instance_id +
                            "' does not exist in process instance " + instance_.id);
    }
    targets.push_back(e->id);
  } else if (!in.activity_id.empty()) {
    std::string activity = in.activity_id;
    if (activity.ends_with(kMultiInstanceBody)) activity.resize(activity.size() - std::string(kMultiInstanceBody).size());
    if (!model().find(activity)) {
      return Error::invalid(where + "activity '" + in.activity_id + "' does not exist in process '" +
                            process_->key + "'");
    }
    executions_.for_each([&](const ExecutionRecord& e) {
      if (e.id != instance_.id && e.activity_id == activity) targets.push_back(e.id);
    });
  } else {
    return Error::invalid(where + "cancel needs an activityId, activityInstanceId or transitionInstanceId");
  }
  // Only the outermost of the matches: the others go with them.
  std::set<std::string> matched(targets.begin(), targets.end());
  for (const std::string& id : targets) {
    if (!executions_.find(id)) continue;
    bool inner = false;
    for (const ExecutionRecord* p = executions_.find(execution(id).parent_id); p && !inner;
         p = executions_.find(p->parent_id)) {
      inner = matched.count(p->id) > 0;
    }
    if (inner) continue;
    std::string scope = execution(id).parent_id;
    // An inner instance of a parallel multi-instance activity: the body counts one instance
    // less (as Camunda's destroyInnerInstance), so that it completes when the others have.
    const bpmn::Element* el = model().find(execution(id).activity_id);
    if (el && el->multi_instance && !el->multi_instance->sequential &&
        is_multi_instance_inner(execution(id), *el)) {
      for (const char* counter : {"nrOfInstances", "nrOfActiveInstances"}) {
        auto v = get_variable(scope, counter);
        std::int64_t n = v ? v->integer : 0;
        set_variable_local(scope, counter, TypedValue::long_value(std::max<std::int64_t>(0, n - 1), ValueType::kInteger));
      }
    }
    cancel_execution_tree(id, kCancelReason);
    // A scope left without tokens goes too (up to, not including, the process instance).
    while (scope != instance_.id && children_of(scope).empty()) {
      std::string parent = execution(scope).parent_id;
      cancel_execution_tree(scope, kCancelReason);
      scope = parent;
    }
  }
  // Jobs of tokens that are gone (async continuations have no activity instance to end).
  std::vector<std::string> stale;
  jobs_.for_each([&](const JobRecord& j) {
    if (!j.execution_id.empty() && !executions_.find(j.execution_id)) stale.push_back(j.id);
  });
  for (const auto& id : stale) jobs_.erase(id);
  return {};
}

Status InstanceRun::modification_start(const ModificationInstruction& in, const std::string& where,
                                       bool skip_io_mappings) {
  bpmn::ElementIndex target = bpmn::kNone;
  std::string flow_id;
  if (in.type == Type::kStartTransition) {
    if (in.transition_id.empty()) return Error::invalid(where + "transitionId is required");
    for (const bpmn::SequenceFlow& f : model().flows) {
      if (f.id == in.transition_id) {
        target = f.target;
        flow_id = f.id;
      }
    }
    if (target == bpmn::kNone) {
      return Error::invalid(where + "sequence flow '" + in.transition_id + "' does not exist in process '" +
                            process_->key + "'");
    }
  } else {
    if (in.activity_id.empty()) return Error::invalid(where + "activityId is required");
    std::string activity = in.activity_id;
    if (activity.ends_with(kMultiInstanceBody)) activity.resize(activity.size() - std::string(kMultiInstanceBody).size());
    const bpmn::Element* el = model().find(activity);
    if (!el) {
      return Error::invalid(where + "activity '" + in.activity_id + "' does not exist in process '" +
                            process_->key + "'");
    }
    target = el->index;
    if (in.type == Type::kStartAfterActivity) {
      if (el->outgoing.size() != 1) {
        return Error::invalid(where + "activity '" + el->id + "' has " + std::to_string(el->outgoing.size()) +
                              " outgoing sequence flows; startAfterActivity needs exactly one");
      }
      const bpmn::SequenceFlow& f = model().flows[el->outgoing.front()];
      target = f.target;
      flow_id = f.id;
    }
  }
  auto scope = modification_scope(element(target).parent, in.ancestor_activity_instance_id, where,
                                  skip_io_mappings);
  if (!scope) return scope.error();
  const std::string token_id = add_execution(*scope).id;
  for (const auto& [name, value] : in.local_variables) set_variable_local(token_id, name, value);
  for (const auto& [name, value] : in.variables) set_variable(token_id, name, value);
  for (const bpmn::SequenceFlow& f : model().flows) {
    if (!flow_id.empty() && f.id == flow_id) emit_flow_taken(f);  // the path shows the jump
  }
  Step step{token_id, target, flow_id};
  step.skip_io_mappings = skip_io_mappings;
  agenda_.push_back(step);
  return run();
}

Result<std::string> InstanceRun::modification_scope(bpmn::ElementIndex scope_el,
                                                    const std::string& ancestor,
                                                    const std::string& where, bool skip_io_mappings) {
  const ExecutionRecord* within = nullptr;
  if (!ancestor.empty()) {
    if (ancestor == instance_.id) {
      within = executions_.find(instance_.id);
    } else {
      executions_.for_each([&](const ExecutionRecord& e) {
        if (e.activity_instance_id == ancestor && e.state == State::kScope) within = &e;
      });
    }
    if (!within) {
      return Error::invalid(where + "ancestor activity instance '" + ancestor +
                            "' does not exist in process instance " + instance_.id);
    }
  }
  if (scope_el == bpmn::kNone) {
    if (within && within->id != instance_.id) {
      return Error::invalid(where + "ancestor activity instance '" + ancestor +
                            "' is not an ancestor of the target's flow scope");
    }
    return instance_.id;
  }
  const bpmn::Element& sub = element(scope_el);
  auto inside = [&](const ExecutionRecord& e) {
    if (!within) return true;
    for (const ExecutionRecord* p = &e; p; p = p->parent_id.empty() ? nullptr : executions_.find(p->parent_id)) {
      if (p->id == within->id) return true;
    }
    return false;
  };
  std::vector<std::string> candidates;
  executions_.for_each([&](const ExecutionRecord& e) {
    if (e.activity_id != sub.id || e.state != State::kScope) return;
    if (sub.multi_instance && !is_multi_instance_inner(e, sub)) return;  // the body: its inner ones are scopes
    if (inside(e)) candidates.push_back(e.id);
  });
  if (candidates.size() == 1) return candidates.front();
  if (candidates.size() > 1) {
    return Error::invalid(where + "scope '" + sub.id + "' has " + std::to_string(candidates.size()) +
                          " instances: name one with ancestorActivityInstanceId");
  }
  if (sub.multi_instance) {
    return Error::invalid(where + "multi-instance subprocess '" + sub.id +
                          "' has no instance to start in: start the subprocess itself instead");
  }
  // No instance of the scope yet: instantiate it (and its missing ancestors) around the token.
  auto parent = modification_scope(sub.parent, ancestor, where, skip_io_mappings);
  if (!parent) return parent.error();
  ExecutionRecord& e = add_execution(*parent);
  const std::string scope_id = e.id;
  begin_activity(e, sub);
  e.state = State::kScope;
  if (!skip_io_mappings) {
    if (auto st = apply_input_mappings(scope_id, sub); !st) return st.error();
  }
  if (!sub.boundary_events.empty()) {
    if (auto st = schedule_boundary_timers(scope_id, sub); !st) return st.error();
  }
  // Its event subprocesses listen while it is active (event_subprocess.cpp).
  if (auto st = arm_event_subprocesses(scope_id); !st) return st.error();
  return scope_id;
}

}  // namespace dpc::engine
