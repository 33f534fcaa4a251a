// Serves the built web apps (web/dist) from a folder. Pure apart from reading files; thread-safe.
//
// Layout it expects (Vite's multi-page output): /index.html (login and launcher), one folder per
// app with its own index.html (/tasklist/index.html, ...), hashed bundles under /assets/.
// - /assets/*: `Cache-Control: public, max-age=31536000, immutable` (the name changes with the
//   content); everything else, html first of all, `no-cache`.
// - A precompressed sibling (`x.js.br`, `x.js.gz`, written at build time) is served instead of
//   the file when the browser accepts that encoding (brotli preferred), with Content-Encoding
//   and `Vary: Accept-Encoding`.
// - Client-side routes: a path inside an app's folder that names no file and has no extension
//   in its last segment gets that app's index.html (/tasklist/task/42 -> tasklist/index.html).
//   Anything else that names no file is not found (nullopt), so the router answers 404.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dpc/http/message.h"

namespace dpc::http {

// The MIME type for a file name's extension ("application/octet-stream" if unknown).
std::string mime_type_for(std::string_view path);

// The response for GET `url_path` under `root` (see above). `accept_encoding` is the request's
// Accept-Encoding header (may be empty). nullopt when nothing matches. Paths that try to leave
// the root ("..", also percent-encoded) or hold NUL are refused with 404.
std::optional<Response> serve_static(const std::string& root, const std::string& url_path,
                                     std::string_view accept_encoding = {});

}  // namespace dpc::http
