// Offer evaluation: which active products a customer may get in a channel on a date, at
// which prices, with which promotions and content, and for each product left out, why.
// An OfferCatalogue is built once from the active items (FEEL compiled then) and is immutable
// afterwards: evaluate() may run from many threads at once.
//
// Product body parts read here: "name", "channels" ([{"channel", "windows": [{"days":
// ["mon",...], "from": "08:00", "to": "20:00"}]}], none = every channel), "eligibility"
// ([{"key", "condition": FEEL, "reason": {"pl","en"}}]), "prices" ([{"key", "name", "kind":
// oneTime|recurring|usage, "category": fee|commission|interest|margin, "unit", "period",
// and one of "value", "table": [{"when": {"segment", "channel", "amount": [min, max],
// "term": [min, max]}, "value"}], "expression": FEEL}]), "content" ({lang: {channel or
// "default": {"title", "summary", "html"}}}), "package" ({"parts": [{"product", "optional"}]}).
// An eligibility rule has a FEEL "condition" or names a DMN "decision" (see DecisionCall).
// Promotion body: "name", "segments", "channels", "products" (none = all), "condition"
// (FEEL), "priority" (higher first), "stackable", "adjustments" ([{"price", one of
// "percentOff", "amountOff", "delta", "set"}]); its dates are the item's validity.
// FEEL sees: customer (the request's context), segment (customer.segment), channel, date,
// amount, term, language.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/catalogue/model.h"
#include "dpc/core/result.h"

namespace dpc::catalogue {

struct OfferRequest {
  Json customer = Json::object();
  std::string channel;
  std::string language = "pl";
  std::string date;  // YYYY-MM-DD
  std::optional<std::string> time;  // HH:MM, for channel time windows
  std::optional<double> amount, term;
  std::optional<std::string> product;  // only this product
  // false: eligibility rules are not evaluated (the public view of a product's prices and
  // content before the visitor has said anything about themselves).
  bool check_eligibility = true;
};

// An eligibility rule may name a DMN decision deployed in dpc ({"key", "decision": "<decision
// key>", "reason"}): a DecisionCall evaluates it over {customer, segment, channel, language,
// date, amount, term} and answers its result (the first output of the first matched rule;
// true = eligible). A DecisionResolver binds a decision key to its latest deployed version
// (may do database work: used when a catalogue is built, never while evaluating).
using DecisionCall = std::function<Result<Json>(const Json& inputs)>;
using DecisionResolver = std::function<Result<DecisionCall>(const std::string& decision_key)>;

// Reads {"customer", "channel", "language", "date" (date or date-time), "amount", "term",
// "product"}; 400 naming the field when it is malformed. `today` fills a missing date.
Result<OfferRequest> read_offer_request(const Json& body, const std::string& today);

class OfferCatalogue {
 public:
  // Errors (kInvalidArgument) name the item and the FEEL expression that does not compile.
  // What `previous` compiled for the same item versions is taken over, not compiled again
  // (an Active version never changes), except rules naming decisions (bound again).
  static Result<std::shared_ptr<const OfferCatalogue>> build(const std::vector<Item>& products,
                                                             const std::vector<Item>& promotions,
                                                             const OfferCatalogue* previous = nullptr,
                                                             const DecisionResolver* decisions = nullptr);
  ~OfferCatalogue();
  // {"offers": [{"product", "version", "type", "name", "features", "prices", "promotions",
  //  "content", "package"}], "excluded": [{"product", "version", "name", "reasons": [{"code",
  //  "message"}]}]}
  Json evaluate(const OfferRequest& request) const;
  size_t product_count() const;

  struct Compiled;  // private; public only for the implementation's helpers

 private:
  OfferCatalogue();
  std::unique_ptr<Compiled> c_;
};

// FEEL syntax check for the console and the service: the compile error, or OK.
Status check_feel(const std::string& source, const std::string& field);

}  // namespace dpc::catalogue
