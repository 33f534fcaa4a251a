// Asset addresses and content types (see dpc/catalogue/content.h); and the version compare.
#include <openssl/evp.h>

#include <cstdio>

#include "dpc/catalogue/content.h"

namespace dpc::catalogue {

namespace {
bool starts(std::string_view b, std::string_view prefix) { return b.substr(0, prefix.size()) == prefix; }
}  // namespace

std::string sniff_content_type(std::string_view b) {
  if (starts(b, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (starts(b, "\xff\xd8\xff")) return "image/jpeg";
  if (starts(b, "GIF87a") || starts(b, "GIF89a")) return "image/gif";
  if (b.size() >= 12 && starts(b, "RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  if (starts(b, "%PDF-")) return "application/pdf";
  size_t i = 0;
  if (starts(b, "\xef\xbb\xbf")) i = 3;
  while (i < b.size() && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) ++i;
  std::string_view rest = b.substr(i, 256);
  // SVG is served as such only because /cdn answers with a sandboxing CSP (scripts inert).
  if (starts(rest, "<svg") || (starts(rest, "<?xml") && rest.find("<svg") != std::string_view::npos)) return "image/svg+xml";
  if (starts(rest, "{") || starts(rest, "[")) return "application/json";
  bool text = !b.empty();
  for (unsigned char c : b.substr(0, 512)) {
    if (c < 9 || (c > 13 && c < 32 && c != 27)) {
      text = false;
      break;
    }
  }
  return text ? "text/plain; charset=utf-8" : "application/octet-stream";
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  char hex[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

Json compare(const Json& from, const Json& to, const std::string& root) {
  Json out = Json::array();
  if (from.is_object() && to.is_object()) {
    for (const auto& [k, v] : from.items()) {
      std::string p = root.empty() ? k : root + "." + k;
      Json sub = compare(v, to.contains(k) ? to[k] : Json(), p);
      out.insert(out.end(), sub.begin(), sub.end());
    }
    for (const auto& [k, v] : to.items()) {
      if (from.contains(k)) continue;
      std::string p = root.empty() ? k : root + "." + k;
      Json sub = compare(Json(), v, p);
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (from != to) out.push_back({{"path", root}, {"from", from}, {"to", to}});
  return out;
}

}  // namespace dpc::catalogue
