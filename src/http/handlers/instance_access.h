// Authorization of one row that belongs to a process instance (a job, an external task), in
// Camunda 7's terms: reading it needs READ on the instance or READ_INSTANCE on the
// definition key; changing it, UPDATE on the instance or UPDATE_INSTANCE on the key.
#pragma once

#include <string>

#include "dpc/core/result.h"
#include "dpc/engine/visibility.h"
#include "dpc/http/authorize.h"
#include "dpc/http/message.h"

namespace dpc::http {

enum class InstanceAccess { kRead, kUpdate };

inline Status authorize_instance(const Request& req, const std::string& instance_id,
                                 const std::string& definition_key, InstanceAccess access) {
  namespace perm = identity::perm;
  bool update = access == InstanceAccess::kUpdate;
  return authorize_any(req, {{identity::Resource::kProcessInstance, instance_id,
                              update ? perm::kUpdate : perm::kRead},
                             {identity::Resource::kProcessDefinition, definition_key,
                              update ? perm::kUpdateInstance : perm::kReadInstance}});
}

// The visibility of a list of such rows: READ on the instance or READ_INSTANCE on the key.
inline Result<engine::Visibility> instance_rows_visibility(const Request& req) {
  return visibility(req, {.definition_permission = identity::perm::kReadInstance,
                          .instance_resource = identity::Resource::kProcessInstance});
}

}  // namespace dpc::http
