// offer_bench: offer evaluations per second on one core, in process (no HTTP, no database):
// a catalogue of N active products (default 200), each with 3 FEEL eligibility rules, an
// interest table by segment and amount, a FEEL fee, and 2 promotions per product (one
// stackable, one not, with FEEL conditions). Each evaluation is one customer against the whole
// catalogue, as POST /api/catalogue/offers does after its cache is warm. It also times a
// reload of the catalogue: compiling every version, and taking over what the previous load
// compiled (what the server does every 5 s and after each publication).
//   offer_bench [products] [seconds]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <vector>

#include "dpc/catalogue/offers.h"

using namespace dpc::catalogue;

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 200;
  double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  std::vector<Item> products, promotions;
  for (int i = 0; i < n; ++i) {
    Item p;
    p.kind = kProduct;
    p.key = "product-" + std::to_string(i);
    p.lifecycle_status = kActive;
    p.type_key = "loan";
    p.valid_from = "2026-01-01";
    p.body = {
        {"name", {{"pl", "Produkt " + std::to_string(i)}, {"en", "Product " + std::to_string(i)}}},
        {"features", {{"rate", 7.5}}},
        {"channels", {{{"channel", "online"}}, {{"channel", "branch"}, {"windows", {{{"from", "09:00"}, {"to", "18:00"}}}}}}},
        {"eligibility", {{{"key", "age"}, {"condition", "customer.age >= 18 and customer.age <= 75"}},
                         {{"key", "income"}, {"condition", "customer.income >= " + std::to_string(1000 + (i % 7) * 500)}},
                         {{"key", "arrears"}, {"condition", "not(customer.hasArrears = true)"}}}},
        {"prices", {{{"key", "interest"}, {"kind", "recurring"}, {"category", "interest"}, {"unit", "percent"},
                     {"table", {{{"when", {{"segment", "vip"}}}, {"value", 6.0}}, {{"when", {{"amount", {1000, 50000}}}}, {"value", 9.0}},
                                {{"when", Json::object()}, {"value", 10.0}}}}},
                    {{"key", "fee"}, {"kind", "oneTime"}, {"category", "fee"}, {"unit", "PLN"},
                     {"expression", "if amount > 10000 then amount * 0.01 else 50"}}}},
        {"content", {{"pl", {{"default", {{"title", "Tytuł"}, {"html", "<p>Treść</p>"}}}}}}}};
    products.push_back(p);
    for (int k = 0; k < 2; ++k) {
      Item pr;
      pr.kind = kPromotion;
      pr.key = p.key + "-promo-" + std::to_string(k);
      pr.lifecycle_status = kActive;
      pr.valid_from = "2026-03-01";
      pr.valid_to = "2026-06-01";
      pr.body = {{"name", {{"en", "Promo"}}}, {"products", {p.key}}, {"segments", {"mass"}}, {"channels", {"online"}},
                 {"condition", k == 0 ? "amount >= 5000" : "customer.age < 30"}, {"priority", 10 - k},
                 {"stackable", k == 0},
                 {"adjustments", {{{"price", k == 0 ? "fee" : "interest"}, {k == 0 ? "percentOff" : "delta", k == 0 ? 50 : -0.5}}}}};
      promotions.push_back(pr);
    }
  }
  auto catalogue = OfferCatalogue::build(products, promotions);
  if (!catalogue) {
    std::fprintf(stderr, "build failed: %s\n", catalogue.error().message.c_str());
    return 1;
  }
  auto time_builds = [&](const OfferCatalogue* previous) {
    auto t0 = std::chrono::steady_clock::now();
    int builds = 0;
    while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 1.0) {
      auto again = OfferCatalogue::build(products, promotions, previous);
      if (!again) return 0.0;
      ++builds;
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / builds;
  };
  std::printf("reload of %d products: %.2f ms compiling every version, %.2f ms taking over the previous load's\n", n,
              time_builds(nullptr), time_builds(catalogue->get()));
  OfferRequest rq;
  rq.customer = {{"age", 29}, {"income", 4200}, {"segment", "mass"}, {"hasArrears", false}};
  rq.channel = "online";
  rq.language = "pl";
  rq.date = "2026-04-10";
  rq.amount = 20000;
  rq.term = 24;
  auto check = (*catalogue)->evaluate(rq);
  std::printf("one evaluation: %zu offers, %zu left out\n", check["offers"].size(), check["excluded"].size());
  auto start = std::chrono::steady_clock::now();
  long long count = 0;
  std::vector<double> latencies;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    auto t0 = std::chrono::steady_clock::now();
    auto answer = (*catalogue)->evaluate(rq);
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    ++count;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  std::printf("%d products x 3 rules x 2 promotions: %.0f evaluations/s on one core; p50 %.2f ms, p99 %.2f ms\n", n,
              count / elapsed, latencies[latencies.size() / 2], latencies[latencies.size() * 99 / 100]);
  return 0;
}
