#include "dpc/juel/value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "dpc/juel/date_time.h"

namespace dpc::juel {

Result<Value> Object::property(std::string_view name) const {
  return Error::invalid("Property '" + std::string(name) + "' not found on type " + type_name());
}

bool Value::operator==(const Value& o) const {
  if (type() != o.type()) return false;
  switch (type()) {
    case Type::kNull: return true;
    case Type::kBool: return as_bool() == o.as_bool();
    case Type::kLong: return as_long() == o.as_long();
    case Type::kDouble: return as_double() == o.as_double();
    case Type::kString: return as_string() == o.as_string();
    case Type::kDate: return as_date() == o.as_date();
    case Type::kDateTime: return as_date_time() == o.as_date_time();
    case Type::kList: return as_list() == o.as_list();
    case Type::kMap: return as_map() == o.as_map();
    case Type::kObject: return &as_object() == &o.as_object();
  }
  return false;
}

std::string java_double_to_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  const double a = std::fabs(d);
  if (a >= 1e-3 && a < 1e7) {
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    std::string s(buf, r.ptr);
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
  }
  // Shortest scientific form, then Java's spelling: "1.0E10", "1.5E-5".
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  const auto e = s.find('e');
  std::string mantissa = s.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  const int exp = std::atoi(s.c_str() + e + 1);
  return mantissa + "E" + std::to_string(exp);
}

std::string Value::to_string() const {
  switch (type()) {
    case Type::kNull: return "";
    case Type::kBool: return as_bool() ? "true" : "false";
    case Type::kLong: return std::to_string(as_long());
    case Type::kDouble: return java_double_to_string(as_double());
    case Type::kString: return as_string();
    case Type::kDate: return format_camunda_date(as_date().millis);
    case Type::kDateTime: return format_iso_utc(as_date_time().millis);
    case Type::kList: {
      std::string s = "[";
      bool first = true;
      for (const auto& v : as_list()) {
        if (!first) s += ", ";
        first = false;
        s += v.is_null() ? "null" : v.to_string();
      }
      return s + "]";
    }
    case Type::kMap: {
      std::string s = "{";
      bool first = true;
      for (const auto& [k, v] : as_map()) {
        if (!first) s += ", ";
        first = false;
        s += k + "=" + (v.is_null() ? "null" : v.to_string());
      }
      return s + "}";
    }
    case Type::kObject: return as_object().type_name();
  }
  return "";
}

std::string_view Value::type_name(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kBool: return "Boolean";
    case Type::kLong: return "Long";
    case Type::kDouble: return "Double";
    case Type::kString: return "String";
    case Type::kDate: return "Date";
    case Type::kDateTime: return "DateTime";
    case Type::kList: return "List";
    case Type::kMap: return "Map";
    case Type::kObject: return "Object";
  }
  return "?";
}

}  // namespace dpc::juel
