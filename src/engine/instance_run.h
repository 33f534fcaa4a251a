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
#include <set>
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
#include "work_rules.h"

namespace dpc::engine {

using ClockFn = std::function<Millis()>;

// The compensation event subprocess of subprocess `el`, or nullptr (compensation.cpp).
const bpmn::Element* compensation_event_subprocess(const bpmn::ProcessDefinition& m, const bpmn::Element& el);

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
  // Sets the assignee of a user task ("" = none) and fires its update and assignment
  // listeners when it changed (task_assignment.cpp). With `claimer`, kConflict when another
  // user holds the task.
  Status assign_task(const std::string& task_id, const std::string& assignee,
                     const std::optional<std::string>& claimer);
  // Sets `variables` through the task's execution, then lets `edit` change the task and
  // fires update (and assignment, when the assignee changed) listeners (task_edit.cpp).
  Status edit_task(const std::string& task_id, const std::function<Status(TaskRecord&)>& edit,
                   const VariableMap& variables);
  // A worker reported a BPMN error for an external task: routed to a matching error
  // boundary event of the activity or an enclosing catcher (find_catch), else to the caller;
  // without any the task gets an incident and waits.
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
  // An error end event (error_events.cpp): the nearest enclosing catcher (an error event
  // subprocess, or an error boundary event of an enclosing subprocess; see find_catch) is
  // triggered; with none, the calling instance may catch it (call_activity_events.cpp), else
  // the token just ends, as a none end event (Camunda 7's default for an uncaught BPMN error).
  Status throw_error(const std::string& execution_id, const bpmn::Element& end_event);
  // Escalation throw and end events (escalation_events.cpp): the nearest enclosing catcher
  // (event subprocess start or boundary event, exact code before catch-all) is triggered;
  // an uncaught escalation has no effect and the token continues.
  Status throw_escalation(const std::string& execution_id, const bpmn::Element& event);
  // Where an error or escalation thrown at `from_execution` is caught (error_events.cpp):
  // walking up the scopes, at each the event subprocesses of the scope, then its host's
  // boundary events, an exact code before a catch-all. `own_boundaries`: the boundary events
  // of `from_execution`'s own activity come first (external task, call activity).
  struct Catch {
    std::string execution_id;            // the scope (event subprocess) or host (boundary)
    const bpmn::Element* event = nullptr;  // the start or boundary event that catches
  };
  std::optional<Catch> find_catch(const std::string& from_execution, bpmn::EventKind kind,
                                  const std::string& code, bool own_boundaries) const;
  // Sets the code/message variables of the catching event and triggers it (agenda only).
  Status deliver_catch(const Catch& c, const std::string& code, const std::string& message,
                       const VariableMap& variables);
  // Event subprocesses (event_subprocess.cpp). A scope execution (the root, a subprocess, an
  // event subprocess) holds the start events of its event subprocesses while it is active:
  // message/signal subscriptions, timer jobs; interrupted once an interrupting one started.
  std::vector<const bpmn::Element*> event_subprocess_starts(const ExecutionRecord& scope) const;
  Status arm_event_subprocesses(const std::string& scope_id);
  // The scope execution of event subprocess `esp` under `parent_id`: its activity begun, input
  // mappings applied, its own event subprocesses armed. Returns the new execution's id.
  Result<std::string> begin_event_subprocess(const std::string& parent_id, const bpmn::Element& esp);
  // Starts the event subprocess of `start` in scope `scope_id` (agenda only): an
  // interrupting one cancels everything else in the scope first. kNotFound when the scope no
  // longer listens for it.
  Status trigger_event_subprocess(const std::string& scope_id, const bpmn::Element& start,
                                  const VariableMap& variables);
  // BPMN errors and escalations crossing call activities (call_activity_events.cpp). A called
  // instance that does not catch one itself leaves the throwing token waiting and records a
  // PropagatedEvent; CallActivityStore offers it to the callers (called_instance_threw),
  // and when none interrupted the call, the token resumes (resume_propagated).
  enum class CallerCatch { kUncaught, kInterrupted, kContinued };
  Result<CallerCatch> called_instance_threw(const std::string& call_execution_id,
                                           const PropagatedEvent& event);
  Status resume_propagated(const PropagatedEvent& event);
  // Compensation (compensation.cpp). A compensation throw or end event runs the handlers of
  // the completed activities of its scope (or of activityRef only), newest first, as
  // children of its token, which waits until they have all ended; a cancel end event in a
  // transaction cancels the transaction's other tokens, compensates, and leaves by the
  // transaction's cancel boundary event.
  Status throw_compensation(const std::string& execution_id, const bpmn::Element& event);
  Status cancel_transaction(const std::string& execution_id, const bpmn::Element& end_event);
  // Link events (link_events.cpp): the token goes on at the link catch event of its scope.
  Status follow_link(const std::string& execution_id, const bpmn::Element& throw_event);
  // Conditional events (conditional_events.cpp): evaluates the conditional events the token
  // `execution_id` waits for (its catch event, the ones after its event-based gateway, its
  // activity's boundary events) and triggers those that hold. `changed` (variable name →
  // "create"/"update"/"delete"): only events whose camunda:variableName/variableEvents match
  // (nullptr: the token starts waiting, every event is evaluated).
  using VariableChanges = std::map<std::string, std::set<std::string>>;
  Status evaluate_conditions_of(const std::string& execution_id, const VariableChanges* changed = nullptr);
  // The conditional start events of the event subprocesses of a scope that just started
  // (arm_event_subprocesses): those that hold start at once.
  Status evaluate_event_subprocess_conditions(const std::string& scope_id);
  // After variables were set from outside (REST): re-evaluates conditional events and runs on.
  Status variables_changed();
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
  // Cancels the whole instance (REST delete): every activity ends as canceled, with its end
  // (and task delete) listeners, then the process end listeners, as in Camunda; an error of
  // a listener fails the command.
  Status cancel(const std::string& reason);
  // Camunda's skipCustomListeners (modification, delete): no execution or task listener
  // fires for the rest of this command (listeners.cpp).
  void skip_custom_listeners() { skip_custom_listeners_ = true; }
  bool skipping_custom_listeners() const { return skip_custom_listeners_; }

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
  // The rules for this instance's jobs and external tasks changed from outside their element
  // (failures, retries, locks, due dates, incidents; work_rules.h), each change an engine
  // event of the element (instance_commands.cpp).
  WorkRules work();

