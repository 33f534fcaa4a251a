#include "dpc/juel/builtins.h"

#include <algorithm>

#include "dpc/core/strings.h"
#include "dpc/juel/coercion.h"
#include "dpc/juel/date_time.h"

namespace dpc::juel {
namespace {

using Args = std::span<const Value>;

constexpr std::int64_t kHour = 3'600'000, kDay = 24 * kHour;

Result<std::int64_t> long_arg(Args a, std::size_t i) {
  auto n = coerce_to_number(a[i]);
  if (!n) return n.error();
  if (n->is_double()) return static_cast<std::int64_t>(n->as_double());
  return n->as_long();
}

// ---- functions ----
Result<Value> fn_now(const Context& c, Args) { return Value(Date{c.now_millis()}); }
Result<Value> fn_date_time(const Context& c, Args) { return Value(DateTime{c.now_millis()}); }
Result<Value> fn_current_user(const Context& c, Args) {
  auto u = c.current_user();
  return u ? Value(*u) : Value();
}
Result<Value> fn_current_user_groups(const Context& c, Args) {
  if (!c.current_user()) return Value();
  Value::List l;
  for (auto& g : c.current_user_groups()) l.emplace_back(g);
  return Value(std::move(l));
}

const FunctionSpec kFunctions[] = {
    {"now", 0, 0, "The current time as a Date.", "${now()}", fn_now},
    {"dateTime", 0, 0, "The current time as a Joda-style DateTime with plus*/minus* methods.",
     "${dateTime().plusDays(3).toDate()}", fn_date_time},
    {"currentUser", 0, 0, "The id of the authenticated user, or null.", "${currentUser()}", fn_current_user},
    {"currentUserGroups", 0, 0, "The group ids of the authenticated user, or null.", "${currentUserGroups()}",
     fn_current_user_groups},
};

// ---- DateTime ----
template <std::int64_t kUnit, int kSign>
Result<Value> dt_plus_fixed(const Value& s, Args a) {
  auto n = long_arg(a, 0);
  if (!n) return n.error();
  return Value(DateTime{s.as_date_time().millis + kSign * *n * kUnit});
}
template <std::int64_t kMonthsPerUnit, int kSign>
Result<Value> dt_plus_months(const Value& s, Args a) {
  auto n = long_arg(a, 0);
  if (!n) return n.error();
  return Value(DateTime{plus_months(s.as_date_time().millis, kSign * *n * kMonthsPerUnit)});
}
Result<std::int64_t> instant_of(const Value& v) {
  if (v.is_date_time()) return v.as_date_time().millis;
  if (v.is_date()) return v.as_date().millis;
  if (v.is_long()) return v.as_long();
  return Error::invalid("Expected a date, got " + std::string(v.type_name()));
}
template <int kWant>
Result<Value> dt_compare(const Value& s, Args a) {
  auto o = instant_of(a[0]);
  if (!o) return o.error();
  const std::int64_t m = instant_of(s).value();
  return Value(kWant < 0 ? m < *o : kWant > 0 ? m > *o : m == *o);
}
Result<Value> dt_to_date(const Value& s, Args) { return Value(Date{s.as_date_time().millis}); }
Result<Value> dt_millis(const Value& s, Args) { return Value(instant_of(s).value()); }
Result<Value> dt_start_of_day(const Value& s, Args) {
  CivilTime t = to_civil(s.as_date_time().millis);
  t.hour = t.minute = t.second = t.millis = 0;
  return Value(DateTime{from_civil(t)});
}
template <int CivilTime::*kField>
Result<Value> dt_field(const Value& s, Args) {
  return Value(std::int64_t{to_civil(s.as_date_time().millis).*kField});
}
Result<Value> dt_day_of_week(const Value& s, Args) {
  return Value(std::int64_t{day_of_week(s.as_date_time().millis)});
}
Result<Value> any_to_string(const Value& s, Args) { return Value(s.to_string()); }

// ---- String ----
const std::string& str(const Value& v) { return v.as_string(); }
Result<Value> s_length(const Value& s, Args) { return Value(static_cast<std::int64_t>(str(s).size())); }
Result<Value> s_is_empty(const Value& s, Args) { return Value(str(s).empty()); }
Result<Value> s_contains(const Value& s, Args a) {
  return Value(str(s).find(coerce_to_string(a[0])) != std::string::npos);
}
Result<Value> s_starts(const Value& s, Args a) { return Value(str(s).starts_with(coerce_to_string(a[0]))); }
Result<Value> s_ends(const Value& s, Args a) { return Value(str(s).ends_with(coerce_to_string(a[0]))); }
Result<Value> s_equals(const Value& s, Args a) { return Value(a[0].is_string() && str(s) == str(a[0])); }
Result<Value> s_equals_ic(const Value& s, Args a) {
  return Value(a[0].is_string() && iequals(str(s), str(a[0])));
}
Result<Value> s_upper(const Value& s, Args) {
  std::string r = str(s);
  std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return std::toupper(c); });
  return Value(r);
}
Result<Value> s_lower(const Value& s, Args) { return Value(to_lower(str(s))); }
Result<Value> s_trim(const Value& s, Args) { return Value(std::string(trim(str(s)))); }
Result<Value> s_substring(const Value& s, Args a) {
  auto b = long_arg(a, 0);
  if (!b) return b.error();
  std::int64_t e = static_cast<std::int64_t>(str(s).size());
  if (a.size() > 1) {
    auto ee = long_arg(a, 1);
    if (!ee) return ee.error();
    e = *ee;
  }
  if (*b < 0 || e > static_cast<std::int64_t>(str(s).size()) || *b > e)
    return Error::invalid("String index out of range: begin " + std::to_string(*b) + ", end " + std::to_string(e));
  return Value(str(s).substr(static_cast<std::size_t>(*b), static_cast<std::size_t>(e - *b)));
}
Result<Value> s_index_of(const Value& s, Args a) {
  const auto p = str(s).find(coerce_to_string(a[0]));
  return Value(p == std::string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(p));
}

