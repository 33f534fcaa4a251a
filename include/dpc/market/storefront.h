// The Market's storefront: what a visitor sees of the product catalogue, as page models that
// the server-rendered pages (/market/...) and the headless JSON API (/api/market/...) both
// answer. Only products Active and valid today that are offered in the visitor's channel, in
// the visitor's language; prices come from the catalogue's offer evaluation (with its
// promotions), for example terms of each product unless the visitor gave theirs.
// Public shapes: product keys are the public ids; no versions, audit data or internal names.
//
// Thread-safe: the catalogue service is; the snapshot of types, dictionaries and products is
// immutable and replaced under a mutex every few seconds.
//
// Errors: kNotFound for an unknown (or not offered) product or category, kInvalidArgument
// naming the field for bad visitor input.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dpc/catalogue/catalogue_service.h"
#include "dpc/core/result.h"
#include "dpc/market/cash_loan.h"
#include "dpc/market/term_deposit.h"

namespace dpc::market {

using Json = nlohmann::json;

struct Visitor {
  std::string language = "pl";   // "pl" or "en"
  std::string channel = "online";
  std::string segment;           // a code of the "segment" dictionary, or empty
};

// What a visitor tells about themselves for personal offers.
struct Facts {
  int age = 0;
  double income = 0;
  std::string segment;
};

// A product's example terms (amount in złoty, term in months) for prices and simulations.
struct Terms {
  std::optional<double> amount;
  std::optional<int> months;
};

// The simulator a product type gets: product type "cash-loan" the loan, "deposit" with a
// term (feature termMonths) the term deposit; others none.
enum class SimulatorKind { kNone, kCashLoan, kTermDeposit };

class Storefront {
 public:
  explicit Storefront(catalogue::CatalogueService& catalogue);

  // {"categories": [{"id", "name", "description", "products"}]}: product types with at least
  // one product on offer, in the order of their first product.
  Result<Json> categories(const Visitor& v);
  // {"category": {"id", "name", "description"}, "products": [summary]} where a summary is
  // {"id", "category", "name", "title", "summary", "headline": {"label","text"}, "image"}.
  Result<Json> products(const Visitor& v, const std::string& category);
  // Every product on offer as summaries ({"products": [...]}).
  Result<Json> all_products(const Visitor& v);
  // The product page: summary fields plus "html", "features" ([{"id","label","rows":
  // [{"id","label","value","text"}]}]), "prices" ([{"id","name","kind","category","value",
  // "baseValue","unit","period","text","promotions"}]), "promotions" ([{"name"}]), "assets"
  // ([{"label","url"}]), "simulator" ("cash-loan" | "term-deposit" | null), "terms"
  // ({"amount","months"} used for the prices), "limits" ({"amount": {min,max}, "months":
  // {min,max}}), "applicationForm". Terms outside the product's limits are a 400.
  Result<Json> product(const Visitor& v, const std::string& id, const Terms& terms = {});
  // 2 to 4 products side by side: {"products": [summary + "url"], "sections": [{"label",
  // "rows": [{"id","label","values": [text or null], "differs"}]}]}; features aligned by the
  // feature tree (the first product's type first), then prices by key.
  Result<Json> compare(const Visitor& v, const std::vector<std::string>& ids);
  // {"eligible": [summary + "prices"], "notEligible": [summary + "reasons": [text]]} for the
  // visitor's facts, each product at its example terms.
  Result<Json> personal_offers(const Visitor& v, const Facts& facts);

  // The customer groups a visitor may say they belong to: [{"id", "name"}] (the "segment"
  // dictionary), for the personal-offers form.
  Result<Json> segments(const Visitor& v);

  // The product's loan or deposit terms for a simulation: its prices for `terms` (and the
  // visitor's segment) on `date` turned into the simulator's inputs. kInvalidArgument naming
  // productId when the product has no such simulator.
  Result<LoanTerms> loan_terms(const Visitor& v, const std::string& id, double amount, int months,
                               InstalmentKind kind, Date date);
  Result<DepositTerms> deposit_terms(const Visitor& v, const std::string& id, double amount, int months, Date date);

  // The snapshot's product (Active, valid today, in the channel) or nullptr.
  struct Snapshot;

 private:
  std::shared_ptr<const Snapshot> snapshot(const Visitor& v);
  Result<Json> evaluate(const Visitor& v, const std::string& id, const Terms& terms, const std::string& date,
                        bool eligibility, const Json& customer);

  catalogue::CatalogueService& catalogue_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> cached_;                // guarded by mu_
  std::chrono::steady_clock::time_point cached_at_;      // guarded by mu_
};

std::string_view simulator_name(SimulatorKind kind);

// Numbers as the visitor's language writes them: "20 000,50" (pl, non-breaking spaces) or
// "20,000.50" (en), with `decimals` places (trailing ",00" kept only for money).
std::string format_number(double x, int decimals, const std::string& language);
std::string format_money(double zloty, const std::string& language);  // "20 000,00 zł" / "PLN 20,000.00"
std::string format_percent(double percent, const std::string& language);  // "9,99%" / "9.99%"

}  // namespace dpc::market