  ChangeSet changes() const;

  // ---- used by the element behaviours ----
  Millis now() const { return clock_(); }
  const bpmn::Element& element(bpmn::ElementIndex i) const { return model().elements[i]; }
  const bpmn::ProcessDefinition& model() const { return *process_->model; }
  const ExecutionRecord& execution(const std::string& id) const;
  ExecutionRecord& modify_execution(const std::string& id);
  // A new active execution (a token or a scope) under `parent_id`.
  ExecutionRecord& add_execution(const std::string& parent_id);
  // A new token under `parent_id` that runs `element` next.
  void add_token(const std::string& parent_id, bpmn::ElementIndex element);
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
  // The timer jobs of the timeout task listeners of a new user task (task_timeout.cpp).
  Status schedule_task_timeouts(const std::string& task_id);
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
  // The user task and external task of the token (delete listeners, task history) end.
  void cancel_work_of(const std::string& execution_id, const std::string& reason);
  // An interrupting boundary event fired: the host activity (its task, external task, inner
  // tokens) is cancelled and its token continues from the boundary event (agenda only).
  void interrupt_host(const std::string& execution_id, bpmn::ElementIndex boundary_event);
  std::vector<const ExecutionRecord*> children_of(const std::string& scope_id) const;
  void scope_child_ended(const std::string& scope_id);
  bool can_reach(bpmn::ElementIndex from, bpmn::ElementIndex to) const;
  const bpmn::Element* start_event_in(bpmn::ElementIndex scope) const;
  void emit(const ExecutionRecord& e, const bpmn::Element& el, const char* event);
  // Logs a sequence flow taken (engine_event "take"), for the path a case took.
  void emit_flow_taken(const bpmn::SequenceFlow& flow);
  static std::string changed_by();
  static std::string describe_for_listeners(const bpmn::Element& el);
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
  // Timeout task listeners (task_timeout.cpp): a timer job per listener when the task is
  // created; fire_job hands such jobs to fire_task_timeout.
  static bool is_task_timeout_job(const JobRecord& job);
  Status fire_task_timeout(const JobRecord& job);

