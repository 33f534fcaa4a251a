// The Market's public pages and their JSON over real HTTP against a real `dpc serve --demo`
// (the demo catalogue in PostgreSQL): both languages, only products Active today in the
// online channel, the product page (features, prices, Apply link), productId simulations
// that equal the explicit-terms simulation with the product's prices (and promotions),
// comparison, personal offers with reasons, 404s, no internal ids, and the rate limit on the
// pages.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::map<std::string, std::string> kPolish = {{"Authorization", ""}, {"Accept-Language", "pl-PL,pl;q=0.9,en;q=0.5"}};
const std::map<std::string, std::string> kEnglish = {{"Authorization", ""}, {"Accept-Language", "en-GB,en;q=0.9"}};
const std::map<std::string, std::string> kJson = {{"Authorization", ""}, {"Content-Type", "application/json"}};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string today() {
  std::time_t now = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

class MarketSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-market-site-" + std::to_string(getpid()) + ".log";
    unlink(log.c_str());
    server_ = new ServerProcess({"serve", "--no-access-log", "--demo"},
                                {{"DPC_DATABASE_URL", create_test_database("marketsite")},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", DPC_SOURCE_DIR "/bpmn-samples"},
                                 // Many requests in a row: the limit is the test below's.
                                 {"DPC_PUBLIC_RATE", "10000"},
                                 {"DPC_PUBLIC_BURST", "10000"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 60s)) << server_->log();
    seed_inactive_products();
  }
  static void TearDownTestSuite() {
    if (!server_) return;
    server_->signal(SIGTERM);
    EXPECT_EQ(server_->wait_exit(20s), 0);
    delete server_;
    server_ = nullptr;
  }

  static HttpResponse get(const std::string& path, const std::map<std::string, std::string>& headers = kEnglish) {
    return http_request(port_, "GET", path, "", headers);
  }
  static HttpResponse post(const std::string& path, const json& body) { return http_request(port_, "POST", path, body.dump(), kJson); }
  static json body(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }
  static HttpResponse as(const std::string& user, const std::string& method, const std::string& path, const json& b) {
    return http_request(port_, method, path, b.dump(), {{"Content-Type", "application/json"}, {"Authorization", basic_auth(user, user)}});
  }

  // Beside the demo products: a draft deposit, a deposit valid only from next year and a
  // deposit offered only in branches. None may show online today.
  static void seed_inactive_products() {
    auto deposit = [](const std::string& key, const std::string& title) {
      return json{{"key", key}, {"type", "deposit"}, {"name", {{"pl", title}, {"en", title}}},
                  {"features", {{"productCode", "TD-099"}, {"rate", 9.5}, {"termMonths", 6},
                                {"minimumDeposit", {{"amount", 500}, {"currency", "PLN"}}}, {"capitalisation", "atMaturity"}}},
                  {"prices", {{{"key", "interest"}, {"name", {{"en", "Interest rate"}}}, {"kind", "recurring"},
                               {"category", "interest"}, {"unit", "percent"}, {"period", "year"}, {"value", 9.5}}}},
                  {"content", {{"en", {{"default", {{"title", title}}}}}}}};
    };
    auto publish = [](const std::string& key) {
      for (auto [who, action] : {std::pair{"anna", "submit"}, std::pair{"maria", "publish"}}) {
        auto r = as(who, "POST", "/api/catalogue/products/" + key + "/versions/1/" + action, json::object());
        ASSERT_EQ(r.status, 200) << key << " " << action << ": " << r.body;
      }
    };
    auto r = as("anna", "POST", "/api/catalogue/products", deposit("draft-deposit", "Draft deposit zeta"));
    ASSERT_EQ(r.status, 201) << r.body;
    json future = deposit("future-deposit", "Future deposit omega");
    int year = std::stoi(today().substr(0, 4)) + 1;
    future["validFor"] = {{"startDateTime", std::to_string(year) + "-01-01"}};
    r = as("anna", "POST", "/api/catalogue/products", future);
    ASSERT_EQ(r.status, 201) << r.body;
    publish("future-deposit");
    json branch = deposit("branch-deposit", "Branch deposit sigma");
    branch["channels"] = {{{"channel", "branch"}}};
    r = as("anna", "POST", "/api/catalogue/products", branch);
    ASSERT_EQ(r.status, 201) << r.body;
    publish("branch-deposit");
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(MarketSiteTest, HomeAndCategoryInPolishAndEnglish) {
  auto pl = get("/market", kPolish);
  ASSERT_EQ(pl.status, 200) << pl.body;
  EXPECT_TRUE(has(pl.headers["content-type"], "text/html"));
  EXPECT_EQ(pl.headers["content-language"], "pl");
  EXPECT_TRUE(has(pl.body, "<html lang=\"pl\">"));
  EXPECT_TRUE(has(pl.body, "Produkty dla Ciebie"));
  EXPECT_TRUE(has(pl.body, ">Kredyt gotówkowy</a>"));
  EXPECT_TRUE(has(pl.body, "href=\"/market/categories/deposit?lang=pl\""));
  EXPECT_TRUE(has(pl.body, "hreflang=\"en\""));  // the switch
  auto en = get("/market");
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(has(en.body, "<html lang=\"en\">"));
  EXPECT_TRUE(has(en.body, "Products for you"));
  EXPECT_TRUE(has(en.body, ">Deposit product</a>"));
  // ?lang= wins over the browser's language.
  EXPECT_TRUE(has(get("/market?lang=en", kPolish).body, "Products for you"));
  // One stylesheet, cached for good under its version.
  auto at = en.body.find("/market/assets/market.css?v=");
  ASSERT_NE(at, std::string::npos);
  std::string css_url = en.body.substr(at, en.body.find('"', at) - at);
  auto css = get(css_url);
  EXPECT_EQ(css.status, 200);
  EXPECT_TRUE(has(css.headers["content-type"], "text/css"));
  EXPECT_TRUE(has(css.headers["cache-control"], "immutable"));
  EXPECT_TRUE(has(css.body, "table.stack"));
  EXPECT_EQ(get("/market/assets/market.js").status, 200);

  auto deposits = get("/market/categories/deposit", kPolish);
  ASSERT_EQ(deposits.status, 200);
  EXPECT_TRUE(has(deposits.body, "Lokata 5,2% na 12 miesięcy"));
  EXPECT_TRUE(has(deposits.body, "Konto oszczędnościowe 3,5%"));
  EXPECT_TRUE(has(deposits.body, "name=\"products\" value=\"term-deposit\""));  // compare ticks
  EXPECT_TRUE(has(deposits.body, "5,2%"));                                     // the headline rate
}

TEST_F(MarketSiteTest, OnlyProductsActiveTodayOnlineAreShown) {
  auto page = get("/market/categories/deposit");
  ASSERT_EQ(page.status, 200);
  for (const char* hidden : {"zeta", "omega", "sigma"}) EXPECT_FALSE(has(page.body, hidden)) << hidden;
  auto list = body(get("/api/market/products"));
  ASSERT_TRUE(list.contains("products")) << list.dump();
  std::set<std::string> ids;
  for (const auto& p : list["products"]) ids.insert(p["id"].get<std::string>());
  EXPECT_TRUE(ids.contains("cash-loan"));
  EXPECT_TRUE(ids.contains("term-deposit"));
  EXPECT_FALSE(ids.contains("draft-deposit"));
  EXPECT_FALSE(ids.contains("future-deposit"));
  EXPECT_FALSE(ids.contains("branch-deposit"));
  EXPECT_EQ(get("/market/products/future-deposit").status, 404);
  EXPECT_EQ(get("/market/products/draft-deposit").status, 404);
  // The branch product is on offer in its channel (the headless API per channel).
  auto branch = body(get("/api/market/products?channel=branch&category=deposit"));
  bool found = false;
  for (const auto& p : branch["products"]) found = found || p["id"] == "branch-deposit";
  EXPECT_TRUE(found) << branch.dump();
  EXPECT_EQ(get("/api/market/products/branch-deposit?channel=branch").status, 200);
  EXPECT_EQ(get("/api/market/products/branch-deposit").status, 404);
  EXPECT_EQ(get("/api/market/products?channel=no%20such").status, 400);
}

TEST_F(MarketSiteTest, ProductPageHasFeaturesPricesAndApply) {
  auto en = get("/market/products/cash-loan?lang=en");
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_TRUE(has(en.body, "<h1>Cash loan up to PLN 200,000</h1>"));
  EXPECT_TRUE(has(en.body, "Nominal rate"));          // a feature label from the type's tree
  EXPECT_TRUE(has(en.body, "<dd>9.99%</dd>"));        // its value
  EXPECT_TRUE(has(en.body, "Arrangement commission"));  // a price
  EXPECT_TRUE(has(en.body, "3.99% one-off"));          // online commission
  EXPECT_TRUE(has(en.body, "11.49% a year"));          // interest for 20,000 over 36 months
  EXPECT_TRUE(has(en.body, "href=\"/forms/cash-loan-application?productId=cash-loan&amp;amount=20000&amp;months=36&amp;lang=en\""));
  auto pl = get("/market/products/cash-loan", kPolish);
  EXPECT_TRUE(has(pl.body, "Oprocentowanie nominalne"));
  EXPECT_TRUE(has(pl.body, "<dd>9,99%</dd>"));
  EXPECT_TRUE(has(pl.body, "lang=pl\""));
  // Simulated: the result, and Apply carries the values.
  auto sim = get("/market/products/cash-loan?lang=en&amount=10000&months=24&instalments=equal");
  ASSERT_EQ(sim.status, 200) << sim.body;
  EXPECT_TRUE(has(sim.body, "id=\"result-title\""));
  EXPECT_TRUE(has(sim.body, "APR"));
  EXPECT_TRUE(has(sim.body, "amount=10000&amp;months=24&amp;lang=en"));
  // A term outside the product's limits: 400, the message beside the field.
  auto bad = get("/market/products/cash-loan?lang=en&amount=500&months=24");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "href=\"#amount\""));
  EXPECT_TRUE(has(bad.body, "aria-invalid=\"true\""));
  // A deposit page has the deposit simulator.
  auto deposit = get("/market/products/term-deposit?lang=en&amount=10000&months=3");
  ASSERT_EQ(deposit.status, 200);
  EXPECT_TRUE(has(deposit.body, "Net interest"));
  EXPECT_TRUE(has(deposit.body, "/forms/term-deposit-application?productId=term-deposit&amp;amount=10000&amp;months=3&amp;lang=en"));
  // The JSON twin, without internal ids.
  auto api = get("/api/market/products/cash-loan?lang=en");
  ASSERT_EQ(api.status, 200);
  auto p = body(api);
  EXPECT_EQ(p["id"], "cash-loan");
  EXPECT_EQ(p["applicationForm"], "cash-loan-application");
  EXPECT_EQ(p["simulator"], "cash-loan");
  EXPECT_FALSE(p["features"].empty());
  for (const char* internal : {"\"version\"", "anna", "maria", "createdBy", "publishedBy", "lifecycleStatus"}) {
    EXPECT_FALSE(has(api.body, internal)) << internal;
  }
}

