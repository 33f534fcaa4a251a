// Process instance modification (POST /process-instance/{id}/modification): instructions
// that cancel activity instances and start tokens before or after activities or on sequence
// flows, run in order in one command under the instance lock (RuntimeService::modify_instance).
#pragma once

#include <string>
#include <vector>

#include "dpc/core/typed_value.h"
#include "dpc/engine/model.h"

namespace dpc::engine {

struct ModificationInstruction {
  enum class Type { kCancel, kStartBeforeActivity, kStartAfterActivity, kStartTransition };
  Type type = Type::kCancel;
  // cancel: exactly one of activity_id (every instance of it), activity_instance_id or
  // transition_instance_id (a token waiting at an async continuation: its execution id).
  // startBeforeActivity / startAfterActivity: activity_id; startTransition: transition_id.
  std::string activity_id, activity_instance_id, transition_instance_id, transition_id;
  // start*: the activity instance under which the new token starts (its flow scope or an
  // ancestor of it); needed only when the flow scope has several instances.
  std::string ancestor_activity_instance_id;
  // start*: set on the new token: `variables` as setVariable would (up the scope chain, else
  // on the instance), `local_variables` on the token's own execution (Camunda's "local": true).
  VariableMap variables, local_variables;
};

struct InstanceModification {
  std::vector<ModificationInstruction> instructions;
  bool skip_custom_listeners = false;  // no execution or task listeners fire in the command
  bool skip_io_mappings = false;       // no input mappings for the activities started
  std::string annotation;
};

}  // namespace dpc::engine
