// The cash-loan simulator against published Polish representative examples ("przykład
// reprezentatywny", required by art. 7 of the Polish consumer credit act) whose schedule
// follows the same conventions (interest by twelfths of the annual rate), and edge cases.
#include <gtest/gtest.h>

#include <numeric>

#include "dpc/market/cash_loan.h"

namespace dpc::market {
namespace {

LoanTerms terms(double amount, int months, double rate, double upfront, double monthly, InstalmentKind kind) {
  LoanTerms t;
  t.amount = amount;
  t.months = months;
  t.annual_rate = rate;
  t.upfront_fee = upfront;
  t.monthly_fee = monthly;
  t.kind = kind;
  t.start = *parse_date("2026-01-15");
  return t;
}

void expect_consistent(const LoanSimulation& s) {
  Grosz principal = 0, interest = 0;
  for (const auto& row : s.schedule) {
    principal += row.principal;
    interest += row.interest;
    EXPECT_EQ(row.instalment, row.principal + row.interest);
  }
  EXPECT_EQ(principal, to_grosz(s.terms.amount));
  EXPECT_EQ(interest, s.total_interest);
  EXPECT_EQ(s.schedule.back().balance, 0);
}

TEST(CashLoan, CitibankRepresentativeExampleEqualInstalments) {
  // Citibank's representative example (quoted on finanse.kotnis.pl, calculated 03/07/2025):
  // 10 000 zł, 17.0% a year, 12 equal monthly instalments of 924.05 zł including a 144 zł
  // yearly fee (12 zł a month), interest 944.57 zł, total to pay 11 088.57 zł, RRSO 21.36%.
  auto s = simulate_cash_loan(terms(10000, 12, 17.0, 0, 12, InstalmentKind::kEqual));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->instalment + s->schedule.front().fee, 92405);
  EXPECT_EQ(s->total_interest, 94457);
  EXPECT_EQ(s->total_to_pay, 1108857);
  EXPECT_NEAR(s->apr, 21.36, 0.01);
  expect_consistent(*s);
}

TEST(CashLoan, BankSpoldzielczyRepresentativeExampleDecreasingInstalments) {
  // Bank Spółdzielczy w Dynowie, "Na każdy dzień" (bsdynow.pl, calculated 04.11.2024):
  // 3 000 zł, 12 months, 5.80%, 2% commission (60 zł) paid up front, decreasing instalments
  // with 250 zł of principal each: RRSO 10.071821%. (The bank counts interest by days, so its
  // 94.14 zł of interest differs from twelfths' 94.26; the APR agrees within 0.01 point.)
  auto s = simulate_cash_loan(terms(3000, 12, 5.80, 60, 0, InstalmentKind::kDecreasing));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_NEAR(s->apr, 10.071821, 0.01);
  // 14.50 + 13.29 + 12.08 + 10.88 + 9.67 + 8.46 + 7.25 + 6.04 + 4.83 + 3.63 + 2.42 + 1.21: each
  // month's 0.058/12 of the balance, half a grosz (10.875, 3.625) rounded up.
  EXPECT_EQ(s->total_interest, 9426);
  for (const auto& row : s->schedule) EXPECT_EQ(row.principal, 25000);
  EXPECT_EQ(s->instalment, 25000 + 1450);
  EXPECT_EQ(s->total_cost, 9426 + 6000);
  expect_consistent(*s);
}

TEST(CashLoan, TheIssueExample) {
  auto s = simulate_cash_loan(terms(20000, 36, 9.99, 500, 0, InstalmentKind::kEqual));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->instalment, 64525);  // 20000 x r / (1 - (1+r)^-36), r = 0.0999/12
  EXPECT_EQ(s->schedule.size(), 36u);
  EXPECT_EQ(s->total_cost, s->total_interest + 50000);
  EXPECT_GT(s->apr, 9.99 * 1.04);  // the fee raises the APR above the nominal rate
  EXPECT_LT(s->apr, 14);
  EXPECT_EQ(format_date(s->schedule[0].date), "2026-02-15");
  EXPECT_EQ(format_date(s->schedule[35].date), "2029-01-15");
  expect_consistent(*s);
}