TEST_F(MarketSiteTest, UnknownProductOrCategoryIs404) {
  auto page = get("/market/products/no-such-product");
  EXPECT_EQ(page.status, 404);
  EXPECT_TRUE(has(page.headers["content-type"], "text/html"));
  EXPECT_TRUE(has(page.body, "Page not found"));
  EXPECT_EQ(get("/market/categories/no-such-type").status, 404);
  auto api = get("/api/market/products/no-such-product");
  EXPECT_EQ(api.status, 404);
  EXPECT_TRUE(body(api).contains("message")) << api.body;  // the usual error shape, nothing inside
  EXPECT_FALSE(has(api.body, "catalogue_item"));
  EXPECT_FALSE(has(api.body, ".cpp"));
  EXPECT_FALSE(has(api.body, "std::"));
}

TEST_F(MarketSiteTest, ProductIdSimulationEqualsExplicitTerms) {
  json by_product = {{"productId", "cash-loan"}, {"amount", 20000}, {"months", 36}, {"startDate", today()}};
  auto r = post("/api/market/simulations/cash-loan", by_product);
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = body(r);
  // The catalogue's prices for 20,000 over 36 months online: 11.49% and 3.99% commission.
  EXPECT_DOUBLE_EQ(a["annualRate"].get<double>(), 11.49);
  EXPECT_DOUBLE_EQ(a["upfrontFee"].get<double>(), 798.0);
  EXPECT_EQ(a["productId"], "cash-loan");
  json explicit_terms = {{"amount", 20000}, {"months", 36}, {"annualRate", a["annualRate"]}, {"upfrontFee", a["upfrontFee"]},
                         {"monthlyFee", a["monthlyFee"]}, {"startDate", today()}};
  auto b = body(post("/api/market/simulations/cash-loan", explicit_terms));
  for (const char* k : {"instalment", "totalInterest", "totalCost", "apr", "schedule"}) EXPECT_EQ(a[k], b[k]) << k;
  // The visitor's segment: the affluent price list.
  by_product["segment"] = "affluent";
  auto affluent = body(post("/api/market/simulations/cash-loan", by_product));
  EXPECT_DOUBLE_EQ(affluent["annualRate"].get<double>(), 8.49);
  EXPECT_DOUBLE_EQ(affluent["upfrontFee"].get<double>(), 598.0);
  // In the spring promotion (mass segment, online): no commission, one point off the rate.
  std::string now = today();
  int year = std::stoi(now.substr(0, 4)) + (now.substr(5) >= "06-01" ? 1 : 0);
  by_product["segment"] = "mass";
  by_product["startDate"] = std::to_string(year) + "-04-01";
  auto spring = body(post("/api/market/simulations/cash-loan", by_product));
  EXPECT_DOUBLE_EQ(spring["upfrontFee"].get<double>(), 0.0) << spring.dump();
  EXPECT_DOUBLE_EQ(spring["annualRate"].get<double>(), 10.49) << spring.dump();
  // The deposit by product: its rate for three months.
  auto d = body(post("/api/market/simulations/term-deposit", json{{"productId", "term-deposit"}, {"amount", 10000}, {"months", 3},
                                                                 {"startDate", today()}}));
  EXPECT_DOUBLE_EQ(d["annualRate"].get<double>(), 4.5) << d.dump();
  auto e = body(post("/api/market/simulations/term-deposit", json{{"amount", 10000}, {"months", 3}, {"annualRate", 4.5},
                                                                 {"startDate", today()}}));
  for (const char* k : {"grossInterest", "tax", "netInterest", "payout", "maturityDate"}) EXPECT_EQ(d[k], e[k]) << k;
}

