// Request and Response as the router and handlers see them: plain values, no Beast types,
// so handler code compiles without Boost. Not thread-safe; each request owns its own.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/identity/model.h"

namespace dpc::identity {
class IdentityService;
}

namespace dpc::http {

enum class Method { kGet, kPost, kPut, kDelete, kPatch, kHead, kOptions, kOther };

std::string_view method_name(Method m);
Method parse_method(std::string_view name);

struct Request {
  Method method = Method::kGet;
  std::string target;  // raw target, e.g. "/engine-rest/task?assignee=x"
  std::string path;    // decoded path without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> path_params;          // filled by the router
  std::map<std::string, std::string> headers;              // names lower-cased
  std::string body;
  // Who is asking: set by the server's authentication step before the handler runs (null only
  // on the few open endpoints: /health, GET /engine-rest/engine, the login itself).
  std::shared_ptr<const identity::Principal> principal;
  // The service that decides what the principal may do (set with it; see authorize.h).
  const identity::IdentityService* identity = nullptr;

  // The last value of query parameter `name`, or nullptr.
  const std::string* query_param(std::string_view name) const;
  // Header value by lower-case name, or empty.
  std::string_view header(std::string_view lower_name) const;
  const std::string& path_param(const std::string& name) const { return path_params.at(name); }
};

class Deferred;
class Stream;  // dpc/http/stream.h: an answer that stays open (server-sent events)

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set: the answer comes later through this (see Deferred); the fields above are unused.
  std::shared_ptr<Deferred> deferred;
  // Set: after status, content type and headers the connection stays open and carries what
  // is pushed into this (see Stream); `body` is unused.
  std::shared_ptr<Stream> stream;

  static Response json(int status, std::string body) {
    return Response{status, "application/json", std::move(body), {}, nullptr, nullptr};
  }
  static Response no_content() { return Response{204, "", "", {}, nullptr, nullptr}; }
  static Response later(std::shared_ptr<Deferred> d) { return Response{0, "", "", {}, std::move(d), nullptr}; }
};

// An answer that a handler gives later, from any thread: the handler returns
// Response::later(d) and calls d->complete(response) exactly once, before or after returning.
// The server writes it from the thread that completes it (no hand-off back to the request's
// thread: the group commit answers starts from its writer thread this way).
class Deferred {
 public:
  void complete(Response r) {
    std::function<void(Response)> sink;
    {
      std::lock_guard lock(mu_);
      if (!sink_) {
        ready_ = std::move(r);
        return;
      }
      sink = std::move(sink_);
    }
    sink(std::move(r));
  }
  // The server's side: `sink` gets the response, at once if it is already there.
  void on_complete(std::function<void(Response)> sink) {
    std::optional<Response> ready;
    {
      std::lock_guard lock(mu_);
      if (!ready_) {
        sink_ = std::move(sink);
        return;
      }
      ready = std::move(ready_);
    }
    sink(std::move(*ready));
  }

 private:
  std::mutex mu_;
  std::optional<Response> ready_;
  std::function<void(Response)> sink_;
};

// The response for an expected failure, in the Camunda shape
// {"type": "...", "message": "...", "code": 0} with the status that belongs to its kind.
// An internal error (500) is logged with its message and answered with kInternalErrorMessage.
Response error_response(const Error& error);
inline constexpr const char* kInternalErrorMessage =
    "internal server error; the server log has the details";
// The status code an ErrorKind maps to (400, 404, 409, 413, 415, 503, 500).
int status_for(ErrorKind kind);

}  // namespace dpc::http
