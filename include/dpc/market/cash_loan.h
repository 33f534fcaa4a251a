// The cash-loan simulator: equal (annuity) or decreasing instalments, the schedule, total
// interest, total cost and the APR (apr.h). Pure functions; thread-safe.
//
// Conventions: interest of each month is the balance times annualRate/12 (twelve equal
// months, the rate taken to four decimals), rounded to the grosz half up in exact arithmetic; equal instalments are the annuity rounded to the grosz and
// decreasing ones repay amount/months of principal, the last instalment absorbing what
// rounding left. The upfront fee is paid on the day the loan is paid out (it is not
// financed), the monthly fee with each instalment; the first instalment falls one month
// after the payout. For the APR the time of instalment n is n/12 of a year.
#pragma once

#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/market/calendar.h"
#include "dpc/market/money.h"

namespace dpc::market {

enum class InstalmentKind { kEqual, kDecreasing };

struct LoanTerms {
  double amount = 0;        // złoty paid out, > 0
  int months = 0;           // 1..600
  double annual_rate = 0;   // nominal percent a year, 0..100
  double upfront_fee = 0;   // złoty, >= 0 and below the amount
  double monthly_fee = 0;   // złoty, >= 0
  InstalmentKind kind = InstalmentKind::kEqual;
  Date start{};             // the payout date
};

struct ScheduleRow {
  int n = 0;
  Date date{};
  Grosz instalment = 0;  // principal + interest (the monthly fee is separate)
  Grosz interest = 0;
  Grosz principal = 0;
  Grosz fee = 0;
  Grosz balance = 0;     // left to repay after this instalment
};

struct LoanSimulation {
  LoanTerms terms;
  Grosz instalment = 0;       // the first (for decreasing: the highest) instalment
  Grosz last_instalment = 0;
  Grosz total_interest = 0;
  Grosz total_fees = 0;       // upfront + every monthly fee
  Grosz total_cost = 0;       // interest + fees (the total cost of credit)
  Grosz total_to_pay = 0;     // amount + total cost
  double apr = 0;             // percent, two decimals
  std::vector<ScheduleRow> schedule;
};

// The limits a request is checked against (also named in the 400 messages).
inline constexpr double kMaxLoanAmount = 10'000'000;
inline constexpr int kMaxLoanMonths = 600;
inline constexpr double kMaxAnnualRate = 100;

// kInvalidArgument naming the field (amount, months, annualRate, upfrontFee, monthlyFee) when
// a term is out of range.
Result<LoanSimulation> simulate_cash_loan(const LoanTerms& terms);

// "equal" / "decreasing" (nullopt for anything else) and back.
std::optional<InstalmentKind> parse_instalment_kind(std::string_view text);
std::string_view instalment_kind_name(InstalmentKind kind);

}  // namespace dpc::market
