// Term-deposit interest and tax (see term_deposit.h).
#include "dpc/market/term_deposit.h"

#include <cmath>

namespace dpc::market {

Grosz capital_gains_tax(Grosz gross) {
  if (gross <= 0) return 0;
  return (gross * kCapitalGainsTaxPercent + 99) / 100;
}

Result<DepositSimulation> simulate_term_deposit(const DepositTerms& t) {
  if (!std::isfinite(t.amount) || t.amount <= 0 || t.amount > 100'000'000 || !whole_grosz(t.amount)) {
    return Error::invalid("amount must be greater than 0 and at most 100000000, with at most two decimal places");
  }
  if (!std::isfinite(t.annual_rate) || t.annual_rate < 0 || t.annual_rate > 100) {
    return Error::invalid("annualRate must be between 0 and 100 (percent a year)");
  }
  if ((t.months == 0) == (t.days == 0)) return Error::invalid("months or days: give exactly one of them");
  if (t.months != 0 && (t.months < 1 || t.months > 120)) return Error::invalid("months must be between 1 and 120");
  if (t.days != 0 && (t.days < 1 || t.days > 3660)) return Error::invalid("days must be between 1 and 3660");
  if (!t.start.ok()) return Error::invalid("startDate must be a date (YYYY-MM-DD)");

  DepositSimulation out;
  out.terms = t;
  if (t.months != 0) {
    out.maturity = add_months(t.start, t.months);
    out.days = days_between(t.start, out.maturity);
  } else {
    out.days = t.days;
    out.maturity = Date{std::chrono::sys_days{t.start} + std::chrono::days{t.days}};
  }
  const Grosz amount = to_grosz(t.amount);
  out.gross_interest = mul_div_round(amount * out.days, rate_units(t.annual_rate), 365 * 100 * kRateUnitsPerPercent);
  out.tax = capital_gains_tax(out.gross_interest);
  out.net_interest = out.gross_interest - out.tax;
  out.payout = amount + out.net_interest;
  return out;
}

}  // namespace dpc::market
