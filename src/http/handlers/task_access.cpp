#include "task_access.h"

#include <algorithm>

#include "dpc/http/authorize.h"

namespace dpc::http {

namespace {

using identity::Resource;
namespace perm = identity::perm;

Status permitted(const Request& req, const engine::TaskRecord& t, TaskAccess access) {
  const std::string& key = t.process_definition_key;
  switch (access) {
    case TaskAccess::kRead:
      return authorize_any(req, {{Resource::kTask, t.id, perm::kRead},
                                 {Resource::kProcessDefinition, key, perm::kReadTask}});
    case TaskAccess::kWork:
      return authorize_any(req, {{Resource::kTask, t.id, perm::kTaskWork},
                                 {Resource::kTask, t.id, perm::kUpdate},
                                 {Resource::kProcessDefinition, key, perm::kTaskWork},
                                 {Resource::kProcessDefinition, key, perm::kUpdateTask}});
    case TaskAccess::kAssign:
      return authorize_any(req, {{Resource::kTask, t.id, perm::kTaskAssign},
                                 {Resource::kTask, t.id, perm::kUpdate},
                                 {Resource::kProcessDefinition, key, perm::kTaskAssign},
                                 {Resource::kProcessDefinition, key, perm::kUpdateTask}});
  }
  return Error::internal("unknown task access");
}

}  // namespace

bool involved_in(const Request& req, const engine::TaskRecord& t) {
  if (!req.principal) return false;
  const identity::Principal& p = *req.principal;
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  if (t.assignee == p.user_id || has(t.candidate_users, p.user_id)) return true;
  return std::any_of(t.candidate_groups.begin(), t.candidate_groups.end(),
                     [&](const std::string& g) { return has(p.groups, g); });
}

Result<engine::TaskRecord> task_for(const Request& req, engine::WorkStore& work,
                                    const std::string& id, TaskAccess access,
                                    const std::string& not_found_message) {
  if (!req.principal) return Error::unauthorized("Authentication required");
  auto t = work.task(id);
  if (!t) return t.error();
  if (!*t) return Error::not_found(not_found_message);
  if (access != TaskAccess::kAssign && involved_in(req, **t)) return std::move(**t);
  if (Status st = permitted(req, **t, access); !st) return st.error();
  return std::move(**t);
}

}  // namespace dpc::http