// ---- List / Map ----
Result<Value> l_size(const Value& s, Args) { return Value(static_cast<std::int64_t>(s.as_list().size())); }
Result<Value> l_is_empty(const Value& s, Args) { return Value(s.as_list().empty()); }
Result<Value> l_contains(const Value& s, Args a) {
  for (const auto& v : s.as_list()) {
    if (v == a[0] || (v.is_number() && a[0].is_number() && v.as_number() == a[0].as_number())) return Value(true);
  }
  return Value(false);
}
Result<Value> l_get(const Value& s, Args a) {
  auto i = long_arg(a, 0);
  if (!i) return i.error();
  if (*i < 0 || *i >= static_cast<std::int64_t>(s.as_list().size()))
    return Error::invalid("Index " + std::to_string(*i) + " out of bounds for length " +
                          std::to_string(s.as_list().size()));
  return s.as_list()[static_cast<std::size_t>(*i)];
}
Result<Value> m_size(const Value& s, Args) { return Value(static_cast<std::int64_t>(s.as_map().size())); }
Result<Value> m_is_empty(const Value& s, Args) { return Value(s.as_map().empty()); }
Result<Value> m_contains_key(const Value& s, Args a) { return Value(s.as_map().contains(coerce_to_string(a[0]))); }
Result<Value> m_get(const Value& s, Args a) {
  auto it = s.as_map().find(coerce_to_string(a[0]));
  return it == s.as_map().end() ? Value() : it->second;
}

