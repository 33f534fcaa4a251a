// Public application forms (no login; rate-limited per client, bodies up to 64 KB):
//   GET  /api/forms/{key}   the latest version of a deployed Camunda Form that declares itself
//        a public application form -> {"key","version","schema","honeypot","parameters"}
//   POST /api/forms/{key}/submissions {"version": n, "data": {...}, "<honeypot>": "",
//        "idempotencyKey"?} (or an Idempotency-Key header): validated on the server against
//        version n (src/forms, with PESEL/IBAN/phone/e-mail checks), then starts the bound
//        process by key with the data as typed variables (plus applicationNumber; the number is
//        the business key) -> 201 {"applicationNumber","token"}; the same idempotency key again
//        -> 200 with the same answer and no second instance. Wrong data: 400
//        FormValidationException naming every field. A filled honeypot: a look-alike 201 that
//        starts nothing.
//   GET  /api/forms/applications/{number}?token=... -> the application's steps as the form's
//        settings name them, each "done", "current" or "pending" (404 for a wrong token).
//   POST /api/forms/{key}/drafts {"version","data"} -> 201 {"draftToken","resumeUrl"}: the
//        values so far (the form's own fields only, not validated), kept 30 days;
//   PUT  /api/forms/drafts/{token} saves again (204); GET /api/forms/drafts/{token} -> the
//        draft's form version (schema) and data, to resume in another browser. Only the
//        token's SHA-256 is stored.
//   POST /api/forms/{key}/uploads?name=scan.pdf with a file's bytes as the body (up to 5 MB,
//        else 413): the type is read from the content (PDF, JPEG or PNG, else 400; the name is
//        never trusted) -> 201 {"uploadId","name","type","size"}; a form-js "filepicker" field
//        submits the upload id, and the started instance gets the file as a File variable
//        (filename, mimetype). Uploads are kept 24 hours; an unknown id is a field error "upload".
// A form is public when its JSON has "application": {"public": true, "processKey": "...",
// "steps": [{"id","label":{"pl","en"},"activities":[activity ids]}]}; any other form, a task's
// included, stays behind the login. Optional settings: "parameters": names the page takes from
// its link and submits beside the fields (the chosen offer, e.g. "productId": short codes only,
// else 400; listed in the render answer as "parameters"), and "variables": constants the bank
// sets on every started instance (e.g. {"channel": "online"}; a submission cannot override them).
#pragma once

#include "dpc/engine/history_queries.h"
#include "dpc/engine/repository.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/http/rate_limiter.h"
#include "dpc/http/router.h"
#include "dpc/market/application_store.h"

namespace dpc::http {

struct ApplicationFormApi {
  engine::RepositoryService& repository;
  engine::RuntimeService& runtime;
  engine::RuntimeReadQueries& history;
  market::ApplicationStore& applications;
  RateLimiter& limiter;
};

// The services must outlive the router.
void add_application_form_routes(Router& router, ApplicationFormApi api);

}  // namespace dpc::http
