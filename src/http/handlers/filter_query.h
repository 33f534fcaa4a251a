// The saved query of a task filter as Camunda evaluates it: the REST TaskQueryDto JSON with
// "...Expression" twins (assigneeExpression: "${currentUser()}", dueBeforeExpression:
// "${dateTime().plusDays(3)}") evaluated per caller at list time by the JUEL engine, and an
// extending query (POST /filter/{id}/list) laid over it. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/core/result.h"

namespace dpc::http {

struct FilterCaller {
  std::string user_id;
  std::vector<std::string> groups;
  std::int64_t now_millis = 0;
};

// `saved` with every "<name>Expression" replaced by "<name>" holding its value for `caller`
// (a String, a list of Strings, a number, or a Date in Camunda's format; null drops it).
// 400 naming the property when an expression does not compile or evaluate.
Result<nlohmann::json> resolve_expressions(const nlohmann::json& saved, const FilterCaller& caller);

// Camunda's TaskQuery.extend: the extending query's properties win (a property also drops
// the saved one's expression twin and the other way round), its sorting comes after the
// saved sorting, and its variable filters join the saved ones (replacing one with the same
// name and operator). 400 when the extension holds an expression (Camunda forbids them in
// ad-hoc queries) or is not an object.
Result<nlohmann::json> extend_query(const nlohmann::json& saved, const nlohmann::json& extension);

}  // namespace dpc::http
