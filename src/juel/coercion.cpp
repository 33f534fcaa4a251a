#include "dpc/juel/coercion.h"

#include <charconv>
#include <cstdlib>

#include "dpc/core/strings.h"

namespace dpc::juel {
namespace {

Error cannot_coerce(const Value& v, std::string_view to) {
  return Error::invalid("Cannot coerce from " + std::string(v.type_name()) + " to " + std::string(to));
}

bool looks_floating(const std::string& s) {
  return s.find_first_of(".eE") != std::string::npos || s == "NaN" || s.find("Infinity") != std::string::npos;
}

}  // namespace

Result<bool> coerce_to_boolean(const Value& v) {
  if (v.is_null()) return false;
  if (v.is_bool()) return v.as_bool();
  if (v.is_string()) return iequals(v.as_string(), "true");
  return cannot_coerce(v, "Boolean");
}

Result<Value> coerce_to_number(const Value& v) {
  if (v.is_null()) return Value(std::int64_t{0});
  if (v.is_number()) return v;
  if (v.is_string()) {
    const std::string s(trim(v.as_string()));
    if (v.as_string().empty()) return Value(std::int64_t{0});
    if (!looks_floating(s)) {
      std::int64_t i = 0;
      const char* b = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
      auto r = std::from_chars(b, s.data() + s.size(), i);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return Value(i);
    } else {
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && end == s.c_str() + s.size()) return Value(d);
    }
    return Error::invalid("Cannot coerce '" + v.as_string() + "' to a number");
  }
  return cannot_coerce(v, "Number");
}

std::string coerce_to_string(const Value& v) { return v.to_string(); }

Result<bool> el_equals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.is_number() || b.is_number()) {
    auto x = coerce_to_number(a);
    if (!x) return x.error();
    auto y = coerce_to_number(b);
    if (!y) return y.error();
    if (x->is_double() || y->is_double()) return x->as_number() == y->as_number();
    return x->as_long() == y->as_long();
  }
  if (a.is_bool() || b.is_bool()) {
    auto x = coerce_to_boolean(a);
    if (!x) return x.error();
    auto y = coerce_to_boolean(b);
    if (!y) return y.error();
    return *x == *y;
  }
  if (a.is_string() || b.is_string()) return coerce_to_string(a) == coerce_to_string(b);
  return a == b;
}

Result<int> el_compare(const Value& a, const Value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.is_number() || b.is_number()) {
    auto x = coerce_to_number(a);
    if (!x) return x.error();
    auto y = coerce_to_number(b);
    if (!y) return y.error();
    if (x->is_double() || y->is_double()) return sign(x->as_number(), y->as_number());
    return sign(x->as_long(), y->as_long());
  }
  if (a.is_string() || b.is_string()) {
    if ((a.is_string() || a.is_null()) && (b.is_string() || b.is_null()))
      return sign(coerce_to_string(a), coerce_to_string(b));
  }
  if (a.is_date() && b.is_date()) return sign(a.as_date().millis, b.as_date().millis);
  if (a.is_date_time() && b.is_date_time()) return sign(a.as_date_time().millis, b.as_date_time().millis);
  if (a.is_bool() && b.is_bool()) return sign(a.as_bool(), b.as_bool());
  return Error::invalid("Cannot compare " + std::string(a.type_name()) + " with " + std::string(b.type_name()));
}

}  // namespace dpc::juel