TEST_F(MarketSiteTest, ProductIdSimulationValidation) {
  auto expect_400 = [](const std::string& kind, const json& b, const std::string& field) {
    auto r = post("/api/market/simulations/" + kind, b);
    EXPECT_EQ(r.status, 400) << b.dump() << " -> " << r.body;
    EXPECT_TRUE(has(body(r).value("message", ""), field)) << b.dump() << " -> " << r.body;
  };
  expect_400("cash-loan", {{"productId", "no-such"}, {"amount", 20000}, {"months", 36}}, "productId");
  expect_400("cash-loan", {{"productId", "term-deposit"}, {"amount", 20000}, {"months", 36}}, "productId");
  expect_400("cash-loan", {{"productId", "cash-loan"}, {"amount", 20000}, {"months", 36}, {"annualRate", 5}}, "productId");
  expect_400("cash-loan", {{"productId", "cash-loan"}, {"amount", 500}, {"months", 36}}, "amount");
  expect_400("cash-loan", {{"productId", "cash-loan"}, {"amount", 20000}, {"months", 200}}, "months");
  expect_400("cash-loan", {{"productId", 7}, {"amount", 20000}, {"months", 36}}, "productId");
  expect_400("term-deposit", {{"productId", "term-deposit"}, {"amount", 10000}, {"days", 30}}, "months");
  expect_400("term-deposit", {{"productId", "term-deposit"}, {"amount", 10}, {"months", 3}}, "amount");
  expect_400("term-deposit", {{"productId", "cash-loan"}, {"amount", 10000}, {"months", 3}}, "productId");
}

