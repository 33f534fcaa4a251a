// Camunda's CommentDto and AttachmentDto for task comments and attachments, with the
// "links" Camunda adds (a self link, absolute from the request's Host like Camunda's
// base-URI links).
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/engine/task_notes.h"
#include "dpc/http/message.h"

namespace dpc::http {

nlohmann::json comment_dto(const Request& req, const engine::TaskComment& c);
nlohmann::json attachment_dto(const Request& req, const engine::TaskAttachment& a);

}  // namespace dpc::http
