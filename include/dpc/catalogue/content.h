// Marketing content and assets: HTML cleaned to an allow-list, content types sniffed from the
// bytes, SHA-256 addresses, and the field-by-field comparison of two versions. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "dpc/catalogue/model.h"

namespace dpc::catalogue {

// Keeps only safe HTML: the tags p, br, strong, b, em, i, u, ul, ol, li, h2-h4, a (href
// http/https/mailto or relative, gets rel="noopener noreferrer"), img (src /cdn/... or https),
// table parts, blockquote, span; drops every other attribute, script/style/iframe with
// their content, comments; escapes stray < > &.
std::string sanitize_html(std::string_view html);

// The content type from the first bytes (PNG, JPEG, GIF, WebP, PDF, SVG, JSON, plain text;
// else application/octet-stream). The file name is never consulted.
std::string sniff_content_type(std::string_view bytes);

// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view bytes);

// The differences between two JSON documents, one entry per changed leaf:
// [{"path": "features.interest.rate", "from": 7.5, "to": 8.0}] (absent side null).
Json compare(const Json& from, const Json& to, const std::string& root = "");

}  // namespace dpc::catalogue
