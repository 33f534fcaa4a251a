// A statement under construction with its $n parameters, and the WHERE builder that adds
// filters as parameters (never as text). Private to the store module.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dpc::store {

// A LIKE pattern PostgreSQL accepts: one that ends with a lone escape character (\, as in
// Camunda's patterns) is an error there, so that backslash is taken literally.
inline std::string safe_like_pattern(std::string pattern) {
  size_t slashes = 0;
  while (slashes < pattern.size() && pattern[pattern.size() - 1 - slashes] == '\\') ++slashes;
  if (slashes % 2 == 1) pattern.push_back('\\');
  return pattern;
}


// A statement under construction: its text and its parameters in order.
struct SqlQuery {
  std::string text;
  std::vector<std::string> params;
};

class SqlConditions {
 public:
  explicit SqlConditions(SqlQuery& q) : q_(q) {}
  // Adds `v` as the next parameter and returns its placeholder ("$3").
  std::string param(const std::string& v) {
    q_.params.push_back(v);
    return "$" + std::to_string(q_.params.size());
  }
  void add(std::string condition) { parts_.push_back(std::move(condition)); }
  void eq(const char* column, const std::optional<std::string>& v) {
    if (v) add(std::string(column) + " = " + param(*v));
  }
  // `v` is the LIKE pattern as given (with its own wildcards).
  void like(const char* column, const std::optional<std::string>& v) {
    if (v) add(std::string(column) + " LIKE " + param(safe_like_pattern(*v)));
  }
  // "($1, $2, ...)" for the values.
  std::string in_list(const std::vector<std::string>& values) {
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ", ") + param(v);
    return "(" + list + ")";
  }
  void in(const char* column, const std::vector<std::string>& values) {
    if (!values.empty()) add(std::string(column) + " IN " + in_list(values));
  }
  std::string where() const {
    std::string out;
    for (const auto& p : parts_) out += (out.empty() ? " WHERE " : " AND ") + p;
    return out;
  }

 private:
  SqlQuery& q_;
  std::vector<std::string> parts_;
};

}  // namespace dpc::store