  std::shared_ptr<const DeployedProcess> process_;
  ClockFn clock_;
  DecisionSource* decisions_ = nullptr;
  std::optional<DecisionLookup> missing_decision_;
  ProcessInstanceRecord instance_;
  bool is_new_ = false;
  bool instance_dirty_ = false;
  bool ended_ = false;
  bool process_start_listeners_fired_ = false;  // listeners.cpp, fired by the first run()
  TrackedTable<ExecutionRecord> executions_;
  TrackedTable<TaskRecord> tasks_;
  TrackedTable<ExternalTaskRecord> external_tasks_;
  TrackedTable<VariableRecord> variables_;
  TrackedTable<IncidentRecord> incidents_;
  std::vector<ResolvedIncident> incidents_resolved_;
  TrackedTable<JobRecord> jobs_;
  std::deque<Step> agenda_;
  std::vector<CallRequest> call_requests_;        // call activities reached (call_activity.cpp)
  std::vector<std::string> canceled_calls_;       // call activities canceled: their executions
  bool skip_custom_listeners_ = false;
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
  std::vector<PropagatedEvent> propagated_;  // to the caller (call_activity_events.cpp)
  Status propagate_to_caller(const std::string& execution_id, bool error, const std::string& code,
                             const std::string& message);
  bool scope_interrupted(const ExecutionRecord& scope) const;
  Status fire_event_subprocess_timer(const JobRecord& job, const bpmn::Element& start);
  void schedule_next_cycle(const JobRecord& job, const std::string& next_cycle, Millis next_due);
  Status unhandled_bpmn_error(const std::string& task_id, const std::string& code,
                              const std::string& message);
  // Queues the effect of a message/signal without running the agenda (event_triggers.cpp).
  Status deliver_event(const std::string& execution_id, const bpmn::Element& ev,
                       const VariableMap& variables);
  void add_subscription_changes(ChangeSet& c) const;
  // Event-based gateway (event_gateway.cpp): the token waiting at the gateway moves to the
  // event `target` that arrived first; the gateway's timers and subscriptions go with it.
  bool waits_at_event_gateway_for(const ExecutionRecord& e, const bpmn::Element& target) const;
  Status pass_event_gateway(const std::string& execution_id, const bpmn::Element& target);
  // Compensation (compensation.cpp): an activity completing registers its subscription (a
  // subprocess hands its inner ones to its own scope); a cancelled scope drops its own;
  // compensation_finished continues a token whose handlers have all ended (true when it did).
  TrackedTable<EventSubscriptionRecord> compensations_;
  void record_compensation(const std::string& execution_id, const bpmn::Element& el);
  void drop_compensations_of(const std::string& scope_id);
  Status start_compensation_handlers(const std::string& execution_id, std::vector<EventSubscriptionRecord> subs);
  bool compensation_finished(const std::string& execution_id);
  // Runs the compensation event subprocess `esp` of the completed subprocess whose
  // subscription is `subscription_id` as a child of the throwing token.
  Status start_compensation_event_subprocess(const std::string& execution_id, const std::string& subscription_id,
                                             const bpmn::Element& esp);
  // Conditional events (conditional_events.cpp): variable_updates_ up to conditions_seen_
  // were checked; each waiting token was evaluated with the updates before its index.
  // With event_subprocesses, a scope's conditional event subprocess starts too.
  std::vector<const bpmn::Element*> conditional_events_of(const ExecutionRecord& e,
                                                          bool event_subprocesses = true) const;
  Status trigger_conditional_events(const std::string& execution_id,
                                    const std::vector<const bpmn::Element*>& events,
                                    const VariableChanges* changed);
  Status react_to_variable_changes();
  size_t conditions_seen_ = 0;
  std::map<std::string, size_t> conditions_evaluated_at_;
};

}  // namespace dpc::engine
