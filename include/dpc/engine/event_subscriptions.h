// Event subscriptions: which execution of a running instance waits for which message or
// signal (a message/signal intermediate catch event, a receive task, or an activity with
// message/signal boundary events). They are derived from the executions: whenever a command
// writes an execution, the store replaces that execution's subscriptions with the ones the
// engine computed for it, so that POST /message and /signal find their targets by name
// without loading instances. After locking an instance, the engine checks again from the
// loaded executions (another command may have consumed the subscription meanwhile).
#pragma once

#include <string>
#include <vector>

#include "dpc/core/typed_value.h"
#include "dpc/engine/model.h"

namespace dpc::engine {

struct EventSubscriptionRecord {
  std::string id;
  // "message" or "signal"; "compensate" for a completed activity with a compensation
  // handler: execution_id is then its scope execution, activity_id the activity, and
  // event_name the completed subprocess it was in (empty when directly in the scope).
  std::string kind;
  std::string event_name;
  std::string process_instance_id;
  std::string execution_id;  // the waiting token (for a boundary event: the host's token)
  std::string activity_id;   // the catch event, receive task or boundary event
  std::string definition_id;
  Millis created = 0;
};

// What a command changed: every subscription of `cleared_executions` goes, then `inserted`
// are added (an execution that still waits is cleared and inserted again).
struct SubscriptionChanges {
  std::vector<std::string> cleared_executions;
  std::vector<EventSubscriptionRecord> inserted;
  bool empty() const { return cleared_executions.empty() && inserted.empty(); }
};

// A subscription search (POST /message, /signal). Empty fields do not filter.
struct SubscriptionQuery {
  std::string kind;
  std::string event_name;
  std::string process_instance_id;
  std::string business_key;
  // Process variables that must have these values; the store may filter by them (the
  // engine checks them again after locking).
  VariableMap correlation_keys;
};

// A signal thrown by an instance, broadcast to other instances after its command commits.
struct ThrownSignal {
  std::string name;
  std::string from_instance_id;  // its own subscriptions were triggered in the command
  VariableMap variables;
};

}  // namespace dpc::engine
