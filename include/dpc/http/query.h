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

// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or nullopt when all of `s` is well-formed.
std::optional<size_t> invalid_utf8_at(std::string_view s);

// A decoded path or query parameter that dpc can use: well-formed UTF-8 without the NUL
// character (PostgreSQL text holds neither). Else a 400 naming `what` ("path parameter 'id'").
Status check_param_text(const std::string& what, std::string_view value);
// check_param_text for every decoded query parameter's name and value.
Status check_query_text(const Request& req);

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

// Parses the body as the JSON object every Camunda request body is; the one place handlers
// read a JSON body. 415 when Content-Type is present and not JSON. 400 (naming the byte) when
// the body is not valid UTF-8, not well-formed JSON, nests deeper than kMaxJsonDepth, or is
// not an object (null, a string, a number, an array). The parser's own text never reaches the
// answer. An empty body parses as an empty object.
inline constexpr int kMaxJsonDepth = 1000;  // Jackson's default limit, so Camunda's too
Result<nlohmann::json> json_body(const Request& req);

// Typed reads of one field of a JSON object: absent or null is nullopt; any other type than
// the expected one is a 400 naming the field. Read fields through these instead of get<>(),
// which throws on a wrong type.
Result<std::optional<std::string>> string_field(const nlohmann::json& object, const std::string& name);
Result<std::optional<bool>> bool_field(const nlohmann::json& object, const std::string& name);
// An integer within the range of long long (a fraction or a larger number is a 400).
Result<std::optional<long long>> integer_field(const nlohmann::json& object, const std::string& name);

}  // namespace dpc::http
