// Numeric built-ins.
#include <cmath>

#include "builtin_util.h"

namespace dpc::feel {
using namespace bi;

namespace {
NativeFn rounding(Decimal::Rounding mode, bool scale_required) {
  return [mode, scale_required](Args a, EvalContext&) -> Value {
    const Decimal* n = num(a, 0);
    if (!n) return {};
    int64_t scale = 0;
    if (scale_required || a.size() > 1) {
      auto s = integer(a, 1);
      if (!s || *s < -6111 || *s > 6176) return {};
      scale = *s;
    }
    return n->round(static_cast<int>(scale), mode);
  };
}

NativeFn via_double(double (*f)(double), bool positive) {
  return [f, positive](Args a, EvalContext&) -> Value {
    const Decimal* n = num(a, 0);
    if (!n) return {};
    if (positive && n->sign() <= 0 && !(f == static_cast<double (*)(double)>(std::sqrt) && n->is_zero())) return {};
    return Value::from_optional(Decimal::from_double(f(n->to_double())));
  };
}
}  // namespace

void add_numeric_builtins(std::vector<BuiltinSpec>& t) {
  using R = Decimal::Rounding;
  t.push_back({"decimal", {p("n"), p("scale")}, "round half even to scale", rounding(R::kHalfEven, true)});
  t.push_back({"floor", {p("n"), opt("scale")}, "round toward negative infinity", rounding(R::kFloor, false)});
  t.push_back({"ceiling", {p("n"), opt("scale")}, "round toward positive infinity", rounding(R::kCeiling, false)});
  t.push_back({"round up", {p("n"), p("scale")}, "round away from zero", rounding(R::kUp, true)});
  t.push_back({"round down", {p("n"), p("scale")}, "round toward zero", rounding(R::kDown, true)});
  t.push_back({"round half up", {p("n"), p("scale")}, "round half away from zero", rounding(R::kHalfUp, true)});
  t.push_back({"round half down", {p("n"), p("scale")}, "round half toward zero", rounding(R::kHalfDown, true)});
  t.push_back({"abs", {p("n")}, "absolute value", [](Args a, EvalContext&) -> Value {
                 const Value& v = single(arg(a, 0));
                 if (v.is(Type::kNumber)) return v.as_number().abs();
                 if (v.is(Type::kDtDuration)) return DaysTimeDuration{v.as_dt_duration().nanos < 0 ? -v.as_dt_duration().nanos : v.as_dt_duration().nanos};
                 if (v.is(Type::kYmDuration)) return YearsMonthsDuration{std::abs(v.as_ym_duration().months)};
                 return {};
               }});
  t.push_back({"modulo", {p("dividend"), p("divisor")}, "floored remainder", [](Args a, EvalContext&) -> Value {
                 const Decimal *x = num(a, 0), *y = num(a, 1);
                 if (!x || !y) return {};
                 return Value::from_optional(Decimal::mod(*x, *y));
               }});
  t.push_back({"sqrt", {p("number")}, "square root", [](Args a, EvalContext&) -> Value {
                 const Decimal* n = num(a, 0);
                 if (!n || n->sign() < 0) return {};
                 if (n->is_zero()) return Decimal{};
                 Decimal x = *Decimal::from_double(std::sqrt(n->to_double()));
                 for (int i = 0; i < 6; ++i) x = *Decimal::div(*Decimal::add(x, *Decimal::div(*n, x)), Decimal::from_int(2));
                 return x;
               }});
  t.push_back({"log", {p("number")}, "natural logarithm", via_double(static_cast<double (*)(double)>(std::log), true)});
  t.push_back({"exp", {p("number")}, "e raised to number", via_double(static_cast<double (*)(double)>(std::exp), false)});
  t.push_back({"odd", {p("number")}, "whether an integer is odd", [](Args a, EvalContext&) -> Value {
                 const Decimal* n = num(a, 0);
                 if (!n || !n->is_integer()) return n ? Value(false) : Value();
                 return !Decimal::mod(*n, Decimal::from_int(2))->is_zero();
               }});
  t.push_back({"even", {p("number")}, "whether an integer is even", [](Args a, EvalContext&) -> Value {
                 const Decimal* n = num(a, 0);
                 if (!n || !n->is_integer()) return n ? Value(false) : Value();
                 return Decimal::mod(*n, Decimal::from_int(2))->is_zero();
               }});
}

}  // namespace dpc::feel
