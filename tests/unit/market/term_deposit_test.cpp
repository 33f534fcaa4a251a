// The term-deposit simulator: simple interest by days/365 and the 19% tax rounded up to the
// grosz (art. 63 § 1a Ordynacja podatkowa).
#include <gtest/gtest.h>

#include "dpc/market/term_deposit.h"

namespace dpc::market {
namespace {

TEST(TermDeposit, ThreeMonthsFromJanuary) {
  DepositTerms t;
  t.amount = 10000;
  t.annual_rate = 5;
  t.months = 3;
  t.start = *parse_date("2026-01-01");
  auto s = simulate_term_deposit(t);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->days, 90);  // 31 + 28 + 31
  EXPECT_EQ(format_date(s->maturity), "2026-04-01");
  EXPECT_EQ(s->gross_interest, 12329);  // 10000 x 0.05 x 90/365 = 123.287...
  EXPECT_EQ(s->tax, 2343);              // 23.4251 rounded up
  EXPECT_EQ(s->net_interest, 9986);
  EXPECT_EQ(s->payout, 1009986);
}

TEST(TermDeposit, TaxIsRoundedUpToTheGrosz) {
  EXPECT_EQ(capital_gains_tax(10001), 1901);  // 19.0019 -> 19.01, not 19.00
  EXPECT_EQ(capital_gains_tax(10000), 1900);  // exact stays exact
  EXPECT_EQ(capital_gains_tax(5), 1);         // 0.95 gr -> 1 gr (one-day deposits pay tax too)
  EXPECT_EQ(capital_gains_tax(0), 0);
}

TEST(TermDeposit, DaysTermAndZeroRate) {
  DepositTerms t;
  t.amount = 5000;
  t.annual_rate = 0;
  t.days = 30;
  t.start = *parse_date("2026-03-01");
  auto s = simulate_term_deposit(t);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->gross_interest, 0);
  EXPECT_EQ(s->tax, 0);
  EXPECT_EQ(format_date(s->maturity), "2026-03-31");
}

TEST(TermDeposit, BadTermsNameTheField) {
  DepositTerms t;
  t.amount = 1000;
  t.annual_rate = 3;
  t.start = *parse_date("2026-03-01");
  auto s = simulate_term_deposit(t);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("months or days"), std::string::npos);
  t.months = 3;
  t.days = 10;
  EXPECT_FALSE(simulate_term_deposit(t).ok());
  t.days = 0;
  t.amount = 0;
  EXPECT_EQ(simulate_term_deposit(t).error().message.rfind("amount", 0), 0u);
  t.amount = 1000;
  t.annual_rate = 101;
  EXPECT_EQ(simulate_term_deposit(t).error().message.rfind("annualRate", 0), 0u);
}

}  // namespace
}  // namespace dpc::market
