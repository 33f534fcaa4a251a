// Typed access to query-string and JSON-body parameters for list endpoints, with the
// Camunda-style 400 naming the parameter when a value is malformed. Thread-safe, pure.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/core/result.h"
#include "dpc/http/message.h"

namespace dpc::http {

// A flat view over either the query string (GET) or a JSON object (POST query twins), so a
// handler reads its filters once for both.
class Params {
 public:
  static Params from_query(const Request& req);
  static Params from_json(const nlohmann::json& body);

  std::optional<std::string> text(const std::string& name) const;
  // Comma-separated in query strings, arrays in JSON.
  std::vector<std::string> list(const std::string& name) const;
  Result<std::optional<bool>> boolean(const std::string& name) const;
  Result<std::optional<long long>> integer(const std::string& name) const;
  // Camunda date format; 400 naming the parameter when it is not a date.
  Result<std::optional<long long>> date(const std::string& name) const;
  // A flag that is on when "true" (Camunda's boolean filters such as unassigned=true).
  Result<bool> flag(const std::string& name) const;

  struct Sort {
    std::string by;
    bool descending = false;
  };
  // sortBy/sortOrder (and JSON `sorting: [{sortBy, sortOrder}]`), checked against `allowed`.
  Result<std::vector<Sort>> sorting(std::initializer_list<const char*> allowed) const;
  // firstResult/maxResults, non-negative.
  Result<std::pair<long long, long long>> paging() const;  // (first, max or -1)

 private:
  std::optional<nlohmann::json> json_;
  const Request* req_ = nullptr;
};

// Shorthand: a JSON response.
inline Response json_ok(const nlohmann::json& body, int status = 200) {
  return Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace dpc::http
