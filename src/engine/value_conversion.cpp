#include "value_conversion.h"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "dpc/feel/feel.h"
#include "dpc/feel/json.h"

namespace dpc::engine {

namespace {

juel::Value from_json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return {};
    case nlohmann::json::value_t::boolean: return j.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return j.get<std::int64_t>();
    case nlohmann::json::value_t::number_float: return j.get<double>();
    case nlohmann::json::value_t::string: return j.get<std::string>();
    case nlohmann::json::value_t::array: {
      juel::Value::List l;
      for (const auto& e : j) l.push_back(from_json(e));
      return l;
    }
    case nlohmann::json::value_t::object: {
      juel::Value::Map m;
      for (const auto& [k, e] : j.items()) m.emplace(k, from_json(e));
      return m;
    }
    default: return {};
  }
}

nlohmann::json to_json(const juel::Value& v) {
  switch (v.type()) {
    case juel::Value::Type::kNull: return nullptr;
    case juel::Value::Type::kBool: return v.as_bool();
    case juel::Value::Type::kLong: return v.as_long();
    case juel::Value::Type::kDouble: return v.as_double();
    case juel::Value::Type::kString: return v.as_string();
    case juel::Value::Type::kDate: return v.as_date().millis;
    case juel::Value::Type::kDateTime: return v.as_date_time().millis;
    case juel::Value::Type::kList: {
      auto a = nlohmann::json::array();
      for (const auto& e : v.as_list()) a.push_back(to_json(e));
      return a;
    }
    case juel::Value::Type::kMap: {
      auto o = nlohmann::json::object();
      for (const auto& [k, e] : v.as_map()) o[k] = to_json(e);
      return o;
    }
    case juel::Value::Type::kObject: return v.to_string();
  }
  return nullptr;
}

}  // namespace

juel::Value to_juel(const TypedValue& v) {
  switch (v.type) {
    case ValueType::kNull: return {};
    case ValueType::kString: return v.text;
    case ValueType::kBoolean: return v.boolean;
    case ValueType::kShort:
    case ValueType::kInteger: return juel::Value::java_integer(static_cast<std::int32_t>(v.integer));
    case ValueType::kLong: return v.integer;
    case ValueType::kDouble: return v.number;
    case ValueType::kDate: return juel::Date{v.integer};
    case ValueType::kJson: {
      auto j = nlohmann::json::parse(v.text, nullptr, false);
      return j.is_discarded() ? juel::Value(v.text) : from_json(j);
    }
    case ValueType::kBytes:
    case ValueType::kFile:
    case ValueType::kObject:
    case ValueType::kXml: return v.text;
  }
  return {};
}

TypedValue from_juel(const juel::Value& v) {
  switch (v.type()) {
    case juel::Value::Type::kNull: return TypedValue::null();
    case juel::Value::Type::kBool: return TypedValue::boolean_value(v.as_bool());
    // Camunda's JUEL gives java.lang.Long for literals and arithmetic; an Integer variable
    // passed through stays an Integer.
    case juel::Value::Type::kLong:
      return TypedValue::long_value(v.as_long(), v.is_java_integer() ? ValueType::kInteger : ValueType::kLong);
    case juel::Value::Type::kDouble: return TypedValue::double_value(v.as_double());
    case juel::Value::Type::kString: return TypedValue::string(v.as_string());
    case juel::Value::Type::kDate: return TypedValue::date(v.as_date().millis);
    case juel::Value::Type::kDateTime: return TypedValue::date(v.as_date_time().millis);
    case juel::Value::Type::kList:
    case juel::Value::Type::kMap: return TypedValue::json(to_json(v).dump());
    case juel::Value::Type::kObject: return TypedValue::string(v.to_string());
  }
  return TypedValue::null();
}

Result<juel::Value> evaluate_feel(const std::string& source, const VariableMap& variables) {
  static std::shared_mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const feel::Expression>> cache;
  std::shared_ptr<const feel::Expression> compiled;
  {
    std::shared_lock lock(mu);
    auto it = cache.find(source);
    if (it != cache.end()) compiled = it->second;
  }
  if (!compiled) {
    auto c = feel::Expression::compile(source);
    if (!c) return Error::invalid("FEEL expression '" + source + "' does not parse: " + c.error().message);
    compiled = std::make_shared<const feel::Expression>(std::move(*c));
    std::unique_lock lock(mu);
    cache.emplace(source, compiled);
  }
  feel::Context ctx;
  for (const auto& [name, value] : variables) {
    ctx.set(name, feel::from_json(to_json(to_juel(value))));
  }
  auto result = compiled->evaluate(ctx);
  return from_json(feel::to_json(result.value));
}

}  // namespace dpc::engine
