// Task attachments, Camunda 7's /task/{id}/attachment resource: the list, POST /create
// (multipart/form-data: attachment-name, attachment-description, attachment-type, url,
// content), one attachment, its bytes (/data, with the uploaded content type and a
// Content-Disposition file name) and DELETE. The bytes live in PostgreSQL (bytea). Reading
// needs read access to the task; adding and deleting are work on it, as in Camunda.
#include <cctype>

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/engine/task_edits.h"
#include "dpc/http/handlers/tasklist_routes.h"
#include "dpc/http/multipart.h"
#include "dpc/http/query.h"
#include "dpc/http/params.h"
#include "task_access.h"
#include "task_note_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

Result<engine::TaskRecord> task_of(TasklistApi api, const Request& req, TaskAccess access) {
  const std::string& id = req.path_param("id");
  return task_for(req, api.runtime.work, id, access, "No task found for task id " + id);
}

Error no_attachment(const Request& req) {
  return Error::not_found("Task attachment with id " + req.path_param("attachmentId") +
                          " does not exist for task id '" + req.path_param("id") + "'.");
}

// Content-Disposition with an ASCII fallback name and the exact UTF-8 name (RFC 6266/5987).
std::string content_disposition(const std::string& name) {
  std::string ascii, encoded;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : name.empty() ? std::string("attachment") : name) {
    ascii += (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') ? static_cast<char>(ch) : '_';
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_' || ch == '~') {
      encoded += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += hex[ch >> 4];
      encoded += hex[ch & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

Response create(TasklistApi api, Request& req) {
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return error_response(parts.error());
  engine::TaskAttachment a;
  std::string content;
  for (auto& p : *parts) {
    if (p.name == "attachment-name") a.name = p.body;
    else if (p.name == "attachment-description") a.description = p.body;
    else if (p.name == "attachment-type") a.type = p.body;
    else if (p.name == "url") a.url = p.body;
    else if (p.name == "content") {
      a.has_content = true;
      a.content_type = p.content_type;
      if (a.name.empty()) a.name = p.filename;
      content = std::move(p.body);
    }
  }
  if (!a.has_content && a.url.empty()) {
    return error_response(Error::invalid("No content or url to remote content exists to create the task attachment."));
  }
  if (content.size() > api.max_attachment_bytes) {
    return error_response(Error{ErrorKind::kTooLarge,
                                "attachment content is " + std::to_string(content.size()) +
                                    " bytes; at most " + std::to_string(api.max_attachment_bytes) +
                                    " bytes are accepted",
                                "RestException"});
  }
  for (auto [field, value] : {std::pair{"attachment-name", &a.name}, std::pair{"attachment-description", &a.description},
                              std::pair{"attachment-type", &a.type}, std::pair{"url", &a.url},
                              std::pair{"content type", &a.content_type}}) {
    if (Status st = check_param_text(field, *value); !st) return error_response(st.error());
    if (value->size() > 4000) return error_response(Error::invalid(std::string(field) + " is longer than 4000 bytes"));
  }
  auto task = task_of(api, req, TaskAccess::kWork);
  if (!task) return error_response(task.error());
  a.id = new_uuid();
  a.task_id = task->id;
  a.process_instance_id = task->process_instance_id;
  a.root_process_instance_id = task->process_instance_id;
  a.user_id = req.principal ? req.principal->user_id : "";
  a.created = now_millis();
  a.size = static_cast<long long>(content.size());
  UserOperationScope logged(engine::attachment_operation(*task, true, a.name));
  if (Status st = api.notes.add_attachment(a, content); !st) return error_response(st.error());
  return json_ok(attachment_dto(req, a));
}

}  // namespace

void add_task_attachment_routes(Router& router, TasklistApi api) {
  router.add(Method::kGet, "/engine-rest/task/{id}/attachment", [api](Request& req) {
    auto task = task_of(api, req, TaskAccess::kRead);
    if (!task) return error_response(task.error());
    auto list = api.notes.attachments(task->id);
    if (!list) return error_response(list.error());
    json out = json::array();
    for (const auto& a : *list) out.push_back(attachment_dto(req, a));
    return json_ok(out);
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/attachment/create",
             [api](Request& req) { return create(api, req); });
  router.add(Method::kGet, "/engine-rest/task/{id}/attachment/{attachmentId}", [api](Request& req) {
    auto task = task_of(api, req, TaskAccess::kRead);
    if (!task) return error_response(task.error());
    auto a = api.notes.attachment(task->id, req.path_param("attachmentId"));
    if (!a) return error_response(a.error());
    if (!*a) return error_response(no_attachment(req));
    return json_ok(attachment_dto(req, **a));
  });
  router.add(Method::kGet, "/engine-rest/task/{id}/attachment/{attachmentId}/data", [api](Request& req) {
    auto task = task_of(api, req, TaskAccess::kRead);
    if (!task) return error_response(task.error());
    auto a = api.notes.attachment(task->id, req.path_param("attachmentId"));
    if (!a) return error_response(a.error());
    if (!*a) return error_response(no_attachment(req));
    if (!(*a)->has_content) {
      return error_response(Error::not_found("Attachment content for attachment with id '" + (*a)->id +
                                             "' does not exist for task id '" + task->id + "'."));
    }
    auto bytes = api.notes.attachment_content(task->id, (*a)->id);
    if (!bytes) return error_response(bytes.error());
    if (!*bytes) return error_response(no_attachment(req));
    Response r;
    r.status = 200;
    r.content_type = (*a)->content_type.empty() ? "application/octet-stream" : (*a)->content_type;
    r.body = std::move(**bytes);
    r.headers.emplace_back("Content-Disposition", content_disposition((*a)->name));
    // Never rendered as a page of this origin, whatever was uploaded.
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Content-Security-Policy", "sandbox");
    return r;
  });
  router.add(Method::kDelete, "/engine-rest/task/{id}/attachment/{attachmentId}", [api](Request& req) {
    auto task = task_of(api, req, TaskAccess::kWork);
    if (!task) return error_response(task.error());
    auto a = api.notes.attachment(task->id, req.path_param("attachmentId"));
    if (!a) return error_response(a.error());
    if (!*a) return error_response(no_attachment(req));
    UserOperationScope logged(engine::attachment_operation(*task, false, (*a)->name));
    auto deleted = api.notes.delete_attachment(task->id, (*a)->id);
    if (!deleted) return error_response(deleted.error());
    if (!*deleted) return error_response(no_attachment(req));
    return Response::no_content();
  });
}

}  // namespace dpc::http
