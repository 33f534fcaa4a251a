// The paths that answer without a login: the customer-facing Market and application forms
// (contracts.md gives the market helper /api/market/..., /api/forms/..., /market and /forms):
// the Market's simulators, categories, products, comparison and personal offers under
// /api/market/, its pages under /market/.
// Listed explicitly here so that opening a path to the public is one visible line; everything
// else under /api and /engine-rest needs credentials (authentication.h). Handlers on these
// paths must guard themselves (rate_limiter.h's public_endpoint) and never answer internal ids.
#pragma once

#include <string_view>

namespace dpc::http {

inline bool is_public_path(std::string_view path) {
  constexpr std::string_view kPrefixes[] = {"/api/market/", "/api/forms/", "/market/", "/forms/"};
  for (auto prefix : kPrefixes) {
    if (path.starts_with(prefix)) return true;
  }
  return path == "/market" || path == "/forms";
}

}  // namespace dpc::http
