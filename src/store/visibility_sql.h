// engine::Visibility as SQL conditions, private to the store module: the lists apply them
// inside their WHERE so that counts and paging stay right. `value` renders one id as SQL (a
// literal quoted by the connection, or a $n parameter): the functions work with either.
#pragma once

#include <string>
#include <vector>

#include "dpc/engine/visibility.h"
#include "where_builder.h"

namespace dpc::store {

// `column` under the filter: TRUE, "column NOT IN (...)", "column IN (...)" or FALSE.
template <typename Value>
std::string id_filter_condition(const engine::IdFilter& f, const std::string& column, Value&& value) {
  auto list = [&](const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + value(id);
    return "(" + out + ")";
  };
  if (f.all) return f.except.empty() ? "TRUE" : "(" + column + " NOT IN " + list(f.except) + ")";
  return f.only.empty() ? "FALSE" : "(" + column + " IN " + list(f.only) + ")";
}

// Rows that belong to a definition by key (definitions, deployments, decisions): visible
// when `definitions` allows the key. Empty string = no condition (unrestricted).
template <typename Value>
std::string definition_visibility(const engine::Visibility& v, const std::string& key_column,
                                  Value&& value) {
  if (v.unrestricted) return {};
  return id_filter_condition(v.definitions, key_column, value);
}

// Rows of instances, history, incidents: visible when `instances` allows the instance id or
// `definitions` allows the definition key. Empty string = no condition (unrestricted).
template <typename Value>
std::string instance_visibility(const engine::Visibility& v, const std::string& key_column,
                                const std::string& instance_column, Value&& value) {
  if (v.unrestricted) return {};
  return "(" + id_filter_condition(v.definitions, key_column, value) + " OR " +
         id_filter_condition(v.instances, instance_column, value) + ")";
}

// The same, added to a WhereBuilder's conditions (values quoted by its connection).
inline void visible_definitions(WhereBuilder& w, const engine::Visibility& v,
                                const std::string& key_column) {
  auto c = definition_visibility(v, key_column, [&w](const std::string& id) { return w.q(id); });
  if (!c.empty()) w.raw(c);
}
inline void visible_instances(WhereBuilder& w, const engine::Visibility& v,
                              const std::string& key_column, const std::string& instance_column) {
  auto c = instance_visibility(v, key_column, instance_column,
                               [&w](const std::string& id) { return w.q(id); });
  if (!c.empty()) w.raw(c);
}

}  // namespace dpc::store
