// The failed-job retry policy (camunda:failedJobRetryTimeCycle), see jobs.h.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "dpc/core/strings.h"
#include "dpc/engine/jobs.h"

namespace dpc::engine {

namespace {

constexpr int kDefaultRetries = 3;

struct Cycle {
  int repetitions = 0;               // R<n>/<duration>
  std::string interval;              // its duration
  std::vector<std::string> list;     // or a list of durations
};

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s) if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

std::optional<Cycle> parse_cycle(const std::string& text) {
  std::string t = without_spaces(text);
  if (t.empty()) return std::nullopt;
  Cycle c;
  if (t[0] == 'R' || t[0] == 'r') {
    auto slash = t.find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto n = parse_int(std::string_view(t).substr(1, slash - 1));
    if (!n || *n < 0) return std::nullopt;
    c.repetitions = static_cast<int>(*n);
    c.interval = t.substr(slash + 1);
    if (!add_iso_duration(c.interval, 0)) return std::nullopt;
    return c;
  }
  for (auto part : split(t, ',')) {
    if (!add_iso_duration(part, 0)) return std::nullopt;
    c.list.emplace_back(part);
  }
  if (c.list.empty()) return std::nullopt;
  return c;
}

}  // namespace

int initial_retries(const std::string& cycle) {
  auto c = parse_cycle(cycle);
  if (!c) return kDefaultRetries;
  return c->list.empty() ? c->repetitions : static_cast<int>(c->list.size());
}

RetryStep next_retry(const std::string& cycle, int retries_before, Millis now, Millis default_wait) {
  RetryStep step;
  step.retries = retries_before > 0 ? retries_before - 1 : 0;
  auto c = parse_cycle(cycle);
  if (!c) {
    step.due = now + default_wait;
    return step;
  }
  std::string interval = c->interval;
  if (!c->list.empty()) {
    // The first failure waits the first interval, the next the second, and so on.
    int size = static_cast<int>(c->list.size());
    int index = std::clamp(size - retries_before, 0, size - 1);
    interval = c->list[static_cast<size_t>(index)];
  }
  step.due = add_iso_duration(interval, now).value_or(now + default_wait);
  return step;
}

}  // namespace dpc::engine
