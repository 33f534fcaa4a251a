// Result<T>: an expected failure as a value (bad input, not found, conflict).
// Exceptions are reserved for bugs and infrastructure faults.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace dpc {

// The kind of an expected failure. The HTTP layer maps each kind to one status code.
enum class ErrorKind {
  kInvalidArgument,  // 400: the request is malformed or breaks a rule
  kNotFound,         // 404
  kConflict,         // 409: e.g. a task claimed by someone else
  kUnauthorized,     // 401: no credentials, or wrong ones (same answer for an unknown user)
  kForbidden,        // 403: authenticated, but not allowed (Camunda's AuthorizationException)
  kTooLarge,         // 413
  kUnsupportedMedia, // 415
  kUnavailable,      // 503: a dependency (the database) cannot be reached
  kInternal,         // 500
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  // The Camunda exception type name to report ("InvalidRequestException", ...); empty = derive from kind.
  std::string type;

  static Error invalid(std::string msg, std::string type = {}) {
    return {ErrorKind::kInvalidArgument, std::move(msg), std::move(type)};
  }
  static Error not_found(std::string msg, std::string type = {}) {
    return {ErrorKind::kNotFound, std::move(msg), std::move(type)};
  }
  static Error conflict(std::string msg, std::string type = {}) {
    return {ErrorKind::kConflict, std::move(msg), std::move(type)};
  }
  static Error unauthorized(std::string msg) {
    return {ErrorKind::kUnauthorized, std::move(msg), "AuthenticationException"};
  }
  static Error forbidden(std::string msg) {
    return {ErrorKind::kForbidden, std::move(msg), "AuthorizationException"};
  }
  static Error unavailable(std::string msg) { return {ErrorKind::kUnavailable, std::move(msg), {}}; }
  static Error internal(std::string msg) { return {ErrorKind::kInternal, std::move(msg), {}}; }
};

// Holds either a value or an Error. Accessing the wrong alternative is a bug (asserts).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace dpc
