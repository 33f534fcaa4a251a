#include "dpc/engine/visibility.h"

#include <algorithm>

namespace dpc::engine {

bool IdFilter::allows(const std::string& id) const {
  if (all) return std::find(except.begin(), except.end(), id) == except.end();
  return std::find(only.begin(), only.end(), id) != only.end();
}

IdFilter intersection(const IdFilter& a, const IdFilter& b) {
  IdFilter out;
  if (a.all && b.all) {
    out.all = true;
    out.except = a.except;
    for (const auto& id : b.except) {
      if (a.allows(id)) out.except.push_back(id);
    }
    return out;
  }
  const IdFilter& listed = a.all ? b : a;
  const IdFilter& other = a.all ? a : b;
  for (const auto& id : listed.only) {
    if (other.allows(id)) out.only.push_back(id);
  }
  return out;
}

}  // namespace dpc::engine