TEST_F(MarketSiteTest, ComparisonAlignsFeaturesAndMarksDifferences) {
  auto r = get("/api/market/compare?products=term-deposit,savings-account&lang=en");
  ASSERT_EQ(r.status, 200) << r.body;
  auto c = body(r);
  ASSERT_EQ(c["products"].size(), 2u);
  std::map<std::string, json> rows;
  for (const auto& s : c["sections"]) {
    for (const auto& row : s["rows"]) rows[row["id"].get<std::string>()] = row;
  }
  ASSERT_TRUE(rows.contains("rate")) << c.dump();
  EXPECT_EQ(rows["rate"]["values"], json({"5.2%", "3.5%"}));
  EXPECT_TRUE(rows["rate"]["differs"].get<bool>());
  EXPECT_FALSE(rows["guaranteedByBfg"]["differs"].get<bool>());
  EXPECT_EQ(rows["termMonths"]["values"][1], nullptr);  // the savings account has no term
  ASSERT_TRUE(rows.contains("interest"));               // prices aligned by key
  auto page = get("/market/compare?products=term-deposit&products=savings-account&lang=pl", kPolish);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "class=\"differs\""));
  EXPECT_TRUE(has(page.body, "Różnica"));
  EXPECT_TRUE(has(page.body, "data-label=\"Konto oszczędnościowe\""));
  EXPECT_EQ(get("/market/compare?products=term-deposit").status, 400);
  EXPECT_EQ(get("/api/market/compare?products=a,b,c,d,e").status, 400);
  EXPECT_EQ(get("/api/market/compare?products=term-deposit,term-deposit").status, 400);
  EXPECT_EQ(get("/api/market/compare?products=term-deposit,no-such").status, 404);
}

