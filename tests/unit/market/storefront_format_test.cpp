// The storefront's language rules: numbers, money and rates as Polish and English write them,
// and the language a visitor gets from ?lang= and Accept-Language.
#include <gtest/gtest.h>

#include "dpc/market/messages.h"
#include "dpc/market/storefront.h"

namespace dpc::market {
namespace {

TEST(StorefrontFormat, NumbersMoneyAndRatesPerLanguage) {
  EXPECT_EQ(format_number(1000, 0, "pl"), "1\u00a0000");
  EXPECT_EQ(format_number(999, 0, "pl"), "999");
  EXPECT_EQ(format_number(20000, 0, "pl"), "20\u00a0000");
  EXPECT_EQ(format_number(1234567.5, 2, "pl"), "1\u00a0234\u00a0567,50");
  EXPECT_EQ(format_number(1000, 0, "en"), "1,000");
  EXPECT_EQ(format_number(1234567.5, 2, "en"), "1,234,567.50");
  EXPECT_EQ(format_number(-12.5, 2, "en"), "-12.50");
  EXPECT_EQ(format_number(-0.001, 2, "en"), "0.00");
  EXPECT_EQ(format_money(798, "pl"), "798,00\u00a0zł");
  EXPECT_EQ(format_money(20000, "en"), "PLN\u00a020,000.00");
  EXPECT_EQ(format_percent(5.2, "pl"), "5,2%");
  EXPECT_EQ(format_percent(9.99, "en"), "9.99%");
  EXPECT_EQ(format_percent(3, "en"), "3%");
  EXPECT_EQ(format_percent(0, "pl"), "0%");
}

TEST(StorefrontFormat, LanguageFromQueryThenAcceptLanguage) {
  std::string en = "en", pl = "pl", de = "de";
  EXPECT_EQ(choose_language(&en, "pl-PL"), "en");
  EXPECT_EQ(choose_language(&de, "en-GB"), "en");  // an unknown choice falls back to the header
  EXPECT_EQ(choose_language(nullptr, "de-DE,de;q=0.9,en;q=0.8,pl;q=0.5"), "en");
  EXPECT_EQ(choose_language(nullptr, "PL,en"), "pl");
  EXPECT_EQ(choose_language(nullptr, "fr"), "pl");
  EXPECT_EQ(choose_language(nullptr, ""), "pl");
  EXPECT_EQ(message("prices", "en"), "Interest and fees");
  EXPECT_EQ(message("prices", "pl"), "Oprocentowanie i opłaty");
  EXPECT_EQ(message("no-such-key", "pl"), "no-such-key");
}

}  // namespace
}  // namespace dpc::market
