// Authorization of one process instance, in Camunda 7's terms: a permission on the instance
// (ProcessInstance or HistoricProcessInstance, by id) or the matching one on its definition
// key (READ_INSTANCE, UPDATE_INSTANCE, DELETE_INSTANCE, READ_HISTORY). The key is looked up
// through the read queries; see authorize.h for the answers (401, 403).
#pragma once

#include <cstdint>
#include <string>

#include "dpc/core/result.h"
#include "dpc/engine/history_queries.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/http/message.h"
#include "dpc/identity/model.h"

namespace dpc::http {

struct InstancePermission {
  identity::Resource instance_resource = identity::Resource::kProcessInstance;
  int64_t instance_permission = identity::perm::kRead;
  int64_t definition_permission = identity::perm::kReadInstance;
};

// OK when the caller may act on the running (or, for HistoricProcessInstance, historic)
// instance `id`. An unknown instance is OK here: the command or the read that follows
// answers 404 as before. Without `reads`, only the permission on the instance counts.
Status authorize_instance(const Request& req, engine::RuntimeReadQueries* reads,
                          const std::string& id, const InstancePermission& permission);

// The same when the instance's definition key is at hand (rows that carry it: jobs, external
// tasks): no lookup.
Status authorize_instance_of(const Request& req, const std::string& id, const std::string& definition_key,
                             const InstancePermission& permission);

// Starting an instance of `definition_key`: CREATE on ProcessInstance and CREATE_INSTANCE on
// the key, both.
Status authorize_start(const Request& req, const std::string& definition_key);

// For messages, signals and conditions, whose targets the engine finds: starts as
// authorize_start, triggering an instance needs UPDATE on it or UPDATE_INSTANCE on its key.
// Empty (no checks) for administrators. Refers to `req`: use it only while `req` lives.
engine::TargetCheck target_check(const Request& req);

// The key of a definition id (dpc's ids are key:version:uuid), for checks before the
// definition is loaded; "" when the id has no such form.
std::string definition_key_of_id(const std::string& definition_id);

// The usual pairs.
inline constexpr InstancePermission kReadInstance{};
inline constexpr InstancePermission kUpdateInstance{identity::Resource::kProcessInstance,
                                                    identity::perm::kUpdate,
                                                    identity::perm::kUpdateInstance};
inline constexpr InstancePermission kDeleteInstance{identity::Resource::kProcessInstance,
                                                    identity::perm::kDelete,
                                                    identity::perm::kDeleteInstance};
inline constexpr InstancePermission kReadHistory{identity::Resource::kHistoricProcessInstance,
                                                 identity::perm::kRead,
                                                 identity::perm::kReadHistory};

}  // namespace dpc::http
