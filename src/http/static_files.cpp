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
  };
  std::string ext = fs::path(std::string(path)).extension().string();
  for (auto [e, t] : kTypes) {
    if (ext == e) return t;
  }
  return "application/octet-stream";
}

namespace {
std::optional<Response> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  Response r{200, mime_type_for(file.string()), ss.str(), {}};
  return r;
}
}  // namespace

std::optional<Response> serve_static(const std::string& root, const std::string& url_path) {
  if (root.empty()) return std::nullopt;
  std::string decoded = url_decode(url_path);
  if (decoded.find("..") != std::string::npos || decoded.find('\0') != std::string::npos) {
    return error_response(Error::not_found("No resource at " + url_path, "NotFoundException"));
  }
  fs::path base(root);
  fs::path rel = fs::path(decoded).relative_path();
  std::error_code ec;
  fs::path file = base / rel;
  if (!rel.empty() && fs::is_regular_file(file, ec)) return read_file(file);
  if (rel.empty() || fs::is_directory(file, ec) || !rel.has_extension()) {
    fs::path index = (fs::is_directory(file, ec) ? file : base) / "index.html";
    if (fs::is_regular_file(index, ec)) return read_file(index);
  }
  return std::nullopt;
}

}  // namespace dpc::http
