#include "dpc/http/query.h"

#include <algorithm>
#include <climits>

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

std::optional<size_t> invalid_utf8_at(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte (RFC 3629's table)
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    }
    i += len;
  }
  return std::nullopt;
}

Status check_param_text(const std::string& what, std::string_view value) {
  if (auto at = invalid_utf8_at(value)) {
    return Error::invalid(what + " is not valid UTF-8 (byte " + std::to_string(*at) + ")");
  }
  if (value.find('\0') != std::string_view::npos) {
    return Error::invalid(what + " must not contain the NUL character");
  }
  return {};
}

Status check_query_text(const Request& req) {
  for (const auto& [name, value] : req.query) {
    if (auto st = check_param_text("a query parameter's name", name); !st) return st;
    if (auto st = check_param_text("query parameter '" + name + "'", value); !st) return st;
  }
  return {};
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

namespace {
// The deepest nesting of arrays and objects in a JSON text, brackets inside strings not
// counted; stops counting once past `limit`. Checked before parsing: the parser would build
// the whole tree first, and serializing or copying such a tree recurses once per level.
int json_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}
}  // namespace

Result<nlohmann::json> json_body(const Request& req) {
  std::string_view ct = req.header("content-type");
  if (!ct.empty() && to_lower(ct).find("json") == std::string::npos) {
    return Error{ErrorKind::kUnsupportedMedia,
                 "Unsupported Content-Type '" + std::string(ct) + "'; expected application/json",
                 "RestException"};
  }
  if (trim(req.body).empty()) return nlohmann::json::object();
  if (auto at = invalid_utf8_at(req.body)) {
    return Error::invalid("the request body is not valid UTF-8 (byte " + std::to_string(*at) + ")");
  }
  if (json_depth(req.body, kMaxJsonDepth) > kMaxJsonDepth) {
    return Error::invalid("the request body nests arrays and objects deeper than " +
                          std::to_string(kMaxJsonDepth) + " levels");
  }
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    return Error::invalid("the request body is not well-formed JSON (byte " +
                          std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {  // 1e999: beyond a double
    return Error::invalid("the request body holds a number too large for a double");
  }
  if (!body.is_object()) {
    return Error::invalid(std::string("the request body must be a JSON object, not ") +
                          (body.is_array() ? "an array" : body.type_name()));
  }
  return body;
}

namespace {
Error wrong_type(const std::string& name, const std::string& expected) {
  return Error::invalid("'" + name + "' must be " + expected);
}
}  // namespace

Result<std::optional<std::string>> string_field(const nlohmann::json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return wrong_type(name, "a string");
  return std::optional<std::string>{it->get<std::string>()};
}

Result<std::optional<bool>> bool_field(const nlohmann::json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<bool>{};
  if (!it->is_boolean()) return wrong_type(name, "true or false");
  return std::optional<bool>{it->get<bool>()};
}

Result<std::optional<long long>> integer_field(const nlohmann::json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<long long>{};
  // An unsigned value above LLONG_MAX would wrap: only number_integer is in range for sure.
  if (it->is_number_unsigned() && it->get<unsigned long long>() > LLONG_MAX) {
    return wrong_type(name, "an integer no larger than " + std::to_string(LLONG_MAX));
  }
  if (!it->is_number_integer()) return wrong_type(name, "an integer");
  return std::optional<long long>{it->get<long long>()};
}

}  // namespace dpc::http
