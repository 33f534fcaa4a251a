// Date and time built-ins: is, day of year, day of week, week of year, month of year, now, today.
#include <chrono>

#include "builtin_util.h"

namespace dpc::feel {
using namespace bi;

namespace {
std::optional<Date> date_of(const Value& v) {
  if (v.is(Type::kDate)) return v.as_date();
  if (v.is(Type::kDateTime)) return v.as_date_time().date;
  return std::nullopt;
}

int iso_weekday(const Date& d) {  // 1 = Monday
  int64_t w = (d.epoch_day() + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

int64_t iso_week(const Date& d) {
  int64_t doy = d.epoch_day() - Date{d.year, 1, 1}.epoch_day() + 1;
  int64_t w = (doy - iso_weekday(d) + 10) / 7;
  if (w < 1) {
    Date prev{d.year - 1, 12, 31};
    return iso_week(prev);
  }
  int64_t days_in_year = is_leap_year(d.year) ? 366 : 365;
  if (w == 53 && (days_in_year - doy) < (4 - iso_weekday(d))) return 1;
  return w;
}
}  // namespace

void add_temporal_builtins(std::vector<BuiltinSpec>& t) {
  t.push_back({"is", {opt("value1"), opt("value2")}, "same kind and same value (time zones must match)",
               [](Args a, EvalContext&) -> Value { return values_identical(arg(a, 0), arg(a, 1)); }});
  t.push_back({"day of year", {p("date")}, "1-based day in the year", [](Args a, EvalContext&) -> Value {
                 auto d = date_of(arg(a, 0));
                 if (!d) return {};
                 return Value(d->epoch_day() - Date{d->year, 1, 1}.epoch_day() + 1);
               }});
  t.push_back({"day of week", {p("date")}, "English day name", [](Args a, EvalContext&) -> Value {
                 static const char* names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
                 auto d = date_of(arg(a, 0));
                 return d ? Value(names[iso_weekday(*d) - 1]) : Value();
               }});
  t.push_back({"week of year", {p("date")}, "ISO 8601 week number", [](Args a, EvalContext&) -> Value {
                 auto d = date_of(arg(a, 0));
                 return d ? Value(iso_week(*d)) : Value();
               }});
  t.push_back({"month of year", {p("date")}, "English month name", [](Args a, EvalContext&) -> Value {
                 static const char* names[] = {"January", "February", "March", "April", "May", "June", "July",
                                               "August", "September", "October", "November", "December"};
                 auto d = date_of(arg(a, 0));
                 return d ? Value(names[d->month - 1]) : Value();
               }});
  t.push_back({"now", {}, "current date and time (UTC)", [](Args, EvalContext&) -> Value {
                 auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
                 int64_t day = ns / (86400LL * 1000000000);
                 return DateTime{Date::from_epoch_day(day), Time{ns - day * 86400LL * 1000000000, 0, ""}};
               }});
  t.push_back({"today", {}, "current date (UTC)", [](Args, EvalContext&) -> Value {
                 auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
                 return Date::from_epoch_day(s / 86400);
               }});
}

}  // namespace dpc::feel
