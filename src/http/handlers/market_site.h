// Internal: the Market's public pages and their JSON twins (registered by add_market_routes).
//   GET /market                           categories
//   GET /market/categories/{id}           the category's products, with "compare" ticks
//   GET /market/products/{id}             a product: features, prices, fees, documents, its
//       ?amount=&months=&instalments=     simulator (with the values: the result) and "Apply"
//   GET /market/compare?products=a&products=b   2 to 4 products side by side
//   GET /market/offers?age=&income=&segment=    personal offers (eligible, and why not)
//   GET /market/assets/market.{css,js}
//   GET /api/market/categories, /api/market/products?category=, /api/market/products/{id},
//       /api/market/compare?products=a,b; POST /api/market/offers {"age","income","segment"}
// Every page and answer takes ?lang=pl|en (else Accept-Language); the JSON ones ?channel=
// (default online). The logic is dpc/market/storefront.h's; these translate HTTP.
#pragma once

#include "dpc/http/rate_limiter.h"
#include "dpc/http/router.h"
#include "dpc/market/storefront.h"

namespace dpc::http {

void add_market_site_routes(Router& router, RateLimiter& limiter, market::Storefront& storefront);

}  // namespace dpc::http