TEST(CashLoan, OneInstalment) {
  auto s = simulate_cash_loan(terms(1000, 1, 12, 0, 0, InstalmentKind::kEqual));
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->schedule.size(), 1u);
  EXPECT_EQ(s->schedule[0].interest, 1000);
  EXPECT_EQ(s->instalment, 101000);
  EXPECT_NEAR(s->apr, 12.68, 0.01);  // (1.01)^12 - 1
}

TEST(CashLoan, ZeroInterestNoFeesHasZeroApr) {
  for (auto kind : {InstalmentKind::kEqual, InstalmentKind::kDecreasing}) {
    auto s = simulate_cash_loan(terms(1000, 3, 0, 0, 0, kind));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->total_interest, 0);
    EXPECT_EQ(s->apr, 0);
    // 333.33, 333.33, and the last absorbs the grosz: 333.34.
    EXPECT_EQ(s->schedule[0].instalment, 33333);
    EXPECT_EQ(s->schedule[2].instalment, 33334);
    expect_consistent(*s);
  }
}

TEST(CashLoan, ZeroInterestWithFeesHasPositiveApr) {
  auto s = simulate_cash_loan(terms(1200, 12, 0, 100, 0, InstalmentKind::kEqual));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->total_cost, 10000);
  EXPECT_GT(s->apr, 15);
  auto monthly = simulate_cash_loan(terms(1200, 12, 0, 0, 10, InstalmentKind::kEqual));
  ASSERT_TRUE(monthly.ok());
  EXPECT_EQ(monthly->total_fees, 12000);
  EXPECT_GT(monthly->apr, 15);
}

TEST(CashLoan, LastInstalmentAbsorbsRounding) {
  auto s = simulate_cash_loan(terms(20000, 36, 9.99, 0, 0, InstalmentKind::kEqual));
  ASSERT_TRUE(s.ok());
  EXPECT_NE(s->last_instalment, s->instalment);  // a few grosz of difference
  EXPECT_LT(std::abs(s->last_instalment - s->instalment), 36);
  expect_consistent(*s);
}

TEST(CashLoan, EndOfMonthDates) {
  auto t = terms(1000, 2, 10, 0, 0, InstalmentKind::kEqual);
  t.start = *parse_date("2028-01-31");
  auto s = simulate_cash_loan(t);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(format_date(s->schedule[0].date), "2028-02-29");
  EXPECT_EQ(format_date(s->schedule[1].date), "2028-03-31");
}

TEST(CashLoan, BadTermsNameTheField) {
  auto message = [](LoanTerms t) {
    auto s = simulate_cash_loan(t);
    return s.ok() ? std::string("ok") : s.error().message;
  };
  auto base = terms(1000, 12, 10, 0, 0, InstalmentKind::kEqual);
  auto t = base; t.amount = -5;
  EXPECT_EQ(message(t).rfind("amount", 0), 0u);
  t = base; t.amount = 10.001;
  EXPECT_EQ(message(t).rfind("amount", 0), 0u);
  t = base; t.months = 0;
  EXPECT_EQ(message(t).rfind("months", 0), 0u);
  t = base; t.months = 601;
  EXPECT_EQ(message(t).rfind("months", 0), 0u);
  t = base; t.annual_rate = 100.5;
  EXPECT_EQ(message(t).rfind("annualRate", 0), 0u);
  t = base; t.annual_rate = -1;
  EXPECT_EQ(message(t).rfind("annualRate", 0), 0u);
  t = base; t.upfront_fee = 1000;
  EXPECT_EQ(message(t).rfind("upfrontFee", 0), 0u);
  t = base; t.monthly_fee = -1;
  EXPECT_EQ(message(t).rfind("monthlyFee", 0), 0u);
  EXPECT_FALSE(parse_instalment_kind("balloon"));
  EXPECT_EQ(parse_instalment_kind("decreasing"), InstalmentKind::kDecreasing);
}

}  // namespace
}  // namespace dpc::market
