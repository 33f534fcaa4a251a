#include "dpc/http/query.h"

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"

namespace dpc::http {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

void split_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query) {
  size_t q = target.find('?');
  path = std::string(target.substr(0, q));
  query.clear();
  if (q == std::string_view::npos) return;
  for (auto part : split(target.substr(q + 1), '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string key = url_decode(part.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1), true);
    query.emplace_back(std::move(key), std::move(value));
  }
}

Result<std::optional<long long>> query_int(const Request& req, std::string_view name) {
  const std::string* raw = req.query_param(name);
  if (!raw) return std::optional<long long>{};
  auto v = parse_int(*raw);
  if (!v) {
    return Error::invalid("Cannot set query parameter '" + std::string(name) + "' to value '" +
                          *raw + "': not an integer");
  }
  return std::optional<long long>{*v};
}

Result<std::optional<bool>> query_bool(const Request& req, std::string_view name) {
  const std::string* raw = req.query_param(name);
  if (!raw) return std::optional<bool>{};
  if (*raw == "true") return std::optional<bool>{true};
  if (*raw == "false") return std::optional<bool>{false};
  return Error::invalid("Cannot set query parameter '" + std::string(name) + "' to value '" +
                        *raw + "': expected true or false");
}

Result<Paging> query_paging(const Request& req) {
  Paging p;
  auto first = query_int(req, "firstResult");
  if (!first) return first.error();
  auto max = query_int(req, "maxResults");
  if (!max) return max.error();
  if (*first) {
    if (**first < 0) return Error::invalid("firstResult must not be negative");
    p.first_result = **first;
  }
  if (*max) {
    if (**max < 0) return Error::invalid("maxResults must not be negative");
    p.max_results = **max;
  }
  return p;
}

Result<nlohmann::json> json_body(const Request& req) {
  std::string_view ct = req.header("content-type");
  if (!ct.empty() && to_lower(ct).find("json") == std::string::npos) {
    return Error{ErrorKind::kUnsupportedMedia,
                 "Unsupported Content-Type '" + std::string(ct) + "'; expected application/json",
                 "RestException"};
  }
  if (trim(req.body).empty()) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    return Error::invalid(std::string("Malformed JSON body: ") + e.what());
  }
}

}  // namespace dpc::http
