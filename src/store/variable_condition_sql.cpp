// Variable conditions of list queries as SQL (see variable_condition_sql.h).
#include "variable_condition_sql.h"

#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "sql_conditions.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

std::optional<double> parse_double(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

const char* sql_operator(VariableCondition::Op op) {
  switch (op) {
    case VariableCondition::Op::kEq: return "=";
    case VariableCondition::Op::kNeq: return "<>";
    case VariableCondition::Op::kGt: return ">";
    case VariableCondition::Op::kGteq: return ">=";
    case VariableCondition::Op::kLt: return "<";
    case VariableCondition::Op::kLteq: return "<=";
    case VariableCondition::Op::kLike: return "LIKE";
    case VariableCondition::Op::kNotLike: return "NOT LIKE";
  }
  return "=";
}

// The comparison of one variable row `v` with the condition's value, by the value's kind.
}  // namespace

std::string variable_value_condition(pqxx::connection_base& c, const VariableCondition& cond) {
  const TypedValue& val = cond.value;
  std::string op = sql_operator(cond.op);
  auto number = [&](const std::string& literal) {
    return "((v.type IN ('Short','Integer','Long') AND v.long_value " + op + " " + literal +
           ") OR (v.type = 'Double' AND v.double_value " + op + " " + literal + "))";
  };
  switch (val.type) {
    case ValueType::kNull:
      return cond.op == VariableCondition::Op::kNeq ? "v.type <> 'Null'" : "v.type = 'Null'";
    case ValueType::kBoolean:
      return "(v.type = 'Boolean' AND v.long_value " + op + (val.boolean ? " 1)" : " 0)");
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
      return number(std::to_string(val.integer));
    case ValueType::kDouble:
      return number(nlohmann::json(val.number).dump());
    case ValueType::kDate:
      return "(v.type = 'Date' AND v.long_value " + op + " " + std::to_string(val.integer) + ")";
    default: break;
  }
  bool like = cond.op == VariableCondition::Op::kLike || cond.op == VariableCondition::Op::kNotLike;
  std::string text = "(v.type IN ('String','Json','Xml','Object') AND v.text_value " + op + " " +
                     c.quote(like ? safe_like_pattern(val.text) : val.text) + ")";
  if (like) return text;
  if (auto date = parse_date_time(val.text)) {
    text += " OR (v.type = 'Date' AND v.long_value " + op + " " + std::to_string(*date) + ")";
  }
  if (cond.untyped) {
    if (auto i = parse_int(val.text)) {
      text += " OR " + number(std::to_string(*i));
    } else if (auto d = parse_double(val.text)) {
      text += " OR " + number(nlohmann::json(*d).dump());
    } else if (val.text == "true" || val.text == "false") {
      text += " OR (v.type = 'Boolean' AND v.long_value " + op + (val.text == "true" ? " 1)" : " 0)");
    }
  }
  return "(" + text + ")";
}

}  // namespace dpc::store
