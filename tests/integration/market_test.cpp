// The Market's public simulators over real HTTP against a real `dpc serve`: no login needed,
// the answers of the worked examples, every validation rule a 400 naming the field, no
// internal detail in public errors, and the per-client rate limit (429 with Retry-After
// after the burst) on a second server started with a small burst.
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kAnonymous = {{"Authorization", ""},
                                                       {"Content-Type", "application/json"}};

class MarketTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("market", port_);
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse post(const std::string& kind, const std::string& body) {
    return http_request(port_, "POST", "/api/market/simulations/" + kind, body, kAnonymous);
  }
  static HttpResponse post(const std::string& kind, const json& body) { return post(kind, body.dump()); }

  // The 400's message for `body`, checked to name `field`.
  static void expect_400(const std::string& kind, const json& body, const std::string& field) {
    auto r = post(kind, body);
    EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body;
    auto error = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(error.is_object()) << r.body;
    EXPECT_NE(error.value("message", "").find(field), std::string::npos) << body.dump() << " -> " << r.body;
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

json loan(json changes = json::object()) {
  json body = {{"amount", 20000}, {"months", 36}, {"annualRate", 9.99}, {"upfrontFee", 500},
               {"monthlyFee", 0}, {"instalments", "equal"}, {"startDate", "2026-01-15"}};
  body.update(changes);
  return body;
}

TEST_F(MarketTest, CashLoanWithoutLoginAnswersTheSchedule) {
  auto r = post("cash-loan", loan());
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_DOUBLE_EQ(body["instalment"].get<double>(), 645.25);
  ASSERT_EQ(body["schedule"].size(), 36u);
  EXPECT_EQ(body["schedule"][0]["n"], 1);
  EXPECT_EQ(body["schedule"][0]["date"], "2026-02-15");
  EXPECT_DOUBLE_EQ(body["schedule"][0]["interest"].get<double>(), 166.5);  // 20000 x 0.0999/12
  EXPECT_DOUBLE_EQ(body["schedule"][35]["balance"].get<double>(), 0);
  double interest = 0;
  for (const auto& row : body["schedule"]) interest += row["interest"].get<double>();
  EXPECT_NEAR(body["totalInterest"].get<double>(), interest, 0.005);
  EXPECT_NEAR(body["totalCost"].get<double>(), interest + 500, 0.005);
  EXPECT_GT(body["apr"].get<double>(), 10.5);
  EXPECT_LT(body["apr"].get<double>(), 13.5);
}

TEST_F(MarketTest, CashLoanRepresentativeExampleApr) {
  // Citibank's representative example (see tests/unit/market/cash_loan_test.cpp): RRSO 21.36%.
  auto r = post("cash-loan", loan({{"amount", 10000}, {"months", 12}, {"annualRate", 17.0}, {"upfrontFee", 0},
                                   {"monthlyFee", 12}}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_NEAR(body["apr"].get<double>(), 21.36, 0.01);
  EXPECT_NEAR(body["totalInterest"].get<double>(), 944.57, 0.001);
  EXPECT_NEAR(body["totalToPay"].get<double>(), 11088.57, 0.001);
  // Decreasing: Bank Spółdzielczy w Dynowie's example, RRSO 10.071821%.
  r = post("cash-loan", loan({{"amount", 3000}, {"months", 12}, {"annualRate", 5.8}, {"upfrontFee", 60},
                              {"instalments", "decreasing"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NEAR(json::parse(r.body)["apr"].get<double>(), 10.071821, 0.01);
}

TEST_F(MarketTest, CashLoanValidationNamesTheField) {
  expect_400("cash-loan", loan({{"amount", -100}}), "amount");
  expect_400("cash-loan", loan({{"amount", "20000"}}), "amount");
  expect_400("cash-loan", loan({{"months", 0}}), "months");
  expect_400("cash-loan", loan({{"months", 12.5}}), "months");
  expect_400("cash-loan", loan({{"annualRate", 150}}), "annualRate");
  expect_400("cash-loan", loan({{"annualRate", -1}}), "annualRate");
  expect_400("cash-loan", loan({{"upfrontFee", -1}}), "upfrontFee");
  expect_400("cash-loan", loan({{"monthlyFee", -1}}), "monthlyFee");
  expect_400("cash-loan", loan({{"instalments", "balloon"}}), "instalments");
  expect_400("cash-loan", loan({{"startDate", "2026-02-30"}}), "startDate");
  expect_400("cash-loan", loan({{"productId", "cash-loan-standard"}}), "productId");
  json missing = loan();
  missing.erase("months");
  expect_400("cash-loan", missing, "months");
}

TEST_F(MarketTest, PublicErrorsCarryNoInternals) {
  auto r = post("cash-loan", std::string("{\"amount\": "));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("nlohmann"), std::string::npos);
  EXPECT_EQ(r.body.find("parse_error"), std::string::npos);
  r = post("cash-loan", std::string(8 * 1024, ' '));
  EXPECT_EQ(r.status, 413);
}

TEST_F(MarketTest, TermDepositGrossAndNet) {
  auto r = post("term-deposit", json{{"amount", 10000}, {"annualRate", 5}, {"months", 3}, {"startDate", "2026-01-01"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["days"], 90);
  EXPECT_DOUBLE_EQ(body["grossInterest"].get<double>(), 123.29);
  EXPECT_DOUBLE_EQ(body["tax"].get<double>(), 23.43);
  EXPECT_DOUBLE_EQ(body["netInterest"].get<double>(), 99.86);
  EXPECT_EQ(body["maturityDate"], "2026-04-01");
  expect_400("term-deposit", json{{"amount", 10000}, {"annualRate", 5}}, "months or days");
  expect_400("term-deposit", json{{"amount", 0}, {"annualRate", 5}, {"days", 30}}, "amount");
  expect_400("term-deposit", json{{"amount", 100}, {"annualRate", 500}, {"days", 30}}, "annualRate");
}

TEST_F(MarketTest, CreditCardMinimumPath) {
  auto r = post("credit-card", json{{"balance", 1000}, {"annualRate", 12}, {"minimumPercent", 50}, {"minimumAmount", 10}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["months"], 8);
  EXPECT_DOUBLE_EQ(body["totalInterest"].get<double>(), 20.11);
  EXPECT_EQ(body["path"].size(), 8u);
  expect_400("credit-card", json{{"balance", 10000}, {"annualRate", 30}, {"minimumPercent", 1}}, "minimumPercent");
  expect_400("credit-card", json{{"balance", -5}, {"annualRate", 30}, {"minimumPercent", 5}}, "balance");
}

TEST_F(MarketTest, CashLoanPageWorksWithoutScriptsInPolishAndEnglish) {
  auto pl = http_request(port_, "GET", "/market/cash-loan?amount=10000&months=12&annualRate=17&upfrontFee=0&monthlyFee=12",
                         "", {{"Authorization", ""}, {"Accept-Language", "pl-PL,pl;q=0.9,en;q=0.5"}});
  ASSERT_EQ(pl.status, 200) << pl.body;
  EXPECT_NE(pl.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_NE(pl.body.find("lang=\"pl\""), std::string::npos);
  EXPECT_NE(pl.body.find("<dd>21,36%</dd>"), std::string::npos);  // RRSO
  EXPECT_NE(pl.body.find("924,05"), std::string::npos);  // the first instalment with the monthly fee
  EXPECT_NE(pl.body.find("<label for=\"amount\">"), std::string::npos);
  EXPECT_NE(pl.body.find(">Odsetki</th>"), std::string::npos);
  auto en = http_request(port_, "GET", "/market/cash-loan", "", {{"Authorization", ""}, {"Accept-Language", "en-GB"}});
  ASSERT_EQ(en.status, 200);
  EXPECT_NE(en.body.find("Cash loan calculator"), std::string::npos);
  EXPECT_EQ(en.body.find("<table"), std::string::npos);  // nothing asked yet: no results
  // A wrong field: 400, the summary links to the field, the message beside it; input escaped.
  auto bad = http_request(port_, "GET", "/market/cash-loan?lang=en&amount=%3Cb%3E&months=0&annualRate=5&upfrontFee=0&monthlyFee=0",
                          "", {{"Authorization", ""}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("href=\"#amount\""), std::string::npos);
  EXPECT_NE(bad.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(bad.body.find("<b>"), std::string::npos);
  EXPECT_NE(bad.body.find("&lt;b&gt;"), std::string::npos);
}

TEST_F(MarketTest, OtherApiPathsStillNeedALogin) {
  auto r = http_request(port_, "GET", "/engine-rest/process-definition", "", kAnonymous);
  EXPECT_EQ(r.status, 401);
}

TEST(MarketRateLimit, Answers429AfterTheBurstWithRetryAfter) {
  setenv("DPC_PUBLIC_RATE", "1", 1);
  setenv("DPC_PUBLIC_BURST", "5", 1);
  int port = free_port();
  ServerProcess* server = start_test_server("market-limit", port);
  unsetenv("DPC_PUBLIC_RATE");
  unsetenv("DPC_PUBLIC_BURST");
  json body = loan();
  int ok = 0;
  HttpResponse refused;
  for (int i = 0; i < 8; ++i) {
    auto r = http_request(port, "POST", "/api/market/simulations/cash-loan", body.dump(), kAnonymous);
    if (r.status == 200) ++ok;
    if (r.status == 429) refused = r;
  }
  // Five at once, at most one more refilled during the loop.
  EXPECT_GE(ok, 5);
  EXPECT_LE(ok, 6);
  ASSERT_EQ(refused.status, 429);
  ASSERT_TRUE(refused.headers.contains("retry-after"));
  EXPECT_GE(std::stoi(refused.headers["retry-after"]), 1);
  // X-Forwarded-For from an untrusted peer does not buy a fresh bucket: honoured, it would
  // give three 200s from a new bucket of five; ignored, the old bucket refuses some of them.
  int refused_spoofed = 0;
  for (int i = 0; i < 3; ++i) {
    auto spoofed = http_request(port, "POST", "/api/market/simulations/cash-loan", body.dump(),
                                {{"Authorization", ""}, {"Content-Type", "application/json"},
                                 {"X-Forwarded-For", "198.51.100.23"}});
    refused_spoofed += spoofed.status == 429;
  }
  EXPECT_GE(refused_spoofed, 1);
  // Authenticated APIs are not rate-limited by it.
  EXPECT_EQ(http_request(port, "GET", "/engine-rest/process-definition").status, 200);
  stop_test_server(server);
}

}  // namespace
