// JSON in and out of the Market's simulators (see market_routes.h); the arithmetic is in
// src/market.
#include "dpc/http/handlers/market_routes.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "dpc/http/query.h"
#include "dpc/market/messages.h"
#include "market_page.h"
#include "market_site.h"
#include "dpc/market/cash_loan.h"
#include "dpc/market/credit_card.h"
#include "dpc/market/term_deposit.h"

namespace dpc::http {

namespace {

using nlohmann::json;
using namespace dpc::market;

constexpr size_t kMaxSimulationBody = 4 * 1024;

// A number field: absent/null -> `fallback` (nullopt = required); any other type is a 400.
Result<double> number_field(const json& body, const char* name, std::optional<double> fallback) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (fallback) return *fallback;
    return Error::invalid(std::string(name) + " is required");
  }
  if (!it->is_number()) return Error::invalid(std::string(name) + " must be a number");
  return it->get<double>();
}

Result<int> whole_field(const json& body, const char* name, std::optional<int> fallback) {
  auto v = number_field(body, name, fallback ? std::optional<double>(*fallback) : std::nullopt);
  if (!v) return v.error();
  if (std::floor(*v) != *v) return Error::invalid(std::string(name) + " must be a whole number");
  return static_cast<int>(std::clamp(*v, -1e6, 1e6));  // out of range either way; the range check names it
}

Result<Date> start_field(const json& body) {
  auto text = string_field(body, "startDate");
  if (!text) return text.error();
  if (!*text) return today_utc();
  auto d = parse_date(**text);
  if (!d) return Error::invalid("startDate must be a date (YYYY-MM-DD)");
  return *d;
}

double money(Grosz g) { return to_zloty(g); }

Response answer(const Error& e) { return error_response(e); }

// The visitor a simulation by product is priced for: "channel" (default online), "segment"
// and "language" of the body (the language of the 400 messages).
Result<Visitor> simulation_visitor(const json& body) {
  Visitor v;
  auto channel = string_field(body, "channel");
  if (!channel) return channel.error();
  if (*channel) v.channel = **channel;
  auto segment = string_field(body, "segment");
  if (!segment) return segment.error();
  v.segment = segment->value_or("");
  auto language = string_field(body, "language");
  if (!language) return language.error();
  v.language = language->value_or("en") == "pl" ? "pl" : "en";
  return v;
}

// With "productId": the product's prices instead of the rate and fees (giving both is a 400).
Result<std::optional<std::string>> product_field(const json& body, std::initializer_list<const char*> instead_of) {
  auto id = string_field(body, "productId");
  if (!id) return id.error();
  if (!*id) return std::optional<std::string>();
  for (const char* f : instead_of) {
    if (body.contains(f)) {
      return Error::invalid(std::string("productId: give either productId or ") + f + ", not both (the product's prices set it)");
    }
  }
  return *id;
}

Response cash_loan(Storefront& store, Request& r) {
  auto body = json_body(r);
  if (!body) return answer(body.error());
  auto product = product_field(*body, {"annualRate", "upfrontFee", "monthlyFee"});
  if (!product) return answer(product.error());
  LoanTerms t;
  auto amount = number_field(*body, "amount", std::nullopt);
  if (!amount) return answer(amount.error());
  auto months = whole_field(*body, "months", std::nullopt);
  if (!months) return answer(months.error());
  auto kind_text = string_field(*body, "instalments");
  if (!kind_text) return answer(kind_text.error());
  auto kind = parse_instalment_kind(kind_text->value_or("equal"));
  if (!kind) return answer(Error::invalid("instalments must be \"equal\" or \"decreasing\""));
  auto start = start_field(*body);
  if (!start) return answer(start.error());
  if (*product) {
    auto visitor = simulation_visitor(*body);
    if (!visitor) return answer(visitor.error());
    auto terms = store.loan_terms(*visitor, **product, *amount, *months, *kind, *start);
    if (!terms) return answer(terms.error());
    t = *terms;
  } else {
    auto rate = number_field(*body, "annualRate", std::nullopt);
    if (!rate) return answer(rate.error());
    auto upfront = number_field(*body, "upfrontFee", 0.0);
    if (!upfront) return answer(upfront.error());
    auto monthly = number_field(*body, "monthlyFee", 0.0);
    if (!monthly) return answer(monthly.error());
    t.amount = *amount;
    t.months = *months;
    t.annual_rate = *rate;
    t.upfront_fee = *upfront;
    t.monthly_fee = *monthly;
    t.kind = *kind;
    t.start = *start;
  }
  auto sim = simulate_cash_loan(t);
  if (!sim) return answer(sim.error());
  json schedule = json::array();
  for (const auto& row : sim->schedule) {
    schedule.push_back({{"n", row.n},
                        {"date", format_date(row.date)},
                        {"instalment", money(row.instalment)},
                        {"interest", money(row.interest)},
                        {"principal", money(row.principal)},
                        {"fee", money(row.fee)},
                        {"balance", money(row.balance)}});
  }
  json out = {{"amount", money(to_grosz(t.amount))},
              {"months", t.months},
              {"productId", *product ? json(**product) : json()},
              {"annualRate", t.annual_rate},
              {"upfrontFee", money(to_grosz(t.upfront_fee))},
              {"monthlyFee", money(to_grosz(t.monthly_fee))},
              {"instalments", instalment_kind_name(t.kind)},
              {"startDate", format_date(t.start)},
              {"instalment", money(sim->instalment)},
              {"lastInstalment", money(sim->last_instalment)},
              {"totalInterest", money(sim->total_interest)},
              {"totalFees", money(sim->total_fees)},
              {"totalCost", money(sim->total_cost)},
              {"totalToPay", money(sim->total_to_pay)},
              {"apr", sim->apr},
              {"schedule", std::move(schedule)}};
  return Response::json(200, out.dump());
}

