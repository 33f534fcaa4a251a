// Money as whole grosz (1/100 of a złoty) in a 64-bit integer, so schedules add up exactly;
// and the one rounding rule the simulators use for amounts (half away from zero). Pure.
#pragma once

#include <cmath>
#include <cstdint>

namespace dpc::market {

using Grosz = int64_t;

// A złoty amount (e.g. 20000.5) to grosz, rounded half away from zero.
inline Grosz to_grosz(double zloty) { return static_cast<Grosz>(std::llround(zloty * 100.0)); }
// A fractional number of grosz (interest of a period) rounded to a whole grosz.
inline Grosz round_grosz(double grosz) { return static_cast<Grosz>(std::llround(grosz)); }
// A percentage rate in units of 1/10000 of a percent (5.8% -> 58000), so that interest on
// exact halves of a grosz rounds the way a hand calculation does; finer rates are rounded.
inline int64_t rate_units(double percent) { return std::llround(percent * 10000.0); }
inline constexpr int64_t kRateUnitsPerPercent = 10000;
// round(a x b / d) half away from zero, exactly (128-bit intermediate); d > 0.
inline Grosz mul_div_round(int64_t a, int64_t b, int64_t d) {
  __int128 n = static_cast<__int128>(a) * b;
  __int128 q = (n >= 0 ? n + d / 2 : n - d / 2) / d;
  return static_cast<Grosz>(q);
}
inline double to_zloty(Grosz g) { return static_cast<double>(g) / 100.0; }
// True when `zloty` has at most two decimal places (allowing binary-fraction noise).
inline bool whole_grosz(double zloty) {
  double g = zloty * 100.0;
  return std::fabs(g - std::round(g)) < 1e-6;
}

}  // namespace dpc::market
