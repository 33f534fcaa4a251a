// The APR solver against the worked examples published with the EU consumer-credit rules:
// Directive 98/7/EC, Annex III "Examples of calculation", part A (calendar basis), kept by
// https://service.betterregulation.com/document/260747 and the Commission proposal
// COM(1996)79 (parlementairemonitor.nl). The equation is the same one as in Annex I of
// Directive 2008/48/EC.
#include <gtest/gtest.h>

#include <cmath>

#include "dpc/market/apr.h"

namespace dpc::market {
namespace {

double apr(const std::vector<CashFlow>& flows) {
  auto x = annual_percentage_rate(flows);
  EXPECT_TRUE(x.ok());
  return x ? *x * 100 : -1;
}

TEST(Apr, FirstExampleSingleRepaymentAfter546Days) {
  // ECU 1000 on 1 January 1994, ECU 1200 repaid on 1 July 1995 (546 days): 12.96%.
  EXPECT_NEAR(apr({{1000, 0}, {-1200, 546.0 / 365}}), 12.96, 0.01);
  EXPECT_EQ(percent_two_decimals(apr({{1000, 0}, {-1200, 546.0 / 365}}) / 100), 12.96);
}

TEST(Apr, SecondExampleAdministrativeFeeRetained) {
  // The creditor keeps ECU 50 of the 1000: 950 paid out, 1200 repaid as above: 16.9%.
  EXPECT_NEAR(apr({{1000, 0}, {-50, 0}, {-1200, 546.0 / 365}}), 16.90, 0.01);
}

TEST(Apr, ThirdExampleTwoRepayments) {
  // ECU 1000 repaid by 600 after one year and 600 after two: i = 0.1306623, 13.07%.
  EXPECT_NEAR(apr({{1000, 0}, {-600, 1}, {-600, 2}}), 13.066, 0.001);
  EXPECT_EQ(percent_two_decimals(0.1306623), 13.07);
}

TEST(Apr, ZeroInterestIsZero) {
  std::vector<CashFlow> flows{{1200, 0}};
  for (int k = 1; k <= 12; ++k) flows.push_back({-100, k / 12.0});
  EXPECT_NEAR(apr(flows), 0.0, 1e-9);
}

TEST(Apr, HighRatesConvergeByBisection) {
  // A payday loan: 1000 for 30 days, 1250 back. APR in the thousands of percent.
  double x = apr({{1000, 0}, {-1250, 30.0 / 365}});
  EXPECT_NEAR(x, (std::pow(1.25, 365.0 / 30) - 1) * 100, 0.01);
}

TEST(Apr, NoRepaymentIsAnError) {
  EXPECT_FALSE(annual_percentage_rate({{1000, 0}}).ok());
  EXPECT_FALSE(annual_percentage_rate({}).ok());
}

TEST(Apr, RoundingHalfUp) {
  EXPECT_EQ(percent_two_decimals(0.123450), 12.35);
  EXPECT_EQ(percent_two_decimals(0.123449), 12.34);
}

}  // namespace
}  // namespace dpc::market
