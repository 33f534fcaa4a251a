#include "dpc/http/router.h"

#include <chrono>
#include <map>

#include "dpc/core/authenticated_user.h"
#include "dpc/core/strings.h"
#include "dpc/http/query.h"
#include "dpc/http/route_metrics.h"

namespace dpc::http {

namespace {
struct Entry {
  Handler handler;
  std::vector<std::string> names;  // of the `{name}` parameters, in order
  RouteMetrics* metrics;           // this method on this template (/metrics)
};
}  // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literal;
  std::unique_ptr<Node> param;  // one `{name}` child; each route names its parameters
  std::map<Method, Entry> handlers;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

namespace {
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (auto s : split(path, '/')) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}
}  // namespace

void Router::add(Method method, std::string_view path_template, Handler handler) {
  Node* node = root_.get();
  std::vector<std::string> names;
  for (auto seg : segments(path_template)) {
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      names.emplace_back(seg.substr(1, seg.size() - 2));
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      auto& child = node->literal[std::string(seg)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  // The series is named by the template as written, "/" + segments, so equal routes share it.
  std::string route;
  for (auto seg : segments(path_template)) route += "/" + std::string(seg);
  node->handlers[method] = {std::move(handler), std::move(names), &route_metrics(method, route)};
}

namespace {
// Depth-first match preferring literal segments; collects parameter values on the way.
template <typename NodeT>
const NodeT* match(const NodeT* node, const std::vector<std::string_view>& segs, size_t i,
                   std::vector<std::string_view>& values) {
  if (i == segs.size()) return node->handlers.empty() ? nullptr : node;
  if (auto it = node->literal.find(segs[i]); it != node->literal.end()) {
    if (auto* found = match(it->second.get(), segs, i + 1, values)) return found;
  }
  if (node->param) {
    values.push_back(segs[i]);
    if (auto* found = match(node->param.get(), segs, i + 1, values)) return found;
    values.pop_back();
  }
  return nullptr;
}
}  // namespace

bool Router::has_path(std::string_view path) const {
  std::vector<std::string_view> values;
  return match(root_.get(), segments(path), 0, values) != nullptr;
}

void Router::set_guard(Guard guard) { guard_ = std::move(guard); }

Response Router::dispatch(Request& request) const {
  // Matching is pure, so it goes first: a refusal by the guard (401) is counted against the
  // route it was meant for. What the guard sees and answers is as before.
  auto started = std::chrono::steady_clock::now();
  std::vector<std::string_view> values;
  const Node* node = match(root_.get(), segments(request.path), 0, values);
  auto it = node ? node->handlers.find(request.method) : decltype(node->handlers.end()){};
  if (node && it == node->handlers.end() && request.method == Method::kHead) {
    it = node->handlers.find(Method::kGet);
  }
  RouteMetrics& metrics = node && it != node->handlers.end() ? *it->second.metrics
                                                             : unmatched_route_metrics(request.method);
  auto route = [&]() -> Response {
    if (guard_) {
      if (auto refused = guard_(request)) return std::move(*refused);
    }
    if (!node) {
      return error_response(Error::not_found("No resource at " + request.path, "NotFoundException"));
    }
    if (it == node->handlers.end()) {
      std::string allow;
      for (const auto& [m, h] : node->handlers) {
        if (!allow.empty()) allow += ", ";
        allow += method_name(m);
      }
      Response r = error_response(Error{ErrorKind::kInvalidArgument,
                                        std::string(method_name(request.method)) +
                                            " is not allowed on " + request.path,
                                        "NotAllowedException"});
      r.status = 405;
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    const auto& handler = it->second.handler;
    const auto& names = it->second.names;
    for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
      std::string value = url_decode(values[i]);
      if (auto st = check_param_text("path parameter '" + names[i] + "'", value); !st) {
        return error_response(st.error());
      }
      request.path_params[names[i]] = std::move(value);
    }
    if (auto st = check_query_text(request); !st) return error_response(st.error());
    if (!request.principal) return handler(request);
    // The engine's commands run on this thread on behalf of the request's user.
    AuthenticatedUser user{request.principal->user_id, request.principal->groups};
    AuthenticatedScope scope(&user);
    return handler(request);
  };
  auto seconds = [started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  Response answer;
  try {
    answer = route();
  } catch (...) {
    metrics.record(500, seconds());  // the server answers 500 to an escaped exception
    throw;
  }
  if (!answer.deferred) {
    metrics.record(answer.status, seconds());
    return answer;
  }
  // Answered later (group commit): counted when the answer is there.
  auto relay = std::make_shared<Deferred>();
  answer.deferred->on_complete([relay, &metrics, seconds](Response r) {
    metrics.record(r.status, seconds());
    relay->complete(std::move(r));
  });
  return Response::later(relay);
}

}  // namespace dpc::http
