#include "dpc/juel/context.h"

#include "dpc/core/authenticated_user.h"

#include <chrono>

namespace dpc::juel {

std::optional<std::string> Context::current_user() const {
  if (const auto* u = authenticated_user()) return u->id;
  return std::nullopt;
}

std::vector<std::string> Context::current_user_groups() const {
  if (const auto* u = authenticated_user()) return u->groups;
  return {};
}

std::int64_t Context::now_millis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<Value> MapContext::variable(std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

std::int64_t MapContext::now_millis() const { return now_ ? *now_ : Context::now_millis(); }

}  // namespace dpc::juel
