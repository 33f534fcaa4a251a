// JSON shapes of catalogue items, audit entries and assets as /api/catalogue shows them, and
// the authorization checks every catalogue handler makes.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "dpc/catalogue/model.h"
#include "dpc/core/result.h"
#include "dpc/http/message.h"

namespace dpc::http::catalogue_dto {

// The item's body fields at top level, plus key, version, lifecycleStatus, type (products),
// validFor {startDateTime, endDateTime}, createdBy/At, updatedBy/At, submittedBy/At,
// publishedBy/At.
nlohmann::json item(const catalogue::Item& i);
nlohmann::json audit(const catalogue::AuditEntry& a);
nlohmann::json asset(const catalogue::Asset& a);

// READ / CREATE / UPDATE on Catalogue "*"; 401 without a principal, 403 without the right.
Status may_read(const Request& r);
Status may_create(const Request& r);
Status may_update(const Request& r);

// The caller's user id (authorization checked before, so a principal is there).
std::string user_of(const Request& r);

}  // namespace dpc::http::catalogue_dto
