// Event definitions attached to start, end, intermediate and boundary events, with the root
// elements they reference (message, signal, error, escalation) already resolved.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/bpmn/element_kind.h"
#include "dpc/juel/expression.h"

namespace dpc::bpmn {

struct TimerDefinition {
  enum class Type { kDate, kDuration, kCycle };
  Type type = Type::kDuration;
  // ISO 8601 date/duration/repeating interval or a cron expression; may contain `${...}`.
  juel::Expression value;
};

struct EventDefinition {
  EventKind kind = EventKind::kNone;
  std::string ref_id;      // messageRef / signalRef / errorRef / escalationRef as written
  juel::Expression name;   // message or signal name (may contain `${...}`)
  std::optional<TimerDefinition> timer;
  // Conditional events.
  juel::Expression condition;
  std::string variable_name;
  std::vector<std::string> variable_events;  // create, update, delete
  // Link events.
  std::string link_name;
  // Error events. error_code empty on a boundary/start event = catch all errors.
  std::string error_code;
  std::string error_message;           // camunda:errorMessage on the <error>
  std::string error_code_variable;     // camunda:errorCodeVariable
  std::string error_message_variable;  // camunda:errorMessageVariable
  // Escalation events. escalation_code empty on a catch event = catch all.
  std::string escalation_code;
  std::string escalation_code_variable;
  // Signal throw: camunda:async.
  bool async = false;
  // Compensation throw: activityRef and waitForCompletion.
  std::string activity_ref;
  bool wait_for_completion = true;
};

}  // namespace dpc::bpmn
