#include "dpc/http/message.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace dpc::http {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kDelete: return "DELETE";
    case Method::kPatch: return "PATCH";
    case Method::kHead: return "HEAD";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: break;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (Method m : {Method::kGet, Method::kPost, Method::kPut, Method::kDelete, Method::kPatch,
                   Method::kHead, Method::kOptions}) {
    if (method_name(m) == name) return m;
  }
  return Method::kOther;
}

const std::string* Request::query_param(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : query) {
    if (k == name) found = &v;
  }
  return found;
}

std::string_view Request::header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string_view{} : std::string_view{it->second};
}

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return 400;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kUnauthorized: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kUnsupportedMedia: return 415;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

namespace {
// Camunda reports the Java exception's simple class name; these are the names its REST
// layer uses for each status when the engine gives no more specific one.
const char* default_type(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return "InvalidRequestException";
    case ErrorKind::kNotFound: return "InvalidRequestException";
    case ErrorKind::kConflict: return "RestException";
    case ErrorKind::kUnauthorized: return "AuthenticationException";
    case ErrorKind::kForbidden: return "AuthorizationException";
    case ErrorKind::kTooLarge: return "RestException";
    case ErrorKind::kUnsupportedMedia: return "RestException";
    case ErrorKind::kUnavailable: return "ProcessEngineException";
    case ErrorKind::kInternal: return "ProcessEngineException";
  }
  return "ProcessEngineException";
}
}  // namespace

Response error_response(const Error& error) {
  std::string_view message = error.message;
  if (error.kind == ErrorKind::kInternal) {
    // A fault, not the client's mistake: its text (a database's or an exception's message)
    // is for the log, never for the client.
    spdlog::error("answered 500: {}", error.message);
    message = kInternalErrorMessage;
  }
  nlohmann::json body = {
      {"type", error.type.empty() ? default_type(error.kind) : error.type},
      {"message", message},
      {"code", 0},
  };
  // Messages quote what the client sent; `replace` keeps a stray invalid byte from turning a
  // 4xx into an exception.
  return Response::json(status_for(error.kind),
                        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace dpc::http
