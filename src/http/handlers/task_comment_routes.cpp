// Task comments, Camunda 7's /task/{id}/comment resource: GET the list (oldest first), GET
// one, POST /comment/create {"message"} (and POST /comment, the same, for the web UI).
// Reading needs read access to the task, commenting is work on it (TASK_WORK/UPDATE, or
// being its assignee or a candidate), as Camunda's AddCommentCmd checks.
#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/http/handlers/tasklist_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dto.h"
#include "task_access.h"
#include "task_note_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

// Camunda keeps the full message; dpc bounds it so one comment cannot fill the database.
constexpr size_t kMaxCommentBytes = 64 * 1024;

std::string self_link(const Request& req, const std::string& path) {
  std::string_view host = req.header("host");
  return host.empty() ? path : "http://" + std::string(host) + path;
}

Response create_comment(TasklistApi api, Request& req) {
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  auto message = string_field(*body, "message");
  if (!message) return error_response(message.error());
  if (!*message || (*message)->empty()) return error_response(Error::invalid("message is required"));
  if ((*message)->size() > kMaxCommentBytes) {
    return error_response(Error::invalid("message is longer than " + std::to_string(kMaxCommentBytes) + " bytes"));
  }
  const std::string& id = req.path_param("id");
  auto task = task_for(req, api.runtime.work, id, TaskAccess::kWork, "No task found for task id " + id);
  if (!task) return error_response(task.error());
  engine::TaskComment c;
  c.id = new_uuid();
  c.task_id = id;
  c.process_instance_id = task->process_instance_id;
  c.root_process_instance_id = task->process_instance_id;
  c.user_id = req.principal ? req.principal->user_id : "";
  c.time = now_millis();
  c.message = std::move(**message);
  if (Status st = api.notes.add_comment(c); !st) return error_response(st.error());
  return json_ok(comment_dto(req, c));
}

}  // namespace

json comment_dto(const Request& req, const engine::TaskComment& c) {
  return {{"id", c.id}, {"userId", text_or_null(c.user_id)}, {"taskId", c.task_id},
          {"processInstanceId", text_or_null(c.process_instance_id)},
          {"time", format_camunda_date(c.time)}, {"message", c.message}, {"removalTime", nullptr},
          {"rootProcessInstanceId", text_or_null(c.root_process_instance_id)},
          {"links", json::array({{{"method", "GET"},
                                  {"href", self_link(req, "/engine-rest/task/" + c.task_id + "/comment/" + c.id)},
                                  {"rel", "self"}}})}};
}

json attachment_dto(const Request& req, const engine::TaskAttachment& a) {
  return {{"id", a.id}, {"name", text_or_null(a.name)}, {"taskId", a.task_id},
          {"description", text_or_null(a.description)}, {"type", text_or_null(a.type)},
          {"url", text_or_null(a.url)}, {"createTime", format_camunda_date(a.created)},
          {"removalTime", nullptr}, {"rootProcessInstanceId", text_or_null(a.root_process_instance_id)},
          {"links", json::array({{{"method", "GET"},
                                  {"href", self_link(req, "/engine-rest/task/" + a.task_id + "/attachment/" + a.id)},
                                  {"rel", "self"}}})}};
}

void add_task_attachment_routes(Router& router, TasklistApi api);  // task_attachment_routes.cpp

void add_task_note_routes(Router& router, TasklistApi api) {
  router.add(Method::kGet, "/engine-rest/task/{id}/comment", [api](Request& req) {
    const std::string& id = req.path_param("id");
    auto task = task_for(req, api.runtime.work, id, TaskAccess::kRead, "No task found for task id " + id);
    if (!task) return error_response(task.error());
    auto comments = api.notes.comments(id);
    if (!comments) return error_response(comments.error());
    json out = json::array();
    for (const auto& c : *comments) out.push_back(comment_dto(req, c));
    return json_ok(out);
  });
  router.add(Method::kGet, "/engine-rest/task/{id}/comment/{commentId}", [api](Request& req) {
    const std::string& id = req.path_param("id");
    auto task = task_for(req, api.runtime.work, id, TaskAccess::kRead, "No task found for task id " + id);
    if (!task) return error_response(task.error());
    auto c = api.notes.comment(id, req.path_param("commentId"));
    if (!c) return error_response(c.error());
    if (!*c) {
      return error_response(Error::not_found("Task comment with id " + req.path_param("commentId") +
                                             " does not exist for task id '" + id + "'."));
    }
    return json_ok(comment_dto(req, **c));
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/comment/create",
             [api](Request& req) { return create_comment(api, req); });
  router.add(Method::kPost, "/engine-rest/task/{id}/comment",
             [api](Request& req) { return create_comment(api, req); });
  add_task_attachment_routes(router, api);
}

}  // namespace dpc::http
