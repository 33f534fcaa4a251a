// Value: the dynamically typed value that `${...}` expressions read and produce.
//
// Contract
// - A small JSON-like variant of our own (not nlohmann::json) so that the engine can use
//   expressions without JSON types in its headers: null, boolean, 64-bit integer (Java Long),
//   double, string, Date (java.util.Date), DateTime (Joda DateTime, as returned by Camunda's
//   `dateTime()`), list, map, and host objects (Object) that expose methods such as
//   `execution.getVariable('x')`.
// - Dates are milliseconds since the Unix epoch. Calendar arithmetic is done in UTC.
// - Lists and maps are immutable once wrapped and shared by pointer: copying a Value is cheap.
// - Values are immutable and safe to share across threads; Object implementations decide
//   their own thread safety (the engine's are confined to one command).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::juel {

class Value;

// A host object reachable from expressions (e.g. `execution`, `task`, a Spring-like bean).
class Object {
 public:
  virtual ~Object() = default;
  // A short type name for error messages ("DelegateExecution").
  virtual std::string type_name() const = 0;
  // `obj.name` / `obj['name']`. Returns an error when the object has no such property.
  virtual Result<Value> property(std::string_view name) const;
  // `obj.method(args...)`. Returns an error for an unknown method or bad arguments.
  virtual Result<Value> call(std::string_view method, std::span<const Value> args) const = 0;
};

struct Date {
  std::int64_t millis = 0;
  bool operator==(const Date&) const = default;
};
struct DateTime {
  std::int64_t millis = 0;
  bool operator==(const DateTime&) const = default;
};

class Value {
 public:
  enum class Type { kNull, kBool, kLong, kDouble, kString, kDate, kDateTime, kList, kMap, kObject };
  using List = std::vector<Value>;
  using Map = std::map<std::string, Value, std::less<>>;

  Value() = default;
  Value(std::nullptr_t) {}                                     // NOLINT
  Value(bool b) : v_(b) {}                                     // NOLINT
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}           // NOLINT
  Value(std::int64_t i) : v_(i) {}                             // NOLINT
  Value(double d) : v_(d) {}                                   // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                   // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}            // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                 // NOLINT
  Value(Date d) : v_(d) {}                                     // NOLINT
  Value(DateTime d) : v_(d) {}                                 // NOLINT
  Value(List l) : v_(std::make_shared<const List>(std::move(l))) {}  // NOLINT
  Value(Map m) : v_(std::make_shared<const Map>(std::move(m))) {}    // NOLINT
  Value(std::shared_ptr<const Object> o) : v_(std::move(o)) {}       // NOLINT

  // A java.lang.Integer (or Short) read from a variable: still a kLong to the evaluator, but
  // passed through unchanged (`${limit}`) it stays an Integer, as in Camunda, while any
  // arithmetic result is a new Value and so a Long.
  static Value java_integer(std::int32_t i) {
    Value v(static_cast<std::int64_t>(i));
    v.java_integer_ = true;
    return v;
  }
  bool is_java_integer() const { return java_integer_ && is_long(); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_long() const { return type() == Type::kLong; }
  bool is_double() const { return type() == Type::kDouble; }
  bool is_number() const { return is_long() || is_double(); }
  bool is_string() const { return type() == Type::kString; }
  bool is_date() const { return type() == Type::kDate; }
  bool is_date_time() const { return type() == Type::kDateTime; }
  bool is_list() const { return type() == Type::kList; }
  bool is_object() const { return type() == Type::kObject; }

  // Accessors: calling the wrong one is a bug (std::bad_variant_access).
  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_long() const { return std::get<std::int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  // A long or double as double.
  double as_number() const { return is_long() ? static_cast<double>(as_long()) : as_double(); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  Date as_date() const { return std::get<Date>(v_); }
  DateTime as_date_time() const { return std::get<DateTime>(v_); }
  const List& as_list() const { return *std::get<std::shared_ptr<const List>>(v_); }
  const Map& as_map() const { return *std::get<std::shared_ptr<const Map>>(v_); }
  const Object& as_object() const { return *std::get<std::shared_ptr<const Object>>(v_); }

  // Structural equality (same type and same content; objects by identity). Not EL `==`,
  // which coerces: see evaluator.h.
  bool operator==(const Value& other) const;

  // Text as Java's String.valueOf would give it (EL's coercion to String): null -> "",
  // 2.0 -> "2.0", dates in ISO 8601 UTC ("2024-01-31T10:00:00.000+0000" for Date,
  // "2024-01-31T10:00:00.000Z" for DateTime), lists "[a, b]", maps "{k=v}".
  std::string to_string() const;

  static std::string_view type_name(Type t);
  std::string_view type_name() const { return type_name(type()); }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Date, DateTime,
               std::shared_ptr<const List>, std::shared_ptr<const Map>, std::shared_ptr<const Object>>
      v_;
  bool java_integer_ = false;
};

// Java's Double.toString for a double ("1.0", "0.5", "1.0E10", "NaN", "Infinity").
std::string java_double_to_string(double d);

}  // namespace dpc::juel
