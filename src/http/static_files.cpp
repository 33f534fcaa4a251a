// The web apps' files: caching by kind, precompressed variants, per-app client-route fallback
// (contract in static_files.h).
#include "dpc/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dpc/http/query.h"

namespace dpc::http {

namespace fs = std::filesystem;

std::string mime_type_for(std::string_view path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
      {".woff", "font/woff"}, {".txt", "text/plain; charset=utf-8"},
      {".bpmn", "application/xml"}, {".dmn", "application/xml"}, {".map", "application/json"},
      {".webmanifest", "application/manifest+json"}, {".webp", "image/webp"},
      {".wasm", "application/wasm"},
  };
  std::string ext = fs::path(std::string(path)).extension().string();
  for (auto [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return "application/octet-stream";
}

namespace {

std::optional<std::string> slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// True when the Accept-Encoding header lists `coding` without refusing it (q=0).
bool accepts(std::string_view header, std::string_view coding) {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(',', at);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(at, end - at);
    at = end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view name = item.substr(0, item.find(';'));
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != coding && name != "*") continue;
    size_t q = item.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view value = item.substr(q + 2);
    return !(value.starts_with("0") && value.find_first_not_of("0.") == std::string_view::npos);
  }
  return false;
}

// `file` (known to exist) with its type, caching and, when accepted, a precompressed body.
std::optional<Response> file_response(const fs::path& file, const fs::path& rel,
                                      std::string_view accept_encoding) {
  Response r{200, mime_type_for(file.string()), "", {}, nullptr};
  // Vite puts every hashed bundle under assets/; their names change with their content.
  bool hashed = rel.begin() != rel.end() && *rel.begin() == "assets";
  r.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  std::error_code ec;
  bool has_variant = false;
  for (const char* coding : {"br", "gzip"}) {
    fs::path variant = file;
    variant += std::string(coding) == "br" ? ".br" : ".gz";
    if (!fs::is_regular_file(variant, ec)) continue;
    has_variant = true;
    if (!accepts(accept_encoding, coding)) continue;
    auto body = slurp(variant);
    if (!body) continue;
    r.body = std::move(*body);
    r.headers.emplace_back("Content-Encoding", coding);
    r.headers.emplace_back("Vary", "Accept-Encoding");
    return r;
  }
  auto body = slurp(file);
  if (!body) return std::nullopt;
  r.body = std::move(*body);
  if (has_variant) r.headers.emplace_back("Vary", "Accept-Encoding");
  return r;
}

}  // namespace

std::optional<Response> serve_static(const std::string& root, const std::string& url_path,
                                     std::string_view accept_encoding) {
  if (root.empty()) return std::nullopt;
  std::string decoded = url_decode(url_path);
  if (decoded.find("..") != std::string::npos || decoded.find('\0') != std::string::npos ||
      decoded.find('\\') != std::string::npos) {
    return error_response(Error::not_found("No resource at " + url_path, "NotFoundException"));
  }
  fs::path base(root);
  fs::path rel = fs::path(decoded).relative_path();
  std::error_code ec;
  fs::path file = base / rel;
  if (!rel.empty() && fs::is_regular_file(file, ec)) return file_response(file, rel, accept_encoding);
  if (rel.empty() || fs::is_directory(file, ec)) {
    fs::path index_rel = rel / "index.html";
    if (fs::is_regular_file(base / index_rel, ec)) return file_response(base / index_rel, index_rel, accept_encoding);
    return std::nullopt;
  }
  // A client-side route of an app: its first segment is an app folder with an index.html, and
  // the last segment names no file type (a missing script or image stays a 404, not HTML).
  fs::path app = *rel.begin();
  if (rel.has_extension() || app == "assets") return std::nullopt;
  fs::path index_rel = app / "index.html";
  if (fs::is_regular_file(base / index_rel, ec)) return file_response(base / index_rel, index_rel, accept_encoding);
  return std::nullopt;
}

}  // namespace dpc::http
