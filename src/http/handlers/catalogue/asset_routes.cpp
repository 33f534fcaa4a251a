// Assets: POST /api/catalogue/assets (the raw bytes as the body, ?fileName=) → 201 with
// {sha256, contentType, size, fileName, href} (200 when the same bytes were there already);
// GET /api/catalogue/assets (paged list), /api/catalogue/assets/{sha256} (its metadata).
// GET /cdn/{sha256} and /cdn/{sha256}/{name}: the bytes, public, with the sniffed content type,
// a strong ETag (the hash), a year's immutable caching, 304 on If-None-Match, single byte
// ranges (206, 416 when unsatisfiable), nosniff and a sandboxing CSP (an SVG runs no script).
#include <algorithm>
#include <charconv>
#include <regex>

#include <nlohmann/json.hpp>

#include "catalogue_dto.h"
#include "catalogue_parts.h"
#include "dpc/catalogue/content.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"

namespace dpc::http {

using nlohmann::json;
namespace cat = dpc::catalogue;

namespace {

bool is_sha(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool etag_matches(std::string_view header, const std::string& etag) {
  if (header == "*") return true;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    std::string_view part = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.starts_with("W/")) part.remove_prefix(2);  // weak comparison, as for GET
    if (part == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

// One byte range of `size` bytes from a Range header: nullopt = serve everything (absent,
// not bytes, several ranges); {-1,-1} = unsatisfiable.
std::optional<std::pair<long long, long long>> byte_range(std::string_view h, long long size) {
  if (!h.starts_with("bytes=")) return std::nullopt;
  std::string spec(h.substr(6));
  if (spec.find(',') != std::string::npos) return std::nullopt;
  static const std::regex re(R"(^\s*(\d*)-(\d*)\s*$)");
  std::smatch m;
  if (!std::regex_match(spec, m, re) || (m[1].length() == 0 && m[2].length() == 0)) return std::nullopt;
  auto num = [](const std::string& s) {
    long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() ? v : -1LL;
  };
  long long first, last;
  if (m[1].length() == 0) {  // the last N bytes
    long long n = num(m[2].str());
    if (n <= 0 || size == 0) return std::pair{-1LL, -1LL};
    first = std::max(0LL, size - n);
    last = size - 1;
  } else {
    first = num(m[1].str());
    last = m[2].length() ? num(m[2].str()) : size - 1;
    if (first < 0 || first >= size || last < first) return std::pair{-1LL, -1LL};
    last = std::min(last, size - 1);
  }
  return std::pair{first, last};
}

Response serve(const Request& r, cat::CatalogueService& s) {
  const std::string& sha = r.path_param("sha256");
  if (!is_sha(sha)) return error_response(Error::not_found("no asset " + sha));
  const std::string etag = "\"" + sha + "\"";
  Response res;
  res.headers = {{"ETag", etag},
                 {"Cache-Control", "public, max-age=31536000, immutable"},
                 {"Accept-Ranges", "bytes"},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"}};
  // The bytes of a hash never change: a matching tag needs no database round trip beyond
  // knowing the asset exists.
  bool revalidate = etag_matches(r.header("if-none-match"), etag) && !r.header("if-none-match").empty();
  auto asset = s.store().get_asset(sha, !revalidate);
  if (!asset) return error_response(asset.error());
  if (!asset->has_value()) return error_response(Error::not_found("no asset " + sha));
  if (revalidate) {
    res.status = 304;
    res.content_type = "";
    return res;
  }
  const cat::Asset& a = **asset;
  res.content_type = a.content_type;
  auto name_it = r.path_params.find("name");
  std::string name = name_it != r.path_params.end() ? name_it->second : a.file_name;
  if (!name.empty()) {
    std::string safe;
    for (char c : name) safe += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 32) ? '_' : c;
    res.headers.emplace_back("Content-Disposition", "inline; filename=\"" + safe + "\"");
  }
  const long long size = static_cast<long long>(a.data.size());
  std::string_view range = r.header("range");
  std::string_view if_range = r.header("if-range");
  if (!range.empty() && (if_range.empty() || if_range == etag)) {
    auto span = byte_range(range, size);
    if (span && span->first < 0) {
      res.status = 416;
      res.content_type = "";
      res.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
      return res;
    }
    if (span) {
      res.status = 206;
      res.body = a.data.substr(span->first, span->second - span->first + 1);
      res.headers.emplace_back("Content-Range", "bytes " + std::to_string(span->first) + "-" +
                                                    std::to_string(span->second) + "/" + std::to_string(size));
      return res;
    }
  }
  res.status = 200;
  res.body = a.data;
  return res;
}

}  // namespace

void add_catalogue_asset_routes(Router& router, cat::CatalogueService& s) {
  router.add(Method::kPost, "/api/catalogue/assets", [&s](Request& r) -> Response {
    if (auto st = catalogue_dto::may_create(r); !st) return error_response(st.error());
    const std::string* name = r.query_param("fileName");
    if (name && (name->size() > 255 || name->find('/') != std::string::npos)) {
      return error_response(Error::invalid("fileName: must be a file name without '/' (at most 255 characters)"));
    }
    auto before = s.store().get_asset(cat::sha256_hex(r.body), false);
    if (!before) return error_response(before.error());
    auto asset = s.upload(catalogue_dto::user_of(r), r.body, name ? *name : "");
    if (!asset) return error_response(asset.error());
    return json_ok(catalogue_dto::asset(*asset), before->has_value() ? 200 : 201);
  });
  router.add(Method::kGet, "/api/catalogue/assets", [&s](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return error_response(st.error());
    auto paging = query_paging(r);
    if (!paging) return error_response(paging.error());
    auto list = s.store().list_assets(paging->first_result, paging->max_results);
    if (!list) return error_response(list.error());
    json out = json::array();
    for (const auto& a : *list) out.push_back(catalogue_dto::asset(a));
    return json_ok(out);
  });
  router.add(Method::kGet, "/api/catalogue/assets/{sha256}", [&s](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return error_response(st.error());
    auto a = s.store().get_asset(r.path_param("sha256"), false);
    if (!a) return error_response(a.error());
    if (!a->has_value()) return error_response(Error::not_found("no asset " + r.path_param("sha256")));
    return json_ok(catalogue_dto::asset(**a));
  });
  router.add(Method::kGet, "/cdn/{sha256}", [&s](Request& r) { return serve(r, s); });
  router.add(Method::kGet, "/cdn/{sha256}/{name}", [&s](Request& r) { return serve(r, s); });
}

}  // namespace dpc::http
