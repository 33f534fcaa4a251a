// The node's counters and the Prometheus text format helpers. See dpc/core/metrics.h.
#include "dpc/core/metrics.h"

#include <cmath>
#include <cstdio>

namespace dpc::metrics {

Histogram::Histogram(std::initializer_list<double> bounds) {
  for (double b : bounds) {
    if (size_ == kMaxBuckets) break;
    bounds_[size_++] = b;
  }
}

void Histogram::observe(double value) {
  size_t i = 0;
  while (i < size_ && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0) sum_micro_.fetch_add(static_cast<uint64_t>(std::llround(value * 1e6)), std::memory_order_relaxed);
}

namespace {
std::string number(double v) {
  if (std::isinf(v)) return "+Inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}
std::string with(std::string_view labels, std::string_view more) {
  if (labels.empty()) return std::string(more);
  return std::string(labels) + "," + std::string(more);
}
}  // namespace

void Histogram::write(std::string& out, std::string_view name, std::string_view labels) const {
  uint64_t cumulative = 0;
  std::string bucket = std::string(name) + "_bucket";
  for (size_t i = 0; i <= size_; ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    double le = i < size_ ? bounds_[i] : INFINITY;
    write_sample(out, bucket, with(labels, "le=\"" + number(le) + "\""), static_cast<double>(cumulative));
  }
  write_sample(out, std::string(name) + "_sum", labels, sum_micro_.load(std::memory_order_relaxed) / 1e6);
  // _count equals the +Inf bucket (read the same moment), as Prometheus expects.
  write_sample(out, std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

NodeMetrics& node() {
  static NodeMetrics metrics;
  return metrics;
}

void write_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void write_sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += number(value);
  out += '\n';
}

std::string label_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace dpc::metrics
