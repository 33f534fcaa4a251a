// The credit-card minimum-repayment path, checked against sums worked by hand.
#include <gtest/gtest.h>

#include "dpc/market/credit_card.h"

namespace dpc::market {
namespace {

TEST(CreditCard, ZeroRateMinimumAmountDominates) {
  // 1000 zł at 0%, minimum 5% but at least 100 zł: ten payments of 100 zł.
  auto s = simulate_credit_card({1000, 0, 5, 100});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->months, 10);
  EXPECT_EQ(s->total_interest, 0);
  EXPECT_EQ(s->total_paid, 100000);
}

TEST(CreditCard, InterestEachMonthOnTheBalance) {
  // 1000 zł at 12% (1% a month), minimum 50% but at least 10 zł:
  // m1: +10.00 = 1010.00, pay 505.00 -> 505.00; m2: +5.05 = 510.05, pay 255.03 (255.025
  // rounded) -> 255.02; m3: +2.55 = 257.57, pay 128.79 -> 128.78; m4: +1.29 = 130.07,
  // pay 65.04 -> 65.03; m5: +0.65 = 65.68, pay 32.84 -> 32.84; m6: +0.33 = 33.17, pay 16.59
  // -> 16.58; m7: +0.17 = 16.75, pay 10.00 (the floor) -> 6.75; m8: +0.07 = 6.82, pay all.
  auto s = simulate_credit_card({1000, 12, 50, 10});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->months, 8);
  EXPECT_EQ(s->total_interest, 1000 + 505 + 255 + 129 + 65 + 33 + 17 + 7);
  EXPECT_EQ(s->total_paid, 100000 + s->total_interest);
  EXPECT_EQ(s->path[1].payment, 25503);
  EXPECT_EQ(s->path.back().balance, 0);
}

TEST(CreditCard, MinimumBelowInterestNeverPaysOff) {
  auto s = simulate_credit_card({10000, 30, 1, 0});  // 1% a month of 2.5% interest
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.rfind("minimumPercent", 0), 0u);
}

TEST(CreditCard, BadTermsNameTheField) {
  EXPECT_EQ(simulate_credit_card({-1, 10, 5, 0}).error().message.rfind("balance", 0), 0u);
  EXPECT_EQ(simulate_credit_card({100, 120, 5, 0}).error().message.rfind("annualRate", 0), 0u);
  EXPECT_EQ(simulate_credit_card({100, 10, 0, 0}).error().message.rfind("minimumPercent", 0), 0u);
  EXPECT_EQ(simulate_credit_card({100, 10, 5, -3}).error().message.rfind("minimumAmount", 0), 0u);
}

}  // namespace
}  // namespace dpc::market
