// REST resources of the repository, as Camunda 7's engine-rest serves them:
//   POST   /engine-rest/deployment/create                (multipart/form-data)
//   GET    /engine-rest/deployment, /deployment/count, /deployment/{id}
//   DELETE /engine-rest/deployment/{id}                  (?cascade)
//   GET    /engine-rest/deployment/{id}/resources, .../resources/{resourceId}, .../data
//   GET    /engine-rest/process-definition, /process-definition/count
//   GET    /engine-rest/process-definition/{id}, /key/{key}, /key/{key}/tenant-id/{tenantId}
//   GET    the same three with /xml
//   DELETE /engine-rest/process-definition/{id}          (?cascade)
//   PUT    /engine-rest/process-definition/{id}/suspended, /key/{key}/suspended, /suspended
// Handlers translate JSON and multipart to RepositoryService calls and back; no rules here.
#pragma once

#include "dpc/engine/repository.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `repository` must outlive the router.
void add_deployment_routes(Router& router, engine::RepositoryService& repository);
void add_process_definition_routes(Router& router, engine::RepositoryService& repository);

inline void add_repository_routes(Router& router, engine::RepositoryService& repository) {
  add_deployment_routes(router, repository);
  add_process_definition_routes(router, repository);
}

}  // namespace dpc::http
