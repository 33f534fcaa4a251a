// Cross-origin requests (CORS), closed unless origins are configured: an Origin on the list
// gets Access-Control-Allow-Origin (that origin), -Allow-Credentials and Vary: Origin on its
// answers, and its preflight (OPTIONS with Access-Control-Request-Method) a 204 naming the
// allowed methods and headers. Any other origin, or none configured: no Access-Control-*
// header at all, so browsers keep other sites' pages from calling the API with the user's
// credentials. Immutable after construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/http/message.h"

namespace dpc::http {

class Cors {
 public:
  // `origins`: scheme://host[:port] in lower case, as browsers send them.
  explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // The answer to a preflight from a listed origin (the Allow-Origin part is added by
  // add_headers like on every answer); nullopt for any other request.
  std::optional<Response> preflight(const Request& req) const;
  // Adds the headers an answer to `req` carries when it comes from a listed origin.
  void add_headers(const Request& req, Response& r) const;

 private:
  const std::string* listed_origin(const Request& req) const;
  std::vector<std::string> origins_;
};

}  // namespace dpc::http