Response term_deposit(Storefront& store, Request& r) {
  auto body = json_body(r);
  if (!body) return answer(body.error());
  auto product = product_field(*body, {"annualRate"});
  if (!product) return answer(product.error());
  DepositTerms t;
  auto amount = number_field(*body, "amount", std::nullopt);
  if (!amount) return answer(amount.error());
  auto months = whole_field(*body, "months", 0);
  if (!months) return answer(months.error());
  auto days = whole_field(*body, "days", 0);
  if (!days) return answer(days.error());
  auto start = start_field(*body);
  if (!start) return answer(start.error());
  if (*product) {
    if (*days != 0 || *months == 0) return answer(Error::invalid("months: is required with productId (the term in months)"));
    auto visitor = simulation_visitor(*body);
    if (!visitor) return answer(visitor.error());
    auto terms = store.deposit_terms(*visitor, **product, *amount, *months, *start);
    if (!terms) return answer(terms.error());
    t = *terms;
  } else {
    auto rate = number_field(*body, "annualRate", std::nullopt);
    if (!rate) return answer(rate.error());
    t.amount = *amount;
    t.annual_rate = *rate;
    t.months = *months;
    t.days = *days;
    t.start = *start;
  }
  auto sim = simulate_term_deposit(t);
  if (!sim) return answer(sim.error());
  json out = {{"amount", money(to_grosz(t.amount))},
              {"productId", *product ? json(**product) : json()},
              {"annualRate", t.annual_rate},
              {"startDate", format_date(t.start)},
              {"maturityDate", format_date(sim->maturity)},
              {"days", sim->days},
              {"grossInterest", money(sim->gross_interest)},
              {"taxRate", kCapitalGainsTaxPercent},
              {"tax", money(sim->tax)},
              {"netInterest", money(sim->net_interest)},
              {"payout", money(sim->payout)}};
  return Response::json(200, out.dump());
}

Response credit_card(Request& r) {
  auto body = json_body(r);
  if (!body) return answer(body.error());
  CardTerms t;
  auto balance = number_field(*body, "balance", std::nullopt);
  if (!balance) return answer(balance.error());
  auto rate = number_field(*body, "annualRate", std::nullopt);
  if (!rate) return answer(rate.error());
  auto percent = number_field(*body, "minimumPercent", std::nullopt);
  if (!percent) return answer(percent.error());
  auto minimum = number_field(*body, "minimumAmount", 0.0);
  if (!minimum) return answer(minimum.error());
  t.balance = *balance;
  t.annual_rate = *rate;
  t.minimum_percent = *percent;
  t.minimum_amount = *minimum;
  auto sim = simulate_credit_card(t);
  if (!sim) return answer(sim.error());
  json path = json::array();
  for (const auto& m : sim->path) {
    path.push_back({{"n", m.n}, {"payment", money(m.payment)}, {"interest", money(m.interest)},
                    {"balance", money(m.balance)}});
  }
  json out = {{"balance", money(to_grosz(t.balance))},
              {"annualRate", t.annual_rate},
              {"minimumPercent", t.minimum_percent},
              {"minimumAmount", money(to_grosz(t.minimum_amount))},
              {"months", sim->months},
              {"totalInterest", money(sim->total_interest)},
              {"totalPaid", money(sim->total_paid)},
              {"path", std::move(path)}};
  return Response::json(200, out.dump());
}

}  // namespace

void add_market_routes(Router& router, RateLimiter& limiter, Storefront& storefront) {
  router.add(Method::kPost, "/api/market/simulations/cash-loan",
             public_endpoint(limiter, kMaxSimulationBody, [&storefront](Request& r) { return cash_loan(storefront, r); }));
  router.add(Method::kPost, "/api/market/simulations/term-deposit",
             public_endpoint(limiter, kMaxSimulationBody, [&storefront](Request& r) { return term_deposit(storefront, r); }));
  router.add(Method::kPost, "/api/market/simulations/credit-card",
             public_endpoint(limiter, kMaxSimulationBody, credit_card));
  router.add(Method::kGet, "/market/cash-loan", public_endpoint(limiter, kMaxSimulationBody, cash_loan_page));
  add_market_site_routes(router, limiter, storefront);
}

}  // namespace dpc::http
