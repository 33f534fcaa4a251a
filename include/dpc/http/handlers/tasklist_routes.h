// REST resources the Tasklist needs beyond the task list itself, in Camunda 7's shapes:
// task changes (PUT /task/{id}, delegate, resolve, identity links), task comments and
// attachments, and the filter resource (/engine-rest/filter: saved task queries shared
// through Filter authorizations, listed in plain JSON or HAL). Handlers translate HTTP/JSON;
// the rules live in the engine (task_edits.h) and the stores.
#pragma once

#include <cstddef>

#include "dpc/engine/repository.h"
#include "dpc/engine/task_filters.h"
#include "dpc/engine/task_notes.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/router.h"
#include "dpc/identity/identity_service.h"

namespace dpc::http {

struct TasklistApi {
  RuntimeApi runtime;
  engine::TaskNoteStore& notes;
  engine::TaskFilterStore& filters;
  // Process definitions, users and groups embedded in HAL answers (as the caller may read
  // them); none without them.
  engine::RepositoryService* repository = nullptr;
  identity::IdentityService* identity = nullptr;
  // The largest attachment content accepted (larger: 413).
  std::size_t max_attachment_bytes = 10 * 1024 * 1024;
};

// All must outlive the router.
void add_task_change_routes(Router& router, RuntimeApi api);   // task_change_routes.cpp
void add_task_note_routes(Router& router, TasklistApi api);     // task_comment_routes.cpp, task_attachment_routes.cpp
void add_filter_routes(Router& router, TasklistApi api);        // filter_routes.cpp

inline void add_tasklist_routes(Router& router, TasklistApi api) {
  add_task_change_routes(router, api.runtime);
  add_task_note_routes(router, api);
  add_filter_routes(router, api);
}

}  // namespace dpc::http
