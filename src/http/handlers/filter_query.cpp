// Saved filter queries: expressions evaluated per caller, extension by a request's query.
#include "filter_query.h"

#include "dpc/juel/context.h"
#include "dpc/juel/date_time.h"
#include "dpc/juel/expression.h"

namespace dpc::http {

using nlohmann::json;

namespace {

constexpr std::string_view kSuffix = "Expression";

bool is_expression_key(const std::string& key) {
  return key.size() > kSuffix.size() && key.compare(key.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

std::string base_key(const std::string& key) { return key.substr(0, key.size() - kSuffix.size()); }

Result<json> to_json(const juel::Value& v, const std::string& key) {
  using T = juel::Value::Type;
  switch (v.type()) {
    case T::kNull: return json(nullptr);
    case T::kBool: return json(v.as_bool());
    case T::kLong: return json(v.as_long());
    case T::kDouble: return json(v.as_double());
    case T::kString: return json(v.as_string());
    case T::kDate: return json(juel::format_camunda_date(v.as_date().millis));
    case T::kDateTime: return json(juel::format_camunda_date(v.as_date_time().millis));
    case T::kList: {
      json out = json::array();
      for (const auto& e : v.as_list()) {
        auto j = to_json(e, key);
        if (!j) return j.error();
        out.push_back(*j);
      }
      return out;
    }
    default:
      return Error::invalid("query property " + key + " evaluates to a " + std::string(v.type_name()) +
                            ", which a task query cannot use");
  }
}

}  // namespace

Result<json> resolve_expressions(const json& saved, const FilterCaller& caller) {
  if (!saved.is_object()) return Error::invalid("query must be a JSON object");
  juel::MapContext ctx;
  ctx.set_user(caller.user_id, caller.groups);
  ctx.set_now(caller.now_millis);
  json out = json::object();
  for (const auto& [key, value] : saved.items()) {
    if (!is_expression_key(key)) {
      // Keys come sorted, so "x" is met before "xExpression", which then replaces it.
      out[key] = value;
      continue;
    }
    if (!value.is_string()) return Error::invalid("query property " + key + " must be a string expression");
    auto expr = juel::Expression::compile(value.get<std::string>());
    if (!expr) return Error::invalid("query property " + key + ": " + expr.error().message);
    auto v = expr->evaluate(ctx);
    if (!v) return Error::invalid("query property " + key + ": " + v.error().message);
    auto j = to_json(*v, key);
    if (!j) return j.error();
    // The expression decides its property, as in Camunda (evaluated last).
    if (j->is_null()) out.erase(base_key(key));
    else out[base_key(key)] = std::move(*j);
  }
  return out;
}

Result<json> extend_query(const json& saved, const json& extension) {
  if (!saved.is_object()) return Error::invalid("the filter's query is not a JSON object");
  if (!extension.is_object()) return Error::invalid("the extending query must be a JSON object");
  json out = saved;
  for (const auto& [key, value] : extension.items()) {
    if (is_expression_key(key)) {
      return Error::invalid("Expressions are forbidden in adhoc queries: " + key);
    }
    if (key == "sorting") {
      if (!value.is_array()) return Error::invalid("sorting must be an array");
      json merged = out.contains("sorting") && out["sorting"].is_array() ? out["sorting"] : json::array();
      for (const auto& s : value) merged.push_back(s);
      out["sorting"] = std::move(merged);
      continue;
    }
    if ((key == "processVariables" || key == "taskVariables") && value.is_array() &&
        out.contains(key) && out[key].is_array()) {
      json merged = json::array();
      for (const auto& old : out[key]) {
        bool replaced = false;
        for (const auto& v : value) {
          if (v.is_object() && old.is_object() && v.value("name", json()) == old.value("name", json()) &&
              v.value("operator", json()) == old.value("operator", json())) {
            replaced = true;
          }
        }
        if (!replaced) merged.push_back(old);
      }
      for (const auto& v : value) merged.push_back(v);
      out[key] = std::move(merged);
      continue;
    }
    out.erase(key + std::string(kSuffix));
    out[key] = value;
  }
  return out;
}

}  // namespace dpc::http
