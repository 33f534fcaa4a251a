// What a caller may see of a list, as the stores apply it inside their SQL (so counts and
// paging stay right; never fetch-then-filter). Decided by the identity module from the
// caller's authorizations (IdentityService::visibility), applied by the stores: the engine
// itself never reads it. Plain values, thread-compatible.
#pragma once

#include <string>
#include <vector>

namespace dpc::engine {

// A set of resource ids (process definition keys, instance ids, task ids, ...):
// all = every id except `except`; otherwise exactly the ids in `only`.
struct IdFilter {
  bool all = false;
  std::vector<std::string> only;
  std::vector<std::string> except;

  static IdFilter everything() { return IdFilter{true, {}, {}}; }
  bool allows(const std::string& id) const;
};

// The ids both filters allow (e.g. keys with READ_INSTANCE and with UPDATE_INSTANCE).
IdFilter intersection(const IdFilter& a, const IdFilter& b);

// The caller of a list query. `unrestricted` (administrators; the job executor) skips every
// check. Otherwise a row is visible when one of the filters that apply to its kind allows it:
//   tasks:              assignee = user, a candidate user = user, a candidate group in
//                       groups (Camunda's defaults), or `tasks` (READ on Task) or
//                       `definitions` (READ_TASK on the process definition key)
//   instances, history, incidents, jobs, external tasks, executions, variables:
//                       `instances` (READ on ProcessInstance / Historic...) or
//                       `definitions` (READ_INSTANCE / READ_HISTORY on the key)
//   process definitions, deployments, decision definitions: `definitions` (READ)
struct Visibility {
  bool unrestricted = true;
  std::string user_id;
  std::vector<std::string> groups;
  IdFilter definitions;
  IdFilter instances;
  IdFilter tasks;

  static Visibility everything() { return Visibility{}; }
};

}  // namespace dpc::engine
