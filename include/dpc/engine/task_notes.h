// Storage port for what people add to a user task besides variables: comments and
// attachments (Camunda's TaskService.createComment / createAttachment). They outlive the task,
// as Camunda keeps them in history. The REST layer decides who may read or add them (the
// task's authorization); the store only persists. Implementations are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/model.h"

namespace dpc::engine {

struct TaskComment {
  std::string id;
  std::string task_id;
  std::string process_instance_id;
  std::string root_process_instance_id;
  std::string user_id;
  Millis time = 0;
  std::string message;
};

struct TaskAttachment {
  std::string id;
  std::string task_id;
  std::string process_instance_id;
  std::string root_process_instance_id;
  std::string user_id;
  std::string name;
  std::string description;
  std::string type;
  std::string url;
  std::string content_type;  // of the uploaded content; empty for a URL attachment
  bool has_content = false;
  long long size = 0;        // bytes of content
  Millis created = 0;
};

class TaskNoteStore {
 public:
  virtual ~TaskNoteStore() = default;

  virtual Status add_comment(const TaskComment& c) = 0;
  // Oldest first (Camunda's order).
  virtual Result<std::vector<TaskComment>> comments(const std::string& task_id) = 0;
  virtual Result<std::optional<TaskComment>> comment(const std::string& task_id,
                                                     const std::string& id) = 0;

  // `content` empty with a.has_content false: a URL attachment.
  virtual Status add_attachment(const TaskAttachment& a, const std::string& content) = 0;
  virtual Result<std::vector<TaskAttachment>> attachments(const std::string& task_id) = 0;
  virtual Result<std::optional<TaskAttachment>> attachment(const std::string& task_id,
                                                           const std::string& id) = 0;
  // The bytes of an attachment; nullopt when there is no such attachment.
  virtual Result<std::optional<std::string>> attachment_content(const std::string& task_id,
                                                                const std::string& id) = 0;
  // false when there was no such attachment.
  virtual Result<bool> delete_attachment(const std::string& task_id, const std::string& id) = 0;
};

}  // namespace dpc::engine
