// Forms of user tasks and start events (Camunda Forms, generated forms), validated on the
// server. Camunda 7's endpoints:
//   GET  /engine-rest/task/{id}/form, /deployed-form, /form-variables; POST /submit-form
//   GET  /engine-rest/process-definition/{id}/startForm, /deployed-start-form, /form-variables;
//   POST /engine-rest/process-definition/{id}/submit-form; the same under /key/{key}
// and dpc's, for the web apps (contracts.md section 2):
//   GET  /api/tasks/{id}/form, /api/process-definitions/{id}/start-form
//        -> {"kind","key","schema","variables"}
// A submission that breaks its form answers 400 FormValidationException naming every wrong
// field and changes nothing.
#pragma once

#include "dpc/engine/repository.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/router.h"

namespace dpc::http {

struct FormApi {
  RuntimeApi runtime;
  engine::RepositoryService& repository;
};

// The services must outlive the router.
void add_form_routes(Router& router, FormApi api);

}  // namespace dpc::http
