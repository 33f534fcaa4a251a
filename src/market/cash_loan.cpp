// Cash-loan schedule and APR (see cash_loan.h).
#include "dpc/market/cash_loan.h"

#include <cmath>

#include "dpc/market/apr.h"

namespace dpc::market {

namespace {

Status check_terms(const LoanTerms& t) {
  auto money_ok = [](double v) { return std::isfinite(v) && whole_grosz(v); };
  if (!std::isfinite(t.amount) || t.amount <= 0 || t.amount > kMaxLoanAmount) {
    return Error::invalid("amount must be greater than 0 and at most 10000000");
  }
  if (!money_ok(t.amount)) return Error::invalid("amount must have at most two decimal places");
  if (t.months < 1 || t.months > kMaxLoanMonths) return Error::invalid("months must be between 1 and 600");
  if (!std::isfinite(t.annual_rate) || t.annual_rate < 0 || t.annual_rate > kMaxAnnualRate) {
    return Error::invalid("annualRate must be between 0 and 100 (percent a year)");
  }
  if (!money_ok(t.upfront_fee) || t.upfront_fee < 0 || t.upfront_fee >= t.amount) {
    return Error::invalid("upfrontFee must be at least 0 and below the amount, with at most two decimal places");
  }
  if (!money_ok(t.monthly_fee) || t.monthly_fee < 0 || t.monthly_fee > t.amount) {
    return Error::invalid("monthlyFee must be between 0 and the amount, with at most two decimal places");
  }
  if (!t.start.ok()) return Error::invalid("startDate must be a date (YYYY-MM-DD)");
  return {};
}

}  // namespace

std::optional<InstalmentKind> parse_instalment_kind(std::string_view text) {
  if (text == "equal") return InstalmentKind::kEqual;
  if (text == "decreasing") return InstalmentKind::kDecreasing;
  return std::nullopt;
}

std::string_view instalment_kind_name(InstalmentKind kind) {
  return kind == InstalmentKind::kEqual ? "equal" : "decreasing";
}

Result<LoanSimulation> simulate_cash_loan(const LoanTerms& terms) {
  if (auto ok = check_terms(terms); !ok) return ok.error();
  LoanSimulation out;
  out.terms = terms;
  const Grosz amount = to_grosz(terms.amount);
  const Grosz fee = to_grosz(terms.monthly_fee);
  const int n = terms.months;
  const double r = terms.annual_rate / 100.0 / 12.0;
  const int64_t rate = rate_units(terms.annual_rate);

  // The regular part of each instalment: the annuity, or the principal of a decreasing one.
  Grosz regular;
  if (terms.kind == InstalmentKind::kDecreasing || r == 0) {
    regular = round_grosz(static_cast<double>(amount) / n);
  } else {
    regular = round_grosz(static_cast<double>(amount) * r / (1.0 - std::pow(1.0 + r, -n)));
  }

  std::vector<CashFlow> flows;
  flows.push_back({to_zloty(amount), 0});
  flows.push_back({-terms.upfront_fee, 0});
  Grosz balance = amount;
  out.schedule.reserve(n);
  for (int k = 1; k <= n; ++k) {
    ScheduleRow row;
    row.n = k;
    row.date = add_months(terms.start, k);
    row.interest = mul_div_round(balance, rate, 12 * 100 * kRateUnitsPerPercent);
    if (k == n) {
      row.principal = balance;  // the last instalment absorbs the rounding
    } else if (terms.kind == InstalmentKind::kEqual && r != 0) {
      row.principal = std::min(balance, regular - row.interest);
    } else {
      row.principal = std::min(balance, regular);
    }
    row.instalment = row.principal + row.interest;
    row.fee = fee;
    balance -= row.principal;
    row.balance = balance;
    out.total_interest += row.interest;
    flows.push_back({-to_zloty(row.instalment + row.fee), k / 12.0});
    out.schedule.push_back(row);
  }
  out.instalment = out.schedule.front().instalment;
  out.last_instalment = out.schedule.back().instalment;
  out.total_fees = to_grosz(terms.upfront_fee) + fee * n;
  out.total_cost = out.total_interest + out.total_fees;
  out.total_to_pay = amount + out.total_cost;
  auto apr = annual_percentage_rate(flows);
  if (!apr) return apr.error();
  out.apr = percent_two_decimals(*apr);
  return out;
}

}  // namespace dpc::market
