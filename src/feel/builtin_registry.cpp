// Builds the built-in table from its sections and indexes it by name.
#include <map>

#include "dpc/feel/builtins.h"
#include "dpc/feel/host_functions.h"

namespace dpc::feel {

namespace {
struct Registry {
  std::vector<BuiltinSpec> table;
  std::map<std::string, std::shared_ptr<const Function>, std::less<>> by_name;
  std::vector<std::string> names;
  Registry() {
    add_conversion_builtins(table);
    add_string_builtins(table);
    add_list_builtins(table);
    add_numeric_builtins(table);
    add_temporal_builtins(table);
    add_range_builtins(table);
    add_context_builtins(table);
    std::map<std::string, std::shared_ptr<Function>> fns;
    for (const auto& s : table) {
      auto& f = fns[s.name];
      if (!f) {
        f = std::make_shared<Function>();
        f->name = s.name;
        names.push_back(s.name);
      }
      f->overloads.push_back(Overload{s.params, s.impl});
    }
    for (auto& [k, f] : fns) by_name.emplace(k, f);
  }
};
const Registry& registry() {
  static const Registry r;
  return r;
}
}  // namespace

std::shared_ptr<const Function> find_builtin(std::string_view name) {
  const auto& m = registry().by_name;
  auto it = m.find(name);
  if (it == m.end()) return find_host_function(name);  // the host program's, if any
  return it->second;
}

const std::vector<std::string>& builtin_function_names() { return registry().names; }

}  // namespace dpc::feel
