// The term-deposit simulator: interest at maturity, gross and net of Poland's 19% tax on
// savings interest ("podatek Belki", art. 30a ust. 1 pkt 3 of the PIT act). Pure; thread-safe.
//
// Interest is simple, as Polish banks compute it on a deposit paid at maturity:
// amount x rate x days / 365, rounded to the nearest grosz; days are the calendar days from
// the start to the maturity date (a term in months ends on the same day of a later month).
// The tax is rounded UP to the full grosz: art. 63 § 1a of the Ordynacja podatkowa
// (Dz.U. 2023 poz. 2383) takes these tax bases and taxes out of the rounding to full złoty
// and rounds them to full grosz upwards.
#pragma once

#include "dpc/core/result.h"
#include "dpc/market/calendar.h"
#include "dpc/market/money.h"

namespace dpc::market {

inline constexpr int kCapitalGainsTaxPercent = 19;

struct DepositTerms {
  double amount = 0;       // złoty, > 0
  double annual_rate = 0;  // percent a year, 0..100
  int months = 0;          // the term: months (1..120) or days (1..3660), exactly one set
  int days = 0;
  Date start{};
};

struct DepositSimulation {
  DepositTerms terms;
  Date maturity{};
  int days = 0;
  Grosz gross_interest = 0;
  Grosz tax = 0;
  Grosz net_interest = 0;
  Grosz payout = 0;  // amount + net interest
};

// kInvalidArgument naming the field (amount, annualRate, months, days) when out of range.
Result<DepositSimulation> simulate_term_deposit(const DepositTerms& terms);

// 19% of `gross` rounded up to the full grosz, in exact integer arithmetic.
Grosz capital_gains_tax(Grosz gross);

}  // namespace dpc::market
