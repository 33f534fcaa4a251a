// Camunda 7's task changes as edits (see task_edits.h).
#include "dpc/engine/task_edits.h"

#include <algorithm>

#include "operation_log.h"

namespace dpc::engine {

RuntimeService::TaskEdit update_task_edit(TaskUpdate u) {
  return [u = std::move(u)](TaskRecord& t) -> Status {
    t.name = u.name;
    t.description = u.description;
    t.assignee = u.assignee;
    t.owner = u.owner;
    t.priority = u.priority;
    t.due = u.due;
    t.follow_up = u.follow_up;
    if (u.delegation_state) t.delegation_state = *u.delegation_state;
    return {};
  };
}

RuntimeService::TaskEdit delegate_edit(std::string user_id) {
  return [user_id = std::move(user_id)](TaskRecord& t) -> Status {
    t.delegation_state = "PENDING";
    if (t.owner.empty()) t.owner = t.assignee;
    t.assignee = user_id;
    return {};
  };
}

RuntimeService::TaskEdit resolve_edit() {
  return [](TaskRecord& t) -> Status {
    t.delegation_state = "RESOLVED";
    t.assignee = t.owner;
    return {};
  };
}

Result<RuntimeService::TaskEdit> identity_link_edit(TaskIdentityLink link, bool add) {
  bool user = !link.user_id.empty(), group = !link.group_id.empty();
  if (user == group) {
    return Error::invalid(user ? "Identity Link requires userId or groupId, but not both."
                               : "Identity Link requires userId or groupId.");
  }
  if (link.type.empty()) return Error::invalid("Identity Link requires a type.");
  if (link.type != "candidate" && link.type != "assignee" && link.type != "owner") {
    return Error::invalid("identity link type '" + link.type +
                          "' is not supported: use candidate, assignee or owner");
  }
  if (group && link.type != "candidate") {
    return Error::invalid("Incompatible usage: cannot use type '" + link.type +
                          "' together with a groupId");
  }
  return RuntimeService::TaskEdit([link = std::move(link), add, user](TaskRecord& t) -> Status {
    auto change = [add](std::vector<std::string>& v, const std::string& id) {
      auto it = std::find(v.begin(), v.end(), id);
      if (add && it == v.end()) v.push_back(id);
      if (!add && it != v.end()) v.erase(it);
    };
    if (link.type == "assignee") {
      if (add) t.assignee = link.user_id;
      else if (t.assignee == link.user_id) t.assignee.clear();
    } else if (link.type == "owner") {
      if (add) t.owner = link.user_id;
      else if (t.owner == link.user_id) t.owner.clear();
    } else if (user) {
      change(t.candidate_users, link.user_id);
    } else {
      change(t.candidate_groups, link.group_id);
    }
    return {};
  });
}

UserOperation task_change_operation(const char* type) {
  return operation(type, "Task", kCategoryTaskWorker);
}

UserOperation identity_link_operation(const TaskIdentityLink& link, bool add) {
  bool user = !link.user_id.empty();
  const char* type = user ? (add ? "AddUserLink" : "DeleteUserLink") : (add ? "AddGroupLink" : "DeleteGroupLink");
  const std::string& who = user ? link.user_id : link.group_id;
  PropertyChange change{link.type, std::nullopt, std::nullopt};
  (add ? change.new_value : change.org_value) = who;
  return operation(type, "IdentityLink", kCategoryTaskWorker, {change});
}

UserOperation attachment_operation(const TaskRecord& task, bool add, const std::string& name) {
  PropertyChange change{"name", std::nullopt, std::nullopt};
  (add ? change.new_value : change.org_value) = name;
  UserOperation op = operation(add ? "AddAttachment" : "DeleteAttachment", "Attachment", kCategoryTaskWorker, {change});
  op.context = task_context(task);
  return op;
}

}  // namespace dpc::engine
