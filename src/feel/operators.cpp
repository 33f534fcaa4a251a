// Arithmetic over numbers, strings, temporals and durations; temporal properties.
#include "operators.h"

namespace dpc::feel {

namespace {
constexpr int64_t kNs = 1000000000;
constexpr __int128 kDayNs = static_cast<__int128>(86400) * kNs;

__int128 floor_div(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

Value number_op(Op op, const Decimal& x, const Decimal& y) {
  switch (op) {
    case Op::kAdd: return Value::from_optional(Decimal::add(x, y));
    case Op::kSub: return Value::from_optional(Decimal::sub(x, y));
    case Op::kMul: return Value::from_optional(Decimal::mul(x, y));
    case Op::kDiv: return Value::from_optional(Decimal::div(x, y));
    case Op::kPow: return Value::from_optional(Decimal::pow(x, y));
    default: return {};
  }
}

Value scale_dt(const DaysTimeDuration& d, const Decimal& f, bool divide) {
  auto nanos = Decimal::parse(std::to_string(static_cast<long long>(d.nanos / kNs)));
  if (!nanos) return {};
  auto total = Decimal::add(*Decimal::mul(*nanos, Decimal::from_int(kNs)), Decimal::from_int(static_cast<int64_t>(d.nanos % kNs)));
  auto r = divide ? Decimal::div(*total, f) : Decimal::mul(*total, f);
  if (!r) return {};
  auto n = r->round(0, Decimal::Rounding::kHalfEven).to_int64();
  if (!n) return {};
  return DaysTimeDuration{*n};
}

Value scale_ym(const YearsMonthsDuration& d, const Decimal& f, bool divide) {
  auto r = divide ? Decimal::div(Decimal::from_int(d.months), f) : Decimal::mul(Decimal::from_int(d.months), f);
  if (!r) return {};
  auto n = r->round(0, Decimal::Rounding::kDown).to_int64();
  if (!n) return {};
  return YearsMonthsDuration{*n};
}

__int128 local_nanos(const DateTime& dt) { return static_cast<__int128>(dt.date.epoch_day()) * kDayNs + dt.time.nanos; }

DateTime date_as_date_time(const Date& d) { return DateTime{d, Time{}}; }

Value temporal_diff(const DateTime& a, const DateTime& b) {
  bool az = a.effective_offset().has_value(), bz = b.effective_offset().has_value();
  if (az != bz) return {};
  return DaysTimeDuration{a.instant_nanos() - b.instant_nanos()};
}
}  // namespace

DateTime add_nanos(const DateTime& dt, __int128 nanos) {
  __int128 n = local_nanos(dt) + nanos;
  DateTime r = dt;
  __int128 day = floor_div(n, kDayNs);
  r.date = Date::from_epoch_day(static_cast<int64_t>(day));
  r.time.nanos = static_cast<int64_t>(n - day * kDayNs);
  return r;
}

DateTime add_months(const DateTime& dt, int64_t months) {
  DateTime r = dt;
  int64_t total = dt.date.year * 12 + (dt.date.month - 1) + months;
  int64_t y = total >= 0 ? total / 12 : -((-total + 11) / 12);
  int m = static_cast<int>(total - y * 12) + 1;
  r.date.year = y;
  r.date.month = m;
  r.date.day = std::min(dt.date.day, days_in_month(y, m));
  return r;
}

Value to_date_time_value(const Date& d) { return date_as_date_time(d); }

Value negate(const Value& a) {
  switch (a.type()) {
    case Type::kNumber: return a.as_number().negate();
    case Type::kDtDuration: return DaysTimeDuration{-a.as_dt_duration().nanos};
    case Type::kYmDuration: return YearsMonthsDuration{-a.as_ym_duration().months};
    default: return {};
  }
}

Value arithmetic(Op op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return {};
  Type ta = a.type(), tb = b.type();
  if (ta == Type::kNumber && tb == Type::kNumber) return number_op(op, a.as_number(), b.as_number());
  if (op == Op::kAdd && ta == Type::kString && tb == Type::kString) return a.as_string() + b.as_string();
  bool add = op == Op::kAdd, sub = op == Op::kSub;
  if (add || sub) {
    if (ta == Type::kDtDuration && tb == Type::kDtDuration)
      return DaysTimeDuration{add ? a.as_dt_duration().nanos + b.as_dt_duration().nanos
                                  : a.as_dt_duration().nanos - b.as_dt_duration().nanos};
    if (ta == Type::kYmDuration && tb == Type::kYmDuration)
      return YearsMonthsDuration{add ? a.as_ym_duration().months + b.as_ym_duration().months
                                     : a.as_ym_duration().months - b.as_ym_duration().months};
    // temporal ± duration (and duration + temporal)
    const Value* t = &a;
    const Value* d = &b;
    if (add && (ta == Type::kDtDuration || ta == Type::kYmDuration)) std::swap(t, d);
    Type tt = t->type(), td = d->type();
    int sign = sub ? -1 : 1;
    if (td == Type::kDtDuration || td == Type::kYmDuration) {
      auto shift = [&](const DateTime& dt) {
        return td == Type::kDtDuration ? add_nanos(dt, sign * d->as_dt_duration().nanos)
                                       : add_months(dt, sign * d->as_ym_duration().months);
      };
      if (tt == Type::kDateTime) return shift(t->as_date_time());
      if (tt == Type::kDate) return shift(date_as_date_time(t->as_date())).date;
      if (tt == Type::kTime && td == Type::kDtDuration) {
        __int128 n = (static_cast<__int128>(t->as_time().nanos) + sign * d->as_dt_duration().nanos) % kDayNs;
        if (n < 0) n += kDayNs;
        Time r = t->as_time();
        r.nanos = static_cast<int64_t>(n);
        return r;
      }
      if (tt == Type::kTime) return {};
    }
    if (sub) {
      if (ta == Type::kDateTime && tb == Type::kDateTime) return temporal_diff(a.as_date_time(), b.as_date_time());
      if (ta == Type::kDate && tb == Type::kDate)
        return DaysTimeDuration{static_cast<__int128>(a.as_date().epoch_day() - b.as_date().epoch_day()) * kDayNs};
      // Against a date and time, a date stands for its midnight UTC.
      auto utc_midnight = [](const Date& d) { return DateTime{d, Time{0, 0, ""}}; };
      if (ta == Type::kDate && tb == Type::kDateTime) return temporal_diff(utc_midnight(a.as_date()), b.as_date_time());
      if (ta == Type::kDateTime && tb == Type::kDate) return temporal_diff(a.as_date_time(), utc_midnight(b.as_date()));
      if (ta == Type::kTime && tb == Type::kTime) {
        DateTime x{Date{}, a.as_time()}, y{Date{}, b.as_time()};
        return temporal_diff(x, y);
      }
    }
    return {};
  }
  if (op == Op::kMul) {
    if (ta == Type::kDtDuration && tb == Type::kNumber) return scale_dt(a.as_dt_duration(), b.as_number(), false);
    if (ta == Type::kNumber && tb == Type::kDtDuration) return scale_dt(b.as_dt_duration(), a.as_number(), false);
    if (ta == Type::kYmDuration && tb == Type::kNumber) return scale_ym(a.as_ym_duration(), b.as_number(), false);
    if (ta == Type::kNumber && tb == Type::kYmDuration) return scale_ym(b.as_ym_duration(), a.as_number(), false);
    return {};
  }
  if (op == Op::kDiv) {
    if (ta == Type::kDtDuration && tb == Type::kNumber) {
      if (b.as_number().is_zero()) return {};
      return scale_dt(a.as_dt_duration(), b.as_number(), true);
    }
    if (ta == Type::kYmDuration && tb == Type::kNumber) {
      if (b.as_number().is_zero()) return {};
      return scale_ym(a.as_ym_duration(), b.as_number(), true);
    }
    if (ta == Type::kDtDuration && tb == Type::kDtDuration) {
      auto x = Decimal::parse(std::to_string(static_cast<long long>(a.as_dt_duration().nanos)));
      auto y = Decimal::parse(std::to_string(static_cast<long long>(b.as_dt_duration().nanos)));
      return Value::from_optional(Decimal::div(*x, *y));
    }
    if (ta == Type::kYmDuration && tb == Type::kYmDuration)
      return Value::from_optional(
          Decimal::div(Decimal::from_int(a.as_ym_duration().months), Decimal::from_int(b.as_ym_duration().months)));
  }
  return {};
}

Value property(const Value& base, const std::string& name, bool& found) {
  found = true;
  auto num = [](int64_t v) { return Value(Decimal::from_int(v)); };
  auto time_props = [&](const Time& t, std::optional<int32_t> off) -> Value {
    if (name == "hour") return num(t.nanos / (3600 * kNs));
    if (name == "minute") return num((t.nanos / (60 * kNs)) % 60);
    if (name == "second") {
      auto s = Decimal::from_int((t.nanos / kNs) % 60);
      if (t.nanos % kNs == 0) return s;
      return Value::from_optional(Decimal::add(s, *Decimal::div(Decimal::from_int(t.nanos % kNs), Decimal::from_int(kNs))));
    }
    if (name == "time offset") return off ? Value(DaysTimeDuration{static_cast<__int128>(*off) * kNs}) : Value();
    if (name == "timezone") return t.zone.empty() ? Value() : Value(t.zone);
    found = false;
    return {};
  };
  auto date_props = [&](const Date& d) -> Value {
    if (name == "year") return num(d.year);
    if (name == "month") return num(d.month);
    if (name == "day") return num(d.day);
    if (name == "weekday") {
      int64_t w = (d.epoch_day() + 3) % 7;  // 1970-01-01 was a Thursday
      if (w < 0) w += 7;
      return num(w + 1);
    }
    found = false;
    return {};
  };
  switch (base.type()) {
    case Type::kDate: return date_props(base.as_date());
    case Type::kDateTime: {
      Value v = date_props(base.as_date_time().date);
      if (found) return v;
      found = true;
      return time_props(base.as_date_time().time, base.as_date_time().effective_offset());
    }
    case Type::kTime: return time_props(base.as_time(), base.as_time().offset);
    case Type::kDtDuration: {
      __int128 n = base.as_dt_duration().nanos;
      int sign = n < 0 ? -1 : 1;
      __int128 a = n < 0 ? -n : n;
      __int128 secs = a / kNs;
      if (name == "days") return num(sign * static_cast<int64_t>(secs / 86400));
      if (name == "hours") return num(sign * static_cast<int64_t>((secs / 3600) % 24));
      if (name == "minutes") return num(sign * static_cast<int64_t>((secs / 60) % 60));
      if (name == "seconds") return num(sign * static_cast<int64_t>(secs % 60));
      break;
    }
    case Type::kYmDuration: {
      int64_t m = base.as_ym_duration().months;
      if (name == "years") return num(m / 12);
      if (name == "months") return num(m % 12);
      break;
    }
    case Type::kRange: {
      const Range& r = base.as_range();
      if (name == "start") return r.low;
      if (name == "end") return r.high;
      if (name == "start included") return r.low_closed;
      if (name == "end included") return r.high_closed;
      break;
    }
    case Type::kContext: {
      if (const Value* v = base.as_context().find(name)) return *v;
      break;
    }
    default: break;
  }
  found = false;
  return {};
}

}  // namespace dpc::feel
