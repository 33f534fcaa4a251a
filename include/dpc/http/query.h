// Request-target and body helpers shared by all handlers. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dpc/core/result.h"
#include "dpc/http/message.h"

namespace dpc::http {

// Percent-decoding; `plus_is_space` for query strings. Malformed escapes are kept as-is.
std::string url_decode(std::string_view s, bool plus_is_space = false);

// Splits "/a/b?x=1&y=%20" into the raw path "/a/b" and decoded query pairs.
void split_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);

// Typed query parameters. A present but malformed value is a 400 naming the parameter.
Result<std::optional<long long>> query_int(const Request& req, std::string_view name);
Result<std::optional<bool>> query_bool(const Request& req, std::string_view name);

// Paging as Camunda lists take it: firstResult (default 0) and maxResults (default: all).
struct Paging {
  long long first_result = 0;
  long long max_results = -1;  // -1 = no limit
};
Result<Paging> query_paging(const Request& req);

// Parses the body as JSON. 415 when Content-Type is present and not JSON, 400 with the
// parser's position when it is not well-formed. An empty body parses as an empty object.
Result<nlohmann::json> json_body(const Request& req);

}  // namespace dpc::http
