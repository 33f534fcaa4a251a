// One behaviour per element kind, registered in one table (see element_behaviors.cpp).
// on_activate runs when a token arrives at an element; it either completes the element at
// once (pass-through), or leaves the token waiting (user task, external task, receive task,
// join), or ends/forks the token. on_trigger runs when a wait state is completed from outside.
#pragma once

#include <optional>
#include <string>

#include "dpc/core/result.h"
#include "instance_run.h"

namespace dpc::engine {

struct ElementBehavior {
  Status (*on_activate)(InstanceRun& run, const std::string& execution_id,
                        const bpmn::Element& element) = nullptr;
};

// A business rule task with camunda:decisionRef (business_rule_task.cpp).
Status business_rule_task(InstanceRun& run, const std::string& execution_id,
                          const bpmn::Element& element);

// The decision a business rule task names when its decisionRef (and version) are literal
// text, for loading it before a command's transaction; nullopt when expressions decide.
std::optional<DecisionLookup> literal_decision_lookup(const bpmn::ServiceConfig& service,
                                                      const DeployedProcess& process,
                                                      const std::string& instance_tenant);

// An intermediate catch event: timers wait for their job (timer_events.cpp).
Status intermediate_catch_event(InstanceRun& run, const std::string& execution_id,
                                const bpmn::Element& element);

// Messages and signals (event_triggers.cpp): start events (none, message, signal, timer)
// pass through; message/signal catch events wait for their subscription, others go to
// intermediate_catch_event; signal throw and end events broadcast.
Status start_event(InstanceRun& run, const std::string& execution_id, const bpmn::Element& element);
Status catch_event(InstanceRun& run, const std::string& execution_id, const bpmn::Element& element);
Status throw_event(InstanceRun& run, const std::string& execution_id, const bpmn::Element& element);
Status signal_end_event(InstanceRun& run, const std::string& execution_id,
                        const bpmn::Element& element);
// A message intermediate throw or end event: a service task when it names an
// implementation, else a none event (element_behaviors.cpp).
Status message_throw_event(InstanceRun& run, const std::string& execution_id,
                           const bpmn::Element& element);

// The event-based gateway: the token waits for the first event after it (event_gateway.cpp).
Status event_based_gateway(InstanceRun& run, const std::string& execution_id,
                           const bpmn::Element& element);

// A call activity: the token waits for the called instance (call_activity.cpp).
Status call_activity(InstanceRun& run, const std::string& execution_id,
                     const bpmn::Element& element);

// A script task: JavaScript or FEEL, camunda:resultVariable (scripts.cpp).
Status script_task(InstanceRun& run, const std::string& execution_id, const bpmn::Element& element);

// The behaviour for a kind; on_activate is null for kinds dpc cannot run yet.
const ElementBehavior& behavior_for(bpmn::ElementKind kind);

}  // namespace dpc::engine
