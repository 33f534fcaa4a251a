// InstanceRun: executes one process instance inside one command. It holds the instance's
// runtime rows (loaded, or new), runs element behaviours until every token rests in a wait
// state or has ended, and records what changed (ChangeSet). One per command, one thread.
//
// Expected failures (a condition that does not evaluate, no outgoing flow to take, an
// element dpc cannot run yet) are returned as Errors; the caller then rolls the command
// back, so nothing of it is stored.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/decision_source.h"
#include "dpc/engine/deployed_process.h"
#include "dpc/engine/instance_modification.h"
#include "dpc/engine/runtime_store.h"
#include "dpc/juel/value.h"
#include "tracked_table.h"

namespace dpc::engine {

using ClockFn = std::function<Millis()>;

class InstanceRun {
 public:
  InstanceRun(std::shared_ptr<const DeployedProcess> process, ClockFn clock);

  // A new instance; call start() next.
  void create(std::string business_key);
  // An existing instance, from its locked rows.
  void load(InstanceSnapshot snapshot);

  // Commands.
  Status start(const VariableMap& variables);
  Status complete_task(const std::string& task_id, const VariableMap& variables,
                       const VariableMap& local_variables);
  Status complete_external_task(const std::string& id, const VariableMap& variables,
                                const VariableMap& local_variables);
  // A worker reported a BPMN error for an external task: routed to a matching error
  // boundary event of the activity; without one the task gets an incident and waits.
  Status external_task_bpmn_error(const std::string& id, const std::string& error_code,
                                  const std::string& message, const VariableMap& variables);
  // A message reached a receive task waiting in `execution_id`.
  Status trigger_receive_task(const std::string& execution_id, const VariableMap& variables);
  // Messages and signals (event_triggers.cpp). An event reached the catch event, receive
  // task or boundary event `event_id` for the token `execution_id` (a boundary event's host
  // token): a catch event or receive task completes; a boundary event interrupts its host
  // or starts a second token. kNotFound when the token no longer waits there.
  Status trigger_event(const std::string& execution_id, const std::string& event_id,
                       const VariableMap& variables);
  // A new instance (after create()) started at a message or signal start event.
  Status start_at(bpmn::ElementIndex start_event, const VariableMap& variables);
  // The message/signal subscriptions of an execution as it is now.
  std::vector<EventSubscriptionRecord> subscriptions_of(const ExecutionRecord& e) const;
  // Signal throw: this instance's subscriptions are triggered in this command; the signal
  // is recorded (thrown_signals) for other instances, reached after the commit.
  Status throw_signal(const std::string& execution_id, const std::string& name);
  const std::vector<ThrownSignal>& thrown_signals() const { return thrown_signals_; }
  // An error end event (error_events.cpp): the nearest enclosing subprocess with a matching
  // error boundary event is interrupted and its token continues there; with none, the token
  // just ends, as a none end event (Camunda 7's default for an uncaught BPMN error).
  Status throw_error(const std::string& execution_id, const bpmn::Element& end_event);
  // Fires a timer job (timer_events.cpp): an intermediate timer catch event completes; a
  // boundary timer interrupts its host (cancelActivity) or starts a second token. kNotFound
  // when the job is gone; ok without effect when its token has moved on.
  Status fire_job(const std::string& job_id);
  // Process instance modification (instance_modification.cpp): the instructions in order;
  // the instance ends (EXTERNALLY_TERMINATED) when no token is left. kInvalidArgument names
  // an unknown activity, flow or activity/transition instance.
  Status modify(const InstanceModification& modification);
  // Suspends or activates the instance with its tasks and external tasks.
  void set_suspended(bool suspended);
  // Cancels the whole instance (REST delete): every activity ends as canceled.
  void cancel(const std::string& reason);

  // Variables. `scope_id` is an execution id (the instance id for process variables).
  // set_variable writes where the name is already defined up the scope chain, else on the
  // process instance, as Camunda's setVariable does.
  void set_variable(const std::string& execution_id, const std::string& name, TypedValue value);
  void set_variable_local(const std::string& scope_id, const std::string& name,
                          TypedValue value, const std::string& task_id = "");
  bool remove_variable_local(const std::string& scope_id, const std::string& name);
  std::optional<TypedValue> get_variable(const std::string& execution_id,
                                         const std::string& name) const;
  // The variables visible from an execution, nearest scope first winning.
  VariableMap visible_variables(const std::string& execution_id) const;
  VariableMap local_variables(const std::string& scope_id, const std::string& task_id = "") const;
  // The process variables now, or as they were when the instance ended in this command.
  VariableMap result_variables() const;

