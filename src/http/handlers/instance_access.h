// Authorization of one row that belongs to a process instance and carries its definition key
// (a job, an external task), in Camunda 7's terms: reading it needs READ on the instance or
// READ_INSTANCE on the key; changing it, UPDATE on the instance or UPDATE_INSTANCE on the key.
// Lists of such rows use read::instance_rule() (read_dto.h).
#pragma once

#include <string>

#include "dpc/core/result.h"
#include "dpc/http/authorize.h"
#include "dpc/http/message.h"

namespace dpc::http {

enum class InstanceAccess { kRead, kUpdate };

inline Status authorize_instance_row(const Request& req, const std::string& instance_id,
                                     const std::string& definition_key, InstanceAccess access) {
  namespace perm = identity::perm;
  bool update = access == InstanceAccess::kUpdate;
  return authorize_any(req, {{identity::Resource::kProcessInstance, instance_id,
                              update ? perm::kUpdate : perm::kRead},
                             {identity::Resource::kProcessDefinition, definition_key,
                              update ? perm::kUpdateInstance : perm::kReadInstance}});
}

}  // namespace dpc::http
