// TypedValue: a process variable's value with its Camunda type (String, Integer, Date, Json,
// ...). Shared by the engine (which reads and writes variables), the store (which persists
// them in typed columns) and the REST layer (which speaks Camunda's {"value","type",
// "valueInfo"} form). Plain value type; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dpc {

enum class ValueType {
  kNull, kString, kBoolean, kShort, kInteger, kLong, kDouble, kDate,
  kBytes, kFile, kObject, kJson, kXml,
};

// "String", "Integer", ... as Camunda's REST API names them.
std::string_view value_type_name(ValueType type);
// Case-insensitive ("string" and "String" both work, as in Camunda); nullopt if unknown.
std::optional<ValueType> parse_value_type(std::string_view name);

struct TypedValue {
  ValueType type = ValueType::kNull;
  bool boolean = false;
  std::int64_t integer = 0;  // Short, Integer, Long; Date as milliseconds since the epoch
  double number = 0;         // Double
  std::string text;          // String; Json/Xml/Object serialized; Bytes/File raw bytes
  std::map<std::string, std::string> info;  // valueInfo: objectTypeName, filename, mimetype, ...

  static TypedValue null() { return {}; }
  static TypedValue string(std::string s) {
    TypedValue v;
    v.type = ValueType::kString;
    v.text = std::move(s);
    return v;
  }
  static TypedValue boolean_value(bool b) {
    TypedValue v;
    v.type = ValueType::kBoolean;
    v.boolean = b;
    return v;
  }
  static TypedValue long_value(std::int64_t i, ValueType type = ValueType::kLong) {
    TypedValue v;
    v.type = type;
    v.integer = i;
    return v;
  }
  static TypedValue double_value(double d) {
    TypedValue v;
    v.type = ValueType::kDouble;
    v.number = d;
    return v;
  }
  static TypedValue date(std::int64_t millis) { return long_value(millis, ValueType::kDate); }
  static TypedValue json(std::string serialized) {
    TypedValue v;
    v.type = ValueType::kJson;
    v.text = std::move(serialized);
    return v;
  }

  bool is_null() const { return type == ValueType::kNull; }
  bool operator==(const TypedValue&) const = default;
};

using VariableMap = std::map<std::string, TypedValue>;

}  // namespace dpc
