// Builds WHERE, ORDER BY and LIMIT clauses from optional filters; every value is quoted by
// the connection. Sort columns must be mapped from a whitelist by the caller.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/engine/work_queries.h"

namespace dpc::store {

class WhereBuilder {
 public:
  explicit WhereBuilder(pqxx::connection_base& c) : c_(c) {}
  std::string q(const std::string& s) const { return c_.quote(s); }
  void raw(const std::string& condition) { parts_.push_back(condition); }
  void eq(const char* column, const std::optional<std::string>& v) {
    if (v) parts_.push_back(std::string(column) + " = " + q(*v));
  }
  void like(const char* column, const std::optional<std::string>& v) {
    if (v) parts_.push_back(std::string(column) + " LIKE " + q(*v));
  }
  void in(const char* column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ",") + q(v);
    parts_.push_back(std::string(column) + " IN (" + list + ")");
  }
  template <typename N>
  void cmp(const char* column, const char* op, const std::optional<N>& v) {
    if (v) parts_.push_back(std::string(column) + " " + op + " " + std::to_string(*v));
  }
  std::string where() const {
    std::string out;
    for (const auto& p : parts_) out += (out.empty() ? " WHERE " : " AND ") + p;
    return out;
  }
  // ORDER BY from sort keys mapped through `columns` (REST name → SQL column), then `tie`.
  static std::string order_by(const std::vector<engine::SortKey>& keys,
                              const std::map<std::string, std::string>& columns,
                              const std::string& tie) {
    std::string out;
    for (const auto& k : keys) {
      auto it = columns.find(k.column);
      if (it == columns.end()) continue;
      out += (out.empty() ? " ORDER BY " : ", ") + it->second + (k.descending ? " DESC" : " ASC");
    }
    return out + (out.empty() ? " ORDER BY " : ", ") + tie;
  }
  static std::string limit(const engine::Page& p) {
    std::string out;
    if (p.max_results >= 0) out += " LIMIT " + std::to_string(p.max_results);
    if (p.first_result > 0) out += " OFFSET " + std::to_string(p.first_result);
    return out;
  }

 private:
  pqxx::connection_base& c_;
  std::vector<std::string> parts_;
};

}  // namespace dpc::store