  const ProcessInstanceRecord& instance() const { return instance_; }
  const DeployedProcess& process() const { return *process_; }
  bool ended() const { return ended_; }
  const TrackedTable<TaskRecord>& tasks() const { return tasks_; }
  const TrackedTable<ExternalTaskRecord>& external_tasks() const { return external_tasks_; }
  const TrackedTable<ExecutionRecord>& executions() const { return executions_; }
  const TrackedTable<JobRecord>& jobs() const { return jobs_; }
  TaskRecord* modify_task(const std::string& id);
  ExternalTaskRecord* modify_external_task(const std::string& id);
  void record_task_history_update(const TaskRecord& task);

  ChangeSet changes() const;

  // ---- used by the element behaviours ----
  Millis now() const { return clock_(); }
  const bpmn::Element& element(bpmn::ElementIndex i) const { return model().elements[i]; }
  const bpmn::ProcessDefinition& model() const { return *process_->model; }
  const ExecutionRecord& execution(const std::string& id) const;
  ExecutionRecord& modify_execution(const std::string& id);
  // Evaluates an expression as seen from an execution (variables up its scope chain,
  // `execution`, and `task` when given).
  Result<juel::Value> evaluate(const juel::Expression& e, const std::string& execution_id,
                               const TaskRecord* task = nullptr) const;
  // Leaves the current element of `execution_id` through these flows (a fork when several).
  void leave(const std::string& execution_id, const std::vector<bpmn::FlowIndex>& flows);
  // The token completed its element (pass-through or wait state done): take the outgoing
  // flows (conditions and default as for activities).
  Status complete_element(const std::string& execution_id);
  // No conditional flow was taken: the default flow, the end of the token when there is no
  // outgoing flow at all, else ENGINE-02004.
  Status leave_by_default(const std::string& execution_id, const bpmn::Element& el);
  // The token reached an end event: it ends, and its scope may complete.
  void end_token(const std::string& execution_id);
  // Terminate end event: cancels every other token in the scope and completes it.
  void terminate_scope(const std::string& execution_id);
  // Starts a subprocess scope on this token (the token becomes the scope).
  Status enter_subprocess(const std::string& execution_id);
  // camunda:inputOutput (io_mapping.cpp): inputs become local variables of the activity's
  // execution on entry; on completion outputs are evaluated there and set from the parent
  // scope, and the activity's local variables end.
  Status apply_input_mappings(const std::string& execution_id, const bpmn::Element& el);
  Status apply_output_mappings(const std::string& execution_id, const bpmn::Element& el);
  void erase_scope_variables(const std::string& scope_id);  // local ones, without history
  // Multi-instance (multi_instance.cpp): the arriving token becomes the body; inner
  // instances are its children at the same activity.
  bool is_multi_instance_inner(const ExecutionRecord& e, const bpmn::Element& el) const;
  Status start_multi_instance(const std::string& body_id, const bpmn::Element& el);
  Status multi_instance_inner_completed(const std::string& inner_id);
  // Call activities (call_activity.cpp). A called instance knows its caller; start_call is
  // the behaviour (a CallRequest for CallActivityStore, and the token waits);
  // called_instance_completed applies camunda:out and moves the waiting token on.
  void set_caller(const std::string& instance_id, const std::string& execution_id);
  Status start_call(const std::string& execution_id, const bpmn::Element& el);
  Status called_instance_completed(const std::string& execution_id,
                                   const VariableMap& called_variables);
  void wait(const std::string& execution_id) {
    modify_execution(execution_id).state = ExecutionRecord::State::kWaiting;
  }
  Status join(const std::string& execution_id, bool inclusive);
  TaskRecord& create_task(TaskRecord task);
  // Creates the timer job of a timer event element for the token `execution_id` (for a
  // boundary event: the host activity's token), due as its definition says.
  Status create_timer_job(const std::string& execution_id, const bpmn::Element& timer_event);
  ExternalTaskRecord& create_external_task(ExternalTaskRecord task);
  std::string new_id() const;
  // Decisions for business rule tasks (see DecisionSource). Without a source they cannot
  // run; a decision not in the cache is kUnavailable and recorded in missing_decision(),
  // so that the command can load it outside its transaction and run again.
  void set_decisions(DecisionSource* decisions) { decisions_ = decisions; }
  Result<std::shared_ptr<const DeployedDecision>> decision(const DecisionLookup& lookup);
  const std::optional<DecisionLookup>& missing_decision() const { return missing_decision_; }
  void record_decision(HistoricDecisionInstanceRecord h) { decision_instances_.push_back(std::move(h)); }

