// The minimum-repayment path of a card balance (see credit_card.h).
#include "dpc/market/credit_card.h"

#include <algorithm>
#include <cmath>

namespace dpc::market {

Result<CardSimulation> simulate_credit_card(const CardTerms& t) {
  if (!std::isfinite(t.balance) || t.balance <= 0 || t.balance > 10'000'000 || !whole_grosz(t.balance)) {
    return Error::invalid("balance must be greater than 0 and at most 10000000, with at most two decimal places");
  }
  if (!std::isfinite(t.annual_rate) || t.annual_rate < 0 || t.annual_rate > 100) {
    return Error::invalid("annualRate must be between 0 and 100 (percent a year)");
  }
  if (!std::isfinite(t.minimum_percent) || t.minimum_percent <= 0 || t.minimum_percent > 100) {
    return Error::invalid("minimumPercent must be greater than 0 and at most 100");
  }
  if (!std::isfinite(t.minimum_amount) || t.minimum_amount < 0 || !whole_grosz(t.minimum_amount)) {
    return Error::invalid("minimumAmount must be at least 0, with at most two decimal places");
  }
  CardSimulation out;
  out.terms = t;
  const int64_t rate = rate_units(t.annual_rate);
  const int64_t minimum_rate = rate_units(t.minimum_percent);
  const Grosz floor_payment = to_grosz(t.minimum_amount);
  Grosz balance = to_grosz(t.balance);
  while (balance > 0) {
    if (out.months == kMaxCardMonths) {
      return Error::invalid("minimumPercent is too low: paying the minimum does not repay the balance in 100 years");
    }
    CardMonth m;
    m.n = ++out.months;
    m.interest = mul_div_round(balance, rate, 12 * 100 * kRateUnitsPerPercent);
    balance += m.interest;
    Grosz minimum = std::max(mul_div_round(balance, minimum_rate, 100 * kRateUnitsPerPercent), floor_payment);
    m.payment = std::min(std::max<Grosz>(minimum, 1), balance);
    if (m.payment <= m.interest && m.payment < balance) {
      return Error::invalid("minimumPercent is too low: the minimum payment does not cover the interest, so the "
                            "balance never goes down");
    }
    balance -= m.payment;
    m.balance = balance;
    out.total_interest += m.interest;
    out.total_paid += m.payment;
    out.path.push_back(m);
  }
  return out;
}

}  // namespace dpc::market
