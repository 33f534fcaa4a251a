#include "dpc/http/instance_authorization.h"

#include "dpc/http/authorize.h"

namespace dpc::http {

namespace {

// The definition key of a running or historic instance; nullopt when there is none.
Result<std::optional<std::string>> definition_key(engine::RuntimeReadQueries& reads,
                                                  const std::string& id, bool historic) {
  if (!historic) {
    auto p = reads.process_instance(id);
    if (!p) return p.error();
    if (!*p) return std::optional<std::string>{};
    return std::optional<std::string>{(*p)->definition_key};
  }
  engine::HistoricProcessInstanceQuery q;
  q.id = id;
  auto rows = reads.historic_process_instances(q);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows->front().instance.definition_key};
}

}  // namespace

Status authorize_instance(const Request& req, engine::RuntimeReadQueries* reads,
                          const std::string& id, const InstancePermission& permission) {
  Alternative on_instance{permission.instance_resource, id, permission.instance_permission};
  // Anonymous (401), administrators (no lookup), or no way to find the key.
  if (!req.principal || !req.identity || req.principal->admin || !reads) {
    return authorize_any(req, {on_instance});
  }
  auto key = definition_key(*reads, id,
                            permission.instance_resource == identity::Resource::kHistoricProcessInstance);
  if (!key) return key.error();
  if (!*key) return {};
  return authorize_instance_of(req, id, **key, permission);
}

Status authorize_instance_of(const Request& req, const std::string& id, const std::string& definition_key,
                             const InstancePermission& permission) {
  return authorize_any(req, {{permission.instance_resource, id, permission.instance_permission},
                             {identity::Resource::kProcessDefinition, definition_key,
                              permission.definition_permission}});
}

Status authorize_start(const Request& req, const std::string& definition_key) {
  if (auto st = authorize(req, identity::Resource::kProcessInstance, "*", identity::perm::kCreate); !st) {
    return st;
  }
  return authorize(req, identity::Resource::kProcessDefinition, definition_key,
                   identity::perm::kCreateInstance);
}

engine::TargetCheck target_check(const Request& req) {
  if (req.principal && req.principal->admin) return {};
  return [&req](const std::string& key, const std::string& instance_id) -> Status {
    if (instance_id.empty()) return authorize_start(req, key);
    return authorize_instance_of(req, instance_id, key, kUpdateInstance);
  };
}

std::string definition_key_of_id(const std::string& definition_id) {
  auto colon = definition_id.find(':');
  return colon == std::string::npos ? std::string() : definition_id.substr(0, colon);
}

}  // namespace dpc::http