using T = Value::Type;
const MethodSpec kMethods[] = {
    {T::kDateTime, "plusYears", 1, 1, "Adds years (day clamped to month end).", dt_plus_months<12, 1>},
    {T::kDateTime, "plusMonths", 1, 1, "Adds months (day clamped to month end).", dt_plus_months<1, 1>},
    {T::kDateTime, "plusWeeks", 1, 1, "Adds weeks.", dt_plus_fixed<7 * kDay, 1>},
    {T::kDateTime, "plusDays", 1, 1, "Adds days.", dt_plus_fixed<kDay, 1>},
    {T::kDateTime, "plusHours", 1, 1, "Adds hours.", dt_plus_fixed<kHour, 1>},
    {T::kDateTime, "plusMinutes", 1, 1, "Adds minutes.", dt_plus_fixed<60'000, 1>},
    {T::kDateTime, "plusSeconds", 1, 1, "Adds seconds.", dt_plus_fixed<1000, 1>},
    {T::kDateTime, "plusMillis", 1, 1, "Adds milliseconds.", dt_plus_fixed<1, 1>},
    {T::kDateTime, "minusYears", 1, 1, "Subtracts years.", dt_plus_months<12, -1>},
    {T::kDateTime, "minusMonths", 1, 1, "Subtracts months.", dt_plus_months<1, -1>},
    {T::kDateTime, "minusWeeks", 1, 1, "Subtracts weeks.", dt_plus_fixed<7 * kDay, -1>},
    {T::kDateTime, "minusDays", 1, 1, "Subtracts days.", dt_plus_fixed<kDay, -1>},
    {T::kDateTime, "minusHours", 1, 1, "Subtracts hours.", dt_plus_fixed<kHour, -1>},
    {T::kDateTime, "minusMinutes", 1, 1, "Subtracts minutes.", dt_plus_fixed<60'000, -1>},
    {T::kDateTime, "minusSeconds", 1, 1, "Subtracts seconds.", dt_plus_fixed<1000, -1>},
    {T::kDateTime, "minusMillis", 1, 1, "Subtracts milliseconds.", dt_plus_fixed<1, -1>},
    {T::kDateTime, "toDate", 0, 0, "Converts to a Date.", dt_to_date},
    {T::kDateTime, "getMillis", 0, 0, "Milliseconds since the epoch.", dt_millis},
    {T::kDateTime, "isBefore", 1, 1, "True if before the given instant.", dt_compare<-1>},
    {T::kDateTime, "isAfter", 1, 1, "True if after the given instant.", dt_compare<1>},
    {T::kDateTime, "isEqual", 1, 1, "True if the same instant.", dt_compare<0>},
    {T::kDateTime, "withTimeAtStartOfDay", 0, 0, "Midnight (UTC) of the same day.", dt_start_of_day},
    {T::kDateTime, "getYear", 0, 0, "The year.", dt_field<&CivilTime::year>},
    {T::kDateTime, "getMonthOfYear", 0, 0, "The month, 1-12.", dt_field<&CivilTime::month>},
    {T::kDateTime, "getDayOfMonth", 0, 0, "The day of the month.", dt_field<&CivilTime::day>},
    {T::kDateTime, "getHourOfDay", 0, 0, "The hour, 0-23.", dt_field<&CivilTime::hour>},
    {T::kDateTime, "getDayOfWeek", 0, 0, "1 = Monday ... 7 = Sunday.", dt_day_of_week},
    {T::kDateTime, "toString", 0, 0, "ISO 8601 text in UTC.", any_to_string},
    {T::kDate, "getTime", 0, 0, "Milliseconds since the epoch.", dt_millis},
    {T::kDate, "before", 1, 1, "True if before the given date.", dt_compare<-1>},
    {T::kDate, "after", 1, 1, "True if after the given date.", dt_compare<1>},
    {T::kDate, "toString", 0, 0, "ISO 8601 text in UTC.", any_to_string},
    {T::kString, "length", 0, 0, "Length in bytes (UTF-8).", s_length},
    {T::kString, "isEmpty", 0, 0, "True for \"\".", s_is_empty},
    {T::kString, "contains", 1, 1, "Substring test.", s_contains},
    {T::kString, "startsWith", 1, 1, "Prefix test.", s_starts},
    {T::kString, "endsWith", 1, 1, "Suffix test.", s_ends},
    {T::kString, "equals", 1, 1, "Exact equality with another String.", s_equals},
    {T::kString, "equalsIgnoreCase", 1, 1, "Case-insensitive equality (ASCII).", s_equals_ic},
    {T::kString, "toUpperCase", 0, 0, "Upper case (ASCII).", s_upper},
    {T::kString, "toLowerCase", 0, 0, "Lower case (ASCII).", s_lower},
    {T::kString, "trim", 0, 0, "Without surrounding white space.", s_trim},
    {T::kString, "substring", 1, 2, "Substring [begin, end).", s_substring},
    {T::kString, "indexOf", 1, 1, "First index of a substring or -1.", s_index_of},
    {T::kString, "toString", 0, 0, "Itself.", any_to_string},
    {T::kList, "size", 0, 0, "Number of elements.", l_size},
    {T::kList, "isEmpty", 0, 0, "True when there are no elements.", l_is_empty},
    {T::kList, "contains", 1, 1, "Membership test.", l_contains},
    {T::kList, "get", 1, 1, "Element at an index (error when out of range).", l_get},
    {T::kMap, "size", 0, 0, "Number of entries.", m_size},
    {T::kMap, "isEmpty", 0, 0, "True when there are no entries.", m_is_empty},
    {T::kMap, "containsKey", 1, 1, "Key test.", m_contains_key},
    {T::kMap, "get", 1, 1, "Entry for a key or null.", m_get},
    {T::kLong, "toString", 0, 0, "Decimal text.", any_to_string},
    {T::kDouble, "toString", 0, 0, "Java's Double.toString.", any_to_string},
    {T::kBool, "toString", 0, 0, "\"true\" or \"false\".", any_to_string},
};

}  // namespace

std::span<const FunctionSpec> builtin_functions() { return kFunctions; }
std::span<const MethodSpec> builtin_methods() { return kMethods; }

const FunctionSpec* find_function(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Result<Value> call_method(const Value& self, std::string_view name, std::span<const Value> args) {
  if (self.is_object()) return self.as_object().call(name, args);
  const int n = static_cast<int>(args.size());
  for (const auto& m : kMethods) {
    if (m.receiver == self.type() && m.name == name && n >= m.min_args && n <= m.max_args) return m.impl(self, args);
  }
  return Error::invalid("Method not found: " + std::string(self.type_name()) + "." + std::string(name) + "(" +
                        std::to_string(n) + " argument(s))");
}

}  // namespace dpc::juel
