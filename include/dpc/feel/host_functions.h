// Functions the host program adds to FEEL beside the DMN built-ins (e.g. the catalogue's
// `catalogue product(key)` for processes). They are found by name after the built-ins (a
// built-in of the same name wins) by every evaluation, and their names, which may hold
// spaces, are known to every expression compiled while they are registered. Thread-safe:
// registering and unregistering may happen while other threads evaluate.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/feel/builtins.h"

namespace dpc::feel {

// Keeps the functions it registered; destroying it removes them again.
class HostFunctions {
 public:
  explicit HostFunctions(std::vector<BuiltinSpec> specs);
  ~HostFunctions();
  HostFunctions(const HostFunctions&) = delete;
  HostFunctions& operator=(const HostFunctions&) = delete;

 private:
  std::vector<std::string> names_;
};

// The host function `name` (all its overloads), or nullptr.
std::shared_ptr<const Function> find_host_function(std::string_view name);
// The names of the host functions registered now.
std::vector<std::string> host_function_names();

}  // namespace dpc::feel
