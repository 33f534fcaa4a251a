// The registry of host functions (see dpc/feel/host_functions.h): a map under a
// reader-writer lock, skipped with one atomic read while nothing is registered.
#include "dpc/feel/host_functions.h"

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>

namespace dpc::feel {

namespace {

struct Registry {
  std::shared_mutex mu;
  std::map<std::string, std::shared_ptr<const Function>, std::less<>> by_name;  // guarded by mu
  std::atomic<bool> any{false};
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

HostFunctions::HostFunctions(std::vector<BuiltinSpec> specs) {
  std::map<std::string, std::shared_ptr<Function>> fns;
  for (auto& s : specs) {
    auto& f = fns[s.name];
    if (!f) {
      f = std::make_shared<Function>();
      f->name = s.name;
    }
    f->overloads.push_back(Overload{std::move(s.params), std::move(s.impl)});
  }
  Registry& r = registry();
  std::unique_lock lock(r.mu);
  for (auto& [name, f] : fns) {
    r.by_name[name] = f;
    names_.push_back(name);
  }
  r.any = !r.by_name.empty();
}

HostFunctions::~HostFunctions() {
  Registry& r = registry();
  std::unique_lock lock(r.mu);
  for (const auto& n : names_) r.by_name.erase(n);
  r.any = !r.by_name.empty();
}

std::shared_ptr<const Function> find_host_function(std::string_view name) {
  Registry& r = registry();
  if (!r.any.load(std::memory_order_acquire)) return nullptr;
  std::shared_lock lock(r.mu);
  auto it = r.by_name.find(name);
  return it == r.by_name.end() ? nullptr : it->second;
}

std::vector<std::string> host_function_names() {
  Registry& r = registry();
  std::vector<std::string> out;
  if (!r.any.load(std::memory_order_acquire)) return out;
  std::shared_lock lock(r.mu);
  for (const auto& [name, _] : r.by_name) out.push_back(name);
  return out;
}

}  // namespace dpc::feel
