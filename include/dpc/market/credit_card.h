// The credit-card simulator: how long a balance takes to pay off, and what it costs, when
// the holder pays only the minimum each month and spends nothing more. Pure; thread-safe.
//
// Each month: interest = balance x annualRate/12 (to the grosz) is added; the minimum is
// minimumPercent of that balance (to the grosz) but not less than minimumAmount, and never
// more than what is owed; it is paid.
#pragma once

#include <vector>

#include "dpc/core/result.h"
#include "dpc/market/money.h"

namespace dpc::market {

struct CardTerms {
  double balance = 0;          // złoty owed, > 0
  double annual_rate = 0;      // percent a year, 0..100
  double minimum_percent = 0;  // of the balance, > 0 and <= 100
  double minimum_amount = 0;   // złoty, >= 0
};

struct CardMonth {
  int n = 0;
  Grosz payment = 0;
  Grosz interest = 0;
  Grosz balance = 0;  // after the payment
};

struct CardSimulation {
  CardTerms terms;
  int months = 0;
  Grosz total_interest = 0;
  Grosz total_paid = 0;
  std::vector<CardMonth> path;
};

inline constexpr int kMaxCardMonths = 1200;

// kInvalidArgument naming the field when out of range, and naming minimumPercent when the
// minimum never pays the balance off (it does not cover the interest, or takes over 100 years).
Result<CardSimulation> simulate_credit_card(const CardTerms& terms);

}  // namespace dpc::market
