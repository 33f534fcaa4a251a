// Internal: the server-rendered cash-loan simulator page, GET /market/cash-loan
// (market_page.cpp); registered by add_market_routes.
#pragma once

#include "dpc/http/router.h"

namespace dpc::http {

Response cash_loan_page(Request& req);

}  // namespace dpc::http
