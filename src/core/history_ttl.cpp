#include "dpc/core/history_ttl.h"

#include <string>

#include "dpc/core/strings.h"

namespace dpc {

std::optional<int> parse_history_time_to_live(std::string_view v) {
  v = trim(v);
  if (v.size() > 2 && v.front() == 'P' && v.back() == 'D') v = v.substr(1, v.size() - 2);
  else if (v.starts_with('+')) v.remove_prefix(1);  // Java's Integer.parseInt takes "+5"
  if (v.empty() || v.size() > 10) return std::nullopt;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const long long n = std::stoll(std::string(v));
  if (n > 2147483647) return std::nullopt;
  return static_cast<int>(n);
}

}  // namespace dpc
