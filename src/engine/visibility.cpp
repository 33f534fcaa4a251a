#include "dpc/engine/visibility.h"

#include <algorithm>

namespace dpc::engine {

bool IdFilter::allows(const std::string& id) const {
  if (all) return std::find(except.begin(), except.end(), id) == except.end();
  return std::find(only.begin(), only.end(), id) != only.end();
}

}  // namespace dpc::engine
