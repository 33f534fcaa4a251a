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
// Money in złoty with two decimals. Bad input: 400 naming the field. "productId" instead of
// the rate and fees is refused (400) until the product catalogue is wired in.
#pragma once

#include "dpc/http/rate_limiter.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `limiter` must outlive the router.
void add_market_routes(Router& router, RateLimiter& limiter);

}  // namespace dpc::http
