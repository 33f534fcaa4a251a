// Conversion built-ins: date, time, date and time, duration, number, string, not, @-literals.
#include "builtin_util.h"
#include "operators.h"

namespace dpc::feel {
using namespace bi;

namespace {
constexpr int64_t kNs = 1000000000;

Value parse_temporal_literal(const std::string& s) {
  if (!s.empty() && (s[0] == 'P' || (s.size() > 1 && s[0] == '-' && s[1] == 'P'))) {
    if (auto d = parse_ym_duration(s)) return *d;
    if (auto d = parse_dt_duration(s)) return *d;
    return {};
  }
  if (s.find('T') != std::string::npos) {
    if (auto d = parse_date_time(s)) return *d;
    return {};
  }
  if (auto d = parse_date(s)) return *d;
  if (auto t = parse_time(s)) return *t;
  return {};
}

Value date_from(Args a, EvalContext&) {
  const Value& v = arg(a, 0);
  if (v.is(Type::kString)) {
    if (auto d = parse_date(v.as_string())) return *d;
    return {};
  }
  if (v.is(Type::kDate)) return v;
  if (v.is(Type::kDateTime)) return v.as_date_time().date;
  return {};
}

Value date_ymd(Args a, EvalContext&) {
  auto y = integer(a, 0), m = integer(a, 1), d = integer(a, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return {};
  if (*y < -999999999 || *y > 999999999) return {};
  if (*d > days_in_month(*y, static_cast<int>(*m))) return {};
  return Date{*y, static_cast<int>(*m), static_cast<int>(*d)};
}

Value date_time_from(Args a, EvalContext&) {
  const Value& v = arg(a, 0);
  if (v.is(Type::kString)) {
    if (auto d = parse_date_time(v.as_string())) return *d;
    return {};
  }
  if (v.is(Type::kDateTime)) return v;
  if (v.is(Type::kDate)) return DateTime{v.as_date(), Time{}};
  return {};
}

Value date_time_combine(Args a, EvalContext&) {
  const Value& d = arg(a, 0);
  const Value& t = arg(a, 1);
  if (!t.is(Type::kTime)) return {};
  if (d.is(Type::kDate)) return DateTime{d.as_date(), t.as_time()};
  if (d.is(Type::kDateTime)) return DateTime{d.as_date_time().date, t.as_time()};
  return {};
}

Value time_from(Args a, EvalContext&) {
  const Value& v = arg(a, 0);
  if (v.is(Type::kString)) {
    if (auto t = parse_time(v.as_string())) return *t;
    return {};
  }
  if (v.is(Type::kTime)) return v;
  if (v.is(Type::kDateTime)) return v.as_date_time().time;
  if (v.is(Type::kDate)) return Time{0, 0, ""};
  return {};
}

Value time_hms(Args a, EvalContext&) {
  auto h = integer(a, 0), m = integer(a, 1);
  const Decimal* s = num(a, 2);
  if (!h || !m || !s || *h < 0 || *h > 23 || *m < 0 || *m > 59) return {};
  auto ns = Decimal::mul(*s, Decimal::from_int(kNs));
  if (!ns) return {};
  auto sn = ns->round(0, Decimal::Rounding::kDown).to_int64();
  if (!sn || *sn < 0 || *sn >= 60 * kNs) return {};
  Time t;
  t.nanos = (*h * 3600 + *m * 60) * kNs + *sn;
  const Value& off = arg(a, 3);
  if (off.is(Type::kDtDuration)) t.offset = static_cast<int32_t>(off.as_dt_duration().nanos / kNs);
  else if (!off.is_null()) return {};
  return t;
}

Value duration_from(Args a, EvalContext&) {
  const std::string* s = str(a, 0);
  if (!s) return {};
  if (auto d = parse_ym_duration(*s)) return *d;
  if (auto d = parse_dt_duration(*s)) return *d;
  return {};
}

Value ym_between(Args a, EvalContext&) {
  auto to_dt = [](const Value& v) -> std::optional<DateTime> {
    if (v.is(Type::kDate)) return DateTime{v.as_date(), Time{}};
    if (v.is(Type::kDateTime)) return v.as_date_time();
    return std::nullopt;
  };
  auto f = to_dt(arg(a, 0)), t = to_dt(arg(a, 1));
  if (!f || !t) return {};
  int64_t months = (t->date.year - f->date.year) * 12 + (t->date.month - f->date.month);
  // Only whole months count: step back one when the day/time has not been reached.
  // Like java.time.Period between the two dates: the time of day does not count.
  auto before = [](const DateTime& x, const DateTime& y) { return x.date.day < y.date.day; };
  if (months > 0 && before(*t, *f)) --months;
  if (months < 0 && before(*f, *t)) ++months;
  return YearsMonthsDuration{months};
}

Value number_from(Args a, EvalContext&) {
  const std::string* s = str(a, 0);
  if (!s) return {};
  const Value& g = arg(a, 1);
  const Value& d = arg(a, 2);
  std::string grouping = g.is(Type::kString) ? g.as_string() : "";
  std::string decimal = d.is(Type::kString) ? d.as_string() : ".";
  if ((!g.is_null() && !g.is(Type::kString)) || (!d.is_null() && !d.is(Type::kString))) return {};
  if (!grouping.empty() && grouping != " " && grouping != "," && grouping != ".") return {};
  if (decimal != "," && decimal != ".") return {};
  if (!grouping.empty() && grouping == decimal) return {};
  std::string out;
  for (char c : *s) {
    if (!grouping.empty() && c == grouping[0]) continue;
    out += (c == decimal[0]) ? '.' : c;
  }
  return Value::from_optional(Decimal::parse(out));
}
}  // namespace

void add_conversion_builtins(std::vector<BuiltinSpec>& t) {
  t.push_back({"date", {p("from")}, "date from a string, date or date and time", date_from});
  t.push_back({"date", {p("year"), p("month"), p("day")}, "date from its parts", date_ymd});
  t.push_back({"date and time", {p("from")}, "date and time from a string or date", date_time_from});
  t.push_back({"date and time", {p("date"), p("time")}, "date and time from a date and a time", date_time_combine});
  t.push_back({"time", {p("from")}, "time from a string, time or date and time", time_from});
  t.push_back({"time", {p("hour"), p("minute"), p("second"), opt("offset")}, "time from its parts", time_hms});
  t.push_back({"duration", {p("from")}, "days-and-time or years-and-months duration from a string", duration_from});
  t.push_back({"years and months duration", {p("from"), p("to")}, "whole months between two dates", ym_between});
  t.push_back({"number", {p("from"), opt("grouping separator"), opt("decimal separator")},
               "number from a string", number_from});
  t.push_back({"string", {p("from")}, "string rendering of any value",
               [](Args a, EvalContext&) -> Value { return arg(a, 0).is_null() ? Value() : Value(arg(a, 0).to_string()); }});
  t.push_back({"not", {p("negand")}, "logical negation; null for non-booleans",
               [](Args a, EvalContext&) -> Value {
                 return arg(a, 0).is(Type::kBoolean) ? Value(!arg(a, 0).as_bool()) : Value();
               }});
  t.push_back({"@", {p("literal")}, "temporal literal @\"...\"",
               [](Args a, EvalContext&) -> Value { return str(a, 0) ? parse_temporal_literal(*str(a, 0)) : Value(); }});
}

}  // namespace dpc::feel