 private:
  struct Step {
    std::string execution_id;
    bpmn::ElementIndex element;
    std::string flow_id;
    bool async_done = false;  // its asyncBefore job ran: activate now (async_continuation.cpp)
    bool skip_io_mappings = false;  // started by a modification with skipIoMappings
  };
  Status run();  // activates queued tokens until none is left
  Status activate(const Step& step);
  void begin_activity(ExecutionRecord& e, const bpmn::Element& el);
  void end_activity(const ExecutionRecord& e, bool canceled);
  void cancel_execution_tree(const std::string& execution_id, const std::string& reason);
  std::vector<const ExecutionRecord*> children_of(const std::string& scope_id) const;
  void scope_child_ended(const std::string& scope_id);
  bool can_reach(bpmn::ElementIndex from, bpmn::ElementIndex to) const;
  const bpmn::Element* start_event_in(bpmn::ElementIndex scope) const;
  void emit(const ExecutionRecord& e, const bpmn::Element& el, const char* event);
  void finish_instance(const std::string& end_activity_id, const std::string& state);
  std::string scope_of(const std::string& execution_id) const;
  // Timer boundary events of an activity whose token now waits in it (timer_events.cpp).
  Status schedule_boundary_timers(const std::string& execution_id, const bpmn::Element& activity);
  void delete_jobs_of(const std::string& execution_id);
  Result<std::vector<juel::Value>> multi_instance_items(const std::string& body_id,
                                                        const bpmn::Element& el);
  void start_multi_instance_inner(const std::string& body_id, const bpmn::Element& el,
                                  std::int64_t loop_counter, const juel::Value& item);
  // Async continuations (async_continuation.cpp): the token waits for a job before an
  // asyncBefore element, or after an asyncAfter element has ended (leave_async_after: true
  // when it took over the leave); fire_async_job continues it.
  Status wait_async_before(const Step& step, const bpmn::Element& el);
  bool leave_async_after(const std::string& execution_id, const std::vector<bpmn::FlowIndex>& flows);
  Status fire_async_job(const JobRecord& job);
  // Modification steps (instance_modification.cpp); `where` prefixes error messages.
  Status modification_cancel(const ModificationInstruction& in, const std::string& where);
  Status modification_start(const ModificationInstruction& in, const std::string& where,
                            bool skip_io_mappings);
  // The execution of the flow scope `scope_el` (kNone: the instance) a new token starts in,
  // instantiated when there is none.
  Result<std::string> modification_scope(bpmn::ElementIndex scope_el, const std::string& ancestor,
                                         const std::string& where, bool skip_io_mappings);
  // Priority, exclusiveness and retries of a new job for `el` (camunda:jobPriority etc.).
  Status apply_job_settings(JobRecord& job, const bpmn::Element& el, const std::string& execution_id);

  std::shared_ptr<const DeployedProcess> process_;
  ClockFn clock_;
  DecisionSource* decisions_ = nullptr;
  std::optional<DecisionLookup> missing_decision_;
  ProcessInstanceRecord instance_;
  bool is_new_ = false;
  bool instance_dirty_ = false;
  bool ended_ = false;
  TrackedTable<ExecutionRecord> executions_;
  TrackedTable<TaskRecord> tasks_;
  TrackedTable<ExternalTaskRecord> external_tasks_;
  TrackedTable<VariableRecord> variables_;
  TrackedTable<IncidentRecord> incidents_;
  TrackedTable<JobRecord> jobs_;
  std::deque<Step> agenda_;
  std::vector<CallRequest> call_requests_;        // call activities reached (call_activity.cpp)
  std::vector<std::string> canceled_calls_;       // call activities canceled: their executions
  std::optional<Error> pending_error_;  // raised where no Status can be returned
  // Started in this command, in start order (index by id in activity_index_).
  std::vector<ActivityInstanceRecord> activities_new_;
  std::map<std::string, size_t> activity_index_;
  VariableMap final_variables_;  // the process variables at the moment the instance ended
  std::vector<ActivityInstanceRecord> activities_ended_;          // started before, ended now
  std::vector<HistoricTaskRecord> tasks_history_inserted_;
  std::map<std::string, HistoricTaskRecord> tasks_history_updated_;
  std::vector<VariableUpdateRecord> variable_updates_;
  std::vector<EngineEvent> events_;
  std::vector<HistoricDecisionInstanceRecord> decision_instances_;
  std::vector<ThrownSignal> thrown_signals_;
  // Queues the effect of a message/signal without running the agenda (event_triggers.cpp).
  Status deliver_event(const std::string& execution_id, const bpmn::Element& ev,
                       const VariableMap& variables);
  void add_subscription_changes(ChangeSet& c) const;
};

}  // namespace dpc::engine
