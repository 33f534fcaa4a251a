// Solving the APR equation (see apr.h). f(X) = sum a_i (1+X)^-t_i over signed flows is
// strictly monotone for the usual shape (drawdowns first, repayments later), so one root.
#include "dpc/market/apr.h"

#include <cmath>

namespace dpc::market {

namespace {

double npv(const std::vector<CashFlow>& flows, double x) {
  double sum = 0;
  for (const auto& f : flows) sum += f.amount * std::pow(1.0 + x, -f.years);
  return sum;
}

double npv_derivative(const std::vector<CashFlow>& flows, double x) {
  double sum = 0;
  for (const auto& f : flows) sum += -f.years * f.amount * std::pow(1.0 + x, -f.years - 1.0);
  return sum;
}

constexpr double kLow = -0.999999;  // just above -100%
constexpr double kTolerance = 1e-12;

}  // namespace

Result<double> annual_percentage_rate(const std::vector<CashFlow>& flows) {
  bool drawn = false, repaid = false;
  for (const auto& f : flows) {
    drawn = drawn || f.amount > 0;
    repaid = repaid || f.amount < 0;
  }
  if (!drawn || !repaid) return Error::invalid("the APR needs at least one drawdown and one repayment");

  double x = 0.1;
  for (int i = 0; i < 50; ++i) {
    double fx = npv(flows, x);
    double dfx = npv_derivative(flows, x);
    if (dfx == 0 || !std::isfinite(fx) || !std::isfinite(dfx)) break;
    double next = x - fx / dfx;
    if (!std::isfinite(next) || next <= kLow) break;
    if (std::fabs(next - x) < kTolerance) return next;
    x = next;
  }

  // Bisection: widen the upper end until the sign changes (a payday loan's APR runs into
  // thousands of percent), then halve.
  double lo = kLow, hi = 1.0;
  double flo = npv(flows, lo);
  while (std::signbit(npv(flows, hi)) == std::signbit(flo) && hi < 1e9) hi *= 4;
  if (std::signbit(npv(flows, hi)) == std::signbit(flo)) {
    return Error::invalid("the APR equation has no solution for these payments");
  }
  for (int i = 0; i < 400 && hi - lo > kTolerance; ++i) {
    double mid = (lo + hi) / 2;
    if (std::signbit(npv(flows, mid)) == std::signbit(flo)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

double percent_two_decimals(double fraction) {
  // The 1e-9 guard keeps 12.345 (stored as 12.34499999...) rounding up as written.
  return std::round(fraction * 10000.0 + 1e-9) / 100.0;
}

}  // namespace dpc::market
