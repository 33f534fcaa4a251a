// Context: what an expression can see while it is evaluated.
//
// Contract
// - variable(name) resolves identifiers: process variables, and host objects the engine
//   exposes under reserved names (`execution`, `task`, `authenticatedUserId`, beans).
//   nullopt means "not defined": evaluation then fails with "Cannot resolve identifier 'x'",
//   as Camunda does (a defined variable holding null is Value{} instead).
// - now_millis() is the clock that now() and dateTime() read (tests inject a fixed one).
// - current_user()/current_user_groups() back currentUser()/currentUserGroups().
// - A Context is used by one evaluation at a time; implementations need not be thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/juel/value.h"

namespace dpc::juel {

class Context {
 public:
  virtual ~Context() = default;
  virtual std::optional<Value> variable(std::string_view name) const = 0;
  // Defaults to the system clock.
  virtual std::int64_t now_millis() const;
  // Default: the thread's authenticated user (dpc/core/authenticated_user.h).
  virtual std::optional<std::string> current_user() const;
  virtual std::vector<std::string> current_user_groups() const;
};

// A Context over a plain map of variables, with an optional fixed clock and user.
class MapContext : public Context {
 public:
  MapContext() = default;
  explicit MapContext(Value::Map variables) : variables_(std::move(variables)) {}

  void set(std::string name, Value v) { variables_[std::move(name)] = std::move(v); }
  void set_now(std::int64_t millis) { now_ = millis; }
  void set_user(std::string user, std::vector<std::string> groups = {}) {
    user_ = std::move(user);
    groups_ = std::move(groups);
  }

  std::optional<Value> variable(std::string_view name) const override;
  std::int64_t now_millis() const override;
  std::optional<std::string> current_user() const override {
    return user_ ? user_ : Context::current_user();
  }
  std::vector<std::string> current_user_groups() const override {
    return user_ ? groups_ : Context::current_user_groups();
  }

 private:
  Value::Map variables_;
  std::optional<std::int64_t> now_;
  std::optional<std::string> user_;
  std::vector<std::string> groups_;
};

}  // namespace dpc::juel
