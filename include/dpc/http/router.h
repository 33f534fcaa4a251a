// Maps a method and a path to a handler. Templates are literal segments and `{name}`
// parameters: "/engine-rest/task/{id}/complete". Literal segments win over parameters,
// so "/process-definition/key/{key}" is preferred to "/process-definition/{id}/{x}".
//
// Routes are added during start-up; after that the router is read-only and may be used
// from any number of threads at once.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/http/message.h"

namespace dpc::http {

using Handler = std::function<Response(Request&)>;
// Runs before every dispatch (authentication): an answer to send instead of routing the
// request (401, 403), or nullopt to go on (having set request.principal where it applies).
using Guard = std::function<std::optional<Response>(Request&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers `handler` for `method` on `path_template`. Registering the same method and
  // template twice replaces the handler.
  void add(Method method, std::string_view path_template, Handler handler);

  // Runs the handler for the request (filling request.path_params). No route for the
  // path: 404; the path exists but not for this method: 405 with an Allow header.
  // Errors are in the Camunda error shape. Exceptions from handlers propagate.
  Response dispatch(Request& request) const;

  // True if some route matches the path (whatever the method).
  bool has_path(std::string_view path) const;

  // Sets the guard that every dispatch runs first (during start-up, like add()).
  void set_guard(Guard guard);

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  Guard guard_;
};

}  // namespace dpc::http
