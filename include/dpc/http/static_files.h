// Serves the built web app from a folder. Pure apart from reading files; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "dpc/http/message.h"

namespace dpc::http {

// The MIME type for a file name's extension ("application/octet-stream" if unknown).
std::string mime_type_for(std::string_view path);

// The response for GET `url_path` under `root`: the file, or index.html for "/" and for
// paths without a file extension (client-side routes). nullopt when nothing matches.
// Paths that try to leave the root ("..") are refused with 404.
std::optional<Response> serve_static(const std::string& root, const std::string& url_path);

}  // namespace dpc::http
