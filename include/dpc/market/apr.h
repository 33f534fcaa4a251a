// The annual percentage rate of charge (APR, Polish RRSO) by the basic equation of Annex I of
// the Consumer Credit Directive 2008/48/EC: the rate X at which the present value of every
// drawdown equals the present value of every repayment and charge,
//   sum_k C_k (1+X)^-t_k = sum_l D_l (1+X)^-s_l,
// times in years from the first drawdown. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "dpc/core/result.h"

namespace dpc::market {

// One payment on the consumer's timeline: `amount` > 0 is paid to the consumer (a drawdown),
// < 0 is paid by the consumer (a repayment or a charge); `years` after the first drawdown.
struct CashFlow {
  double amount = 0;
  double years = 0;
};

// X as a fraction (0.1307 for 13.07%). Newton's method from 10%, falling back to bisection
// when a step leaves the domain or does not converge. kInvalidArgument when the flows have no
// root above -100% (nothing drawn, or nothing repaid).
Result<double> annual_percentage_rate(const std::vector<CashFlow>& flows);

// A rate in percent rounded to two decimals as Annex I remark (d) says (a following digit of
// 5 or more rounds up): 0.129620 -> 12.96.
double percent_two_decimals(double fraction);

}  // namespace dpc::market
