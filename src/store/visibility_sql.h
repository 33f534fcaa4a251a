// engine::Visibility as SQL conditions, for the stores' list queries (see visibility.h for
// the row rules). Every value is quoted by the connection; the conditions go inside WHERE so
// that counts and paging stay exact.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/engine/visibility.h"

namespace dpc::store {

// `column` (a text column; NULL counts as "") restricted to the ids `f` allows.
inline std::string id_filter_sql(pqxx::connection_base& c, const std::string& column,
                                 const engine::IdFilter& f) {
  const auto& ids = f.all ? f.except : f.only;
  if (ids.empty()) return f.all ? "true" : "false";
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ",") + c.quote(id);
  return "COALESCE(" + column + ", '') " + (f.all ? "NOT IN (" : "IN (") + list + ")";
}

// ARRAY['a','b']::text[] (an empty text array for none).
inline std::string text_array_sql(pqxx::connection_base& c, const std::vector<std::string>& values) {
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "" : ",") + c.quote(v);
  return "ARRAY[" + list + "]::text[]";
}

// Rows of process instances (jobs, external tasks, ...): `definitions` allows the row's
// definition key or `instances` its instance id. "" when `v` is unrestricted.
inline std::string instance_visibility_sql(pqxx::connection_base& c, const engine::Visibility& v,
                                           const std::string& key_column,
                                           const std::string& instance_column) {
  if (v.unrestricted) return "";
  return "(" + id_filter_sql(c, key_column, v.definitions) + " OR " +
         id_filter_sql(c, instance_column, v.instances) + ")";
}

// User tasks (table `task`): assigned to the user, a candidate user, one of the groups a
// candidate group (Camunda's default task permissions), or allowed by `tasks` (READ on the
// task) or `definitions` (READ_TASK on the key). "" when `v` is unrestricted. The array
// operators (&&) let PostgreSQL use the GIN indexes of the candidate columns.
inline std::string task_visibility_sql(pqxx::connection_base& c, const engine::Visibility& v) {
  if (v.unrestricted) return "";
  std::string out = "(assignee = " + c.quote(v.user_id) + " OR candidate_users && " +
                    text_array_sql(c, {v.user_id});
  if (!v.groups.empty()) out += " OR candidate_groups && " + text_array_sql(c, v.groups);
  return out + " OR " + id_filter_sql(c, "id", v.tasks) + " OR " +
         id_filter_sql(c, "proc_def_key", v.definitions) + ")";
}

}  // namespace dpc::store