TEST_F(MarketSiteTest, PersonalOffersShowWhyOthersAreNot) {
  auto r = post("/api/market/offers?lang=en", json{{"age", 30}, {"income", 2000}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = body(r);
  auto find = [](const json& list, const std::string& id) {
    for (const auto& p : list) {
      if (p["id"] == id) return p;
    }
    return json();
  };
  EXPECT_FALSE(find(o["eligible"], "term-deposit").is_null());
  json loan = find(o["notEligible"], "cash-loan");
  ASSERT_FALSE(loan.is_null()) << o.dump();
  EXPECT_EQ(loan["reasons"], json({"A net income of at least PLN 2,500 is required."}));
  // Enough income: the loan too, at its price.
  auto rich = body(post("/api/market/offers?lang=en", json{{"age", 30}, {"income", 9000}, {"segment", "affluent"}}));
  json rich_loan = find(rich["eligible"], "cash-loan");
  ASSERT_FALSE(rich_loan.is_null()) << rich.dump();
  // A minor: no deposit.
  auto minor = body(post("/api/market/offers?lang=en", json{{"age", 16}, {"income", 0}}));
  EXPECT_FALSE(find(minor["notEligible"], "term-deposit").is_null());
  // The page, in Polish, with the reason.
  auto page = get("/market/offers?age=30&income=2000&segment=", kPolish);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "Wymagany dochód netto co najmniej 2 500 zł."));
  EXPECT_TRUE(has(page.body, "Możesz skorzystać"));
  // Bad facts: a 400 naming the field, on the page beside it.
  auto bad = get("/market/offers?age=abc&income=2000&lang=en");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "href=\"#age\""));
  EXPECT_EQ(post("/api/market/offers", json{{"income", 2000}}).status, 400);
  auto seg = post("/api/market/offers", json{{"age", 30}, {"income", 2000}, {"segment", "gold"}});
  EXPECT_EQ(seg.status, 400);
  EXPECT_TRUE(has(body(seg).value("message", ""), "segment"));
  EXPECT_EQ(post("/api/market/offers", json{{"age", 300}, {"income", 2000}}).status, 400);
}

TEST_F(MarketSiteTest, CategoriesApiPerChannel) {
  auto online = body(get("/api/market/categories?lang=pl"));
  ASSERT_TRUE(online.contains("categories")) << online.dump();
  bool loan = false;
  for (const auto& c : online["categories"]) loan = loan || (c["id"] == "cash-loan" && c["name"] == "Kredyt gotówkowy");
  EXPECT_TRUE(loan) << online.dump();
  auto chatbot = body(get("/api/market/categories?channel=chatbot"));
  ASSERT_EQ(chatbot["categories"].size(), 1u) << chatbot.dump();  // only the current account
  EXPECT_EQ(chatbot["categories"][0]["id"], "account");
}

TEST(MarketSiteRateLimit, PagesAnswer429AfterTheBurst) {
  setenv("DPC_PUBLIC_RATE", "1", 1);
  setenv("DPC_PUBLIC_BURST", "3", 1);
  int port = free_port();
  ServerProcess* server = start_test_server("market-site-limit", port);
  unsetenv("DPC_PUBLIC_RATE");
  unsetenv("DPC_PUBLIC_BURST");
  int refused = 0;
  HttpResponse last;
  for (int i = 0; i < 6; ++i) {
    last = http_request(port, "GET", i % 2 ? "/market" : "/api/market/categories", "", {{"Authorization", ""}});
    refused += last.status == 429;
  }
  EXPECT_GE(refused, 2);
  EXPECT_EQ(last.status, 429);
  EXPECT_TRUE(last.headers.contains("retry-after"));
  stop_test_server(server);
}

}  // namespace
