// The Market's public simulators (no login; rate-limited per client, small bodies):
//   POST /api/market/simulations/cash-loan    {"amount","months","annualRate","upfrontFee",
//        "monthlyFee","instalments":"equal"|"decreasing","startDate"?} -> instalment,
//        totalInterest, totalCost, apr, schedule [{n,date,instalment,interest,principal,fee,balance}]
//   POST /api/market/simulations/term-deposit {"amount","annualRate","months"|"days","startDate"?}
//        -> grossInterest, tax, netInterest, payout, days, maturityDate
//   POST /api/market/simulations/credit-card  {"balance","annualRate","minimumPercent",
//        "minimumAmount"} -> months, totalInterest, totalPaid, path [{n,payment,interest,balance}]
//   GET  /market/cash-loan?amount=&months=&annualRate=&upfrontFee=&monthlyFee=&instalments=
//        the same simulator as a server-rendered page (no script needed), Polish or English
// Money in złoty with two decimals. Bad input: 400 naming the field. "productId" (with
// optional "segment" and "channel") instead of the rate and fees: the catalogue product's
// prices and promotions on the start date (dpc/market/storefront.h); both at once is a 400.
// Also the public pages and their JSON (handlers/market_site.h): /market, /market/categories,
// /market/products, /market/compare, /market/offers, /api/market/{categories,products,...}.
#pragma once

#include "dpc/http/rate_limiter.h"
#include "dpc/http/router.h"
#include "dpc/market/storefront.h"

namespace dpc::http {

// `limiter` and `storefront` must outlive the router.
void add_market_routes(Router& router, RateLimiter& limiter, market::Storefront& storefront);

}  // namespace dpc::http
