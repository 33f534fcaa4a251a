// Value construction, rendering, equality and ordering.
#include "dpc/feel/value.h"

namespace dpc::feel {

const char* type_name(Type t) {
  switch (t) {
    case Type::kNull: return "Null";
    case Type::kBoolean: return "boolean";
    case Type::kNumber: return "number";
    case Type::kString: return "string";
    case Type::kDate: return "date";
    case Type::kTime: return "time";
    case Type::kDateTime: return "date and time";
    case Type::kDtDuration: return "days and time duration";
    case Type::kYmDuration: return "years and months duration";
    case Type::kList: return "list";
    case Type::kContext: return "context";
    case Type::kRange: return "range";
    case Type::kFunction: return "function";
  }
  return "?";
}

Value::Value(List l) : v_(std::make_shared<const List>(std::move(l))) {}
Value::Value(Context c) : v_(std::make_shared<const Context>(std::move(c))) {}
Value::Value(Range r) : v_(std::make_shared<const Range>(std::move(r))) {}

const Value* Context::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

void Context::set(std::string key, Value v) {
  for (auto& [k, old] : entries) {
    if (k == key) {
      old = std::move(v);
      return;
    }
  }
  entries.emplace_back(std::move(key), std::move(v));
}

namespace {
std::string render(const Value& v, bool quote) {
  switch (v.type()) {
    case Type::kNull: return "null";
    case Type::kBoolean: return v.as_bool() ? "true" : "false";
    case Type::kNumber: return v.as_number().to_string();
    case Type::kString: {
      if (!quote) return v.as_string();
      std::string out = "\"";
      for (char c : v.as_string()) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case Type::kDate: return format(v.as_date());
    case Type::kTime: return format(v.as_time());
    case Type::kDateTime: return format(v.as_date_time());
    case Type::kDtDuration: return format(v.as_dt_duration());
    case Type::kYmDuration: return format(v.as_ym_duration());
    case Type::kList: {
      std::string out = "[";
      bool first = true;
      for (const auto& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        out += render(e, quote);
      }
      return out + "]";
    }
    case Type::kContext: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.as_context().entries) {
        if (!first) out += ", ";
        first = false;
        out += k + ": " + render(e, quote);
      }
      return out + "}";
    }
    case Type::kRange: {
      const Range& r = v.as_range();
      return std::string(r.low_closed ? "[" : "(") + render(r.low, quote) + ".." + render(r.high, quote) +
             (r.high_closed ? "]" : ")");
    }
    case Type::kFunction: return "function " + v.as_function().name;
  }
  return "?";
}

std::optional<int> cmp3(auto a, auto b) { return a < b ? -1 : (a > b ? 1 : 0); }

// Instant of a time of day, normalised by its offset; nullopt offset when local.
std::pair<__int128, bool> time_instant(const Time& t) {
  std::optional<int32_t> off = t.offset;
  if (!off && !t.zone.empty()) off = zone_offset_at(t.zone, Date{}, t.nanos);
  if (!off) return {t.nanos, false};
  return {static_cast<__int128>(t.nanos) - static_cast<__int128>(*off) * 1000000000, true};
}
}  // namespace

std::string Value::to_string() const { return render(*this, false); }
std::string Value::debug_string() const { return render(*this, true); }

std::optional<int> values_compare(const Value& a, const Value& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case Type::kNumber: return Decimal::compare(a.as_number(), b.as_number());
    case Type::kString: return cmp3(a.as_string(), b.as_string());
    case Type::kDate: return cmp3(a.as_date().epoch_day(), b.as_date().epoch_day());
    case Type::kTime: {
      auto [x, xz] = time_instant(a.as_time());
      auto [y, yz] = time_instant(b.as_time());
      if (xz != yz) return std::nullopt;
      return cmp3(x, y);
    }
    case Type::kDateTime: {
      bool xz = a.as_date_time().effective_offset().has_value();
      bool yz = b.as_date_time().effective_offset().has_value();
      if (xz != yz) return std::nullopt;
      return cmp3(a.as_date_time().instant_nanos(), b.as_date_time().instant_nanos());
    }
    case Type::kDtDuration: return cmp3(a.as_dt_duration().nanos, b.as_dt_duration().nanos);
    case Type::kYmDuration: return cmp3(a.as_ym_duration().months, b.as_ym_duration().months);
    default: return std::nullopt;
  }
}

namespace {
// FEEL compares times and date-times for equality at a resolution of one second.
__int128 whole_seconds(__int128 nanos) {
  __int128 q = nanos / 1000000000;
  return (nanos % 1000000000 < 0) ? q - 1 : q;
}
}  // namespace

std::optional<bool> values_equal(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case Type::kBoolean: return a.as_bool() == b.as_bool();
    case Type::kList: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        auto e = values_equal(x[i], y[i]);
        if (!e) return std::nullopt;
        if (!*e) return false;
      }
      return true;
    }
    case Type::kContext: {
      const Context& x = a.as_context();
      const Context& y = b.as_context();
      if (x.entries.size() != y.entries.size()) return false;
      for (const auto& [k, v] : x.entries) {
        const Value* o = y.find(k);
        if (!o) return false;
        auto e = values_equal(v, *o);
        if (!e || !*e) return e;
      }
      return true;
    }
    case Type::kRange: {
      const Range& x = a.as_range();
      const Range& y = b.as_range();
      if (x.low_closed != y.low_closed || x.high_closed != y.high_closed) return false;
      if (x.low_unbounded != y.low_unbounded || x.high_unbounded != y.high_unbounded || x.point != y.point)
        return false;
      auto l = values_equal(x.low, y.low);
      auto h = values_equal(x.high, y.high);
      return l.value_or(false) && h.value_or(false);
    }
    case Type::kFunction: return a.function_ptr() == b.function_ptr();
    case Type::kTime: {
      auto [x, xz] = time_instant(a.as_time());
      auto [y, yz] = time_instant(b.as_time());
      return xz == yz && whole_seconds(x) == whole_seconds(y);
    }
    case Type::kDateTime: {
      const DateTime& x = a.as_date_time();
      const DateTime& y = b.as_date_time();
      bool xz = x.effective_offset().has_value(), yz = y.effective_offset().has_value();
      return xz == yz && whole_seconds(x.instant_nanos()) == whole_seconds(y.instant_nanos());
    }
    default: {
      auto c = values_compare(a, b);
      if (!c) return std::nullopt;
      return *c == 0;
    }
  }
}

bool values_identical(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  if (a.is(Type::kList)) {
    const List& x = a.as_list();
    const List& y = b.as_list();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!values_identical(x[i], y[i])) return false;
    return true;
  }
  if (a.is(Type::kContext)) {
    const Context& x = a.as_context();
    const Context& y = b.as_context();
    if (x.entries.size() != y.entries.size()) return false;
    for (const auto& [k, v] : x.entries) {
      const Value* o = y.find(k);
      if (!o || !values_identical(v, *o)) return false;
    }
    return true;
  }
  if (a.is(Type::kTime)) return a.as_time() == b.as_time();
  if (a.is(Type::kDateTime)) return a.as_date_time() == b.as_date_time();
  auto e = values_equal(a, b);
  return e.value_or(false);
}

}  // namespace dpc::feel
