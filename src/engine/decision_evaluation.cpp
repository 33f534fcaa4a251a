#include "dpc/engine/decision_evaluation.h"

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "dpc/dmn/decision_evaluator.h"
#include "dpc/feel/json.h"
#include "decision_values.h"

namespace dpc::engine {

namespace {
constexpr std::int64_t kDayMillis = 86'400'000;
}  // namespace

feel::Value to_feel(const TypedValue& v) {
  switch (v.type) {
    case ValueType::kNull: return {};
    case ValueType::kString: return v.text;
    case ValueType::kBoolean: return v.boolean;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong: return v.integer;
    case ValueType::kDouble: return feel::Value::from_optional(feel::Decimal::from_double(v.number));
    case ValueType::kDate: {
      std::int64_t days = v.integer >= 0 ? v.integer / kDayMillis : -((-v.integer + kDayMillis - 1) / kDayMillis);
      feel::DateTime dt;
      dt.date = feel::Date::from_epoch_day(days);
      dt.time.nanos = (v.integer - days * kDayMillis) * 1'000'000;
      dt.time.offset = 0;
      return dt;
    }
    case ValueType::kJson: {
      auto j = nlohmann::json::parse(v.text, nullptr, false);
      return j.is_discarded() ? feel::Value(v.text) : feel::from_json(j);
    }
    default: return v.text;
  }
}

TypedValue from_feel(const feel::Value& v, const std::string& type_ref) {
  switch (v.type()) {
    case feel::Type::kNull: return TypedValue::null();
    case feel::Type::kBoolean: return TypedValue::boolean_value(v.as_bool());
    case feel::Type::kString: return TypedValue::string(v.as_string());
    case feel::Type::kNumber: {
      const feel::Decimal& d = v.as_number();
      auto whole = d.to_int64();
      if (type_ref == "double") return TypedValue::double_value(d.to_double());
      if (whole && type_ref == "integer" && *whole >= std::numeric_limits<std::int32_t>::min() &&
          *whole <= std::numeric_limits<std::int32_t>::max()) {
        return TypedValue::long_value(*whole, ValueType::kInteger);
      }
      if (whole) return TypedValue::long_value(*whole);
      return TypedValue::double_value(d.to_double());
    }
    case feel::Type::kDate: return TypedValue::date(v.as_date().epoch_day() * kDayMillis);
    case feel::Type::kDateTime:
      return TypedValue::date(static_cast<std::int64_t>(v.as_date_time().instant_nanos() / 1'000'000));
    case feel::Type::kList:
    case feel::Type::kContext: return TypedValue::json(feel::to_json(v).dump());
    default: {
      auto j = feel::to_json(v);
      return TypedValue::string(j.is_string() ? j.get<std::string>() : j.dump());
    }
  }
}

namespace {

bool is_multi_hit(const dmn::DecisionTable& t) {
  std::string hp = t.hit_policy;
  for (auto& c : hp) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if ((hp == "COLLECT" || hp == "C") && t.aggregation.empty()) return true;
  return hp == "RULE ORDER" || hp == "R" || hp == "OUTPUT ORDER" || hp == "O";
}

// One rule's output value → its entries (a context for several outputs).
DecisionRuleResult rule_result(const dmn::DecisionTable& t, const feel::Value& v,
                               const std::string& fallback_name) {
  DecisionRuleResult out;
  if (t.outputs.size() == 1 || (!t.outputs.empty() && !v.is(feel::Type::kContext))) {
    const auto& o = t.outputs[0];
    out.emplace_back(o.name.empty() ? fallback_name : o.name, from_feel(v, o.type_ref));
    return out;
  }
  for (const auto& o : t.outputs) {
    const feel::Value* e = v.as_context().find(o.name);
    out.emplace_back(o.name, from_feel(e ? *e : feel::Value(), o.type_ref));
  }
  return out;
}

nlohmann::json to_json(const DecisionRuleResult& r) {
  auto o = nlohmann::json::object();
  for (const auto& [name, value] : r) o[name] = plain_json(value);
  return o;
}

}  // namespace

Result<DecisionResult> evaluate_decision(const DeployedDecision& decision,
                                         const VariableMap& variables) {
  const dmn::Decision* d = decision.model->find_decision(decision.record.key);
  if (!d) return Error::internal("decision " + decision.record.key + " is not in its model");
  feel::Context inputs;
  for (const auto& [name, value] : variables) inputs.set(name, to_feel(value));
  dmn::DecisionEvaluator evaluator(decision.model);
  feel::Evaluation e = evaluator.evaluate_decision(d->id, inputs);
  for (const auto& w : e.warnings) {
    if (w.find("hit policy") != std::string::npos) {
      return Error::invalid("Decision '" + decision.record.key + "': " + w,
                            "DecisionEvaluationException");
    }
  }
  DecisionResult out;
  const dmn::DecisionTable* table =
      d->expr && d->expr->kind == dmn::BoxedExpression::Kind::kDecisionTable ? d->expr->table.get()
                                                                           : nullptr;
  std::string name = d->name.empty() ? d->id : d->name;
  if (!table) {
    std::string type_ref = d->type_ref.empty() && d->expr ? d->expr->type_ref : d->type_ref;
    out.push_back({{name, from_feel(e.value, type_ref)}});
    return out;
  }
  if (is_multi_hit(*table)) {
    if (e.value.is(feel::Type::kList)) {
      for (const auto& v : e.value.as_list()) out.push_back(rule_result(*table, v, name));
    } else if (!e.value.is_null()) {
      out.push_back(rule_result(*table, e.value, name));
    }
    return out;
  }
  if (!e.value.is_null()) out.push_back(rule_result(*table, e.value, name));
  return out;
}

Result<TypedValue> map_decision_result(const DecisionResult& result, const std::string& mode) {
  if (mode == "singleEntry") {
    if (result.size() > 1) {
      return Error::invalid("ENGINE-22001 Unable to get single decision result entry as it has more than one result: " +
                            std::to_string(result.size()), "DecisionResultException");
    }
    if (result.empty() || result[0].empty()) return TypedValue::null();
    if (result[0].size() > 1) {
      return Error::invalid("ENGINE-22001 Unable to get single decision result entry as it has more than one entry",
                            "DecisionResultException");
    }
    return result[0][0].second;
  }
  if (mode == "singleResult") {
    if (result.size() > 1) {
      return Error::invalid("ENGINE-22001 Unable to get single decision result as it has more than one result: " +
                            std::to_string(result.size()), "DecisionResultException");
    }
    if (result.empty()) return TypedValue::null();
    return TypedValue::json(to_json(result[0]).dump());
  }
  if (mode == "collectEntries") {
    auto list = nlohmann::json::array();
    for (const auto& r : result) {
      if (r.size() > 1) {
        return Error::invalid("ENGINE-22001 Unable to collect decision result entries as a result has more than one entry",
                              "DecisionResultException");
      }
      list.push_back(r.empty() ? nlohmann::json(nullptr) : plain_json(r[0].second));
    }
    return TypedValue::json(list.dump());
  }
  if (mode == "resultList" || mode.empty()) {
    auto list = nlohmann::json::array();
    for (const auto& r : result) list.push_back(to_json(r));
    return TypedValue::json(list.dump());
  }
  return Error::invalid("unknown mapDecisionResult '" + mode + "'");
}

nlohmann::json plain_json(const TypedValue& v) {
  switch (v.type) {
    case ValueType::kNull: return nullptr;
    case ValueType::kBoolean: return v.boolean;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
    case ValueType::kDate: return v.integer;
    case ValueType::kDouble: return v.number;
    case ValueType::kJson: {
      auto j = nlohmann::json::parse(v.text, nullptr, false);
      return j.is_discarded() ? nlohmann::json(v.text) : j;
    }
    default: return v.text;
  }
}

}  // namespace dpc::engine
