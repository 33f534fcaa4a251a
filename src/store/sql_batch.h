// Collects the statements of many row writes so that a command's changes reach the database
// in a single round trip: as one multi-statement SQL text (sql()), or statement by statement
// for libpq's pipeline mode (entries(), see pipeline_writer.h). Values are quoted by the
// connection (its encoding and escaping rules), never pasted raw.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/core/typed_value.h"

namespace dpc::store {

class SqlBatch {
 public:
  explicit SqlBatch(pqxx::connection_base& c) : c_(c) {}

  // Quoted literals. Empty text becomes NULL for the *_or_null variants.
  std::string text(const std::string& s) const { return c_.quote(s); }
  std::string text_or_null(const std::string& s) const { return s.empty() ? "NULL" : c_.quote(s); }
  static std::string num(std::int64_t v) { return std::to_string(v); }
  static std::string num_or_null(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : "NULL";
  }
  static std::string boolean(bool b) { return b ? "true" : "false"; }
  std::string text_array(const std::vector<std::string>& items) const;
  std::string bytes(const std::string& raw) const;
  // The typed columns of a value: type, long_value, double_value, text_value, bytes_value,
  // value_info (six comma-separated literals).
  std::string typed_value(const TypedValue& v) const;

  // Appends `INSERT INTO table (columns) VALUES rows...` when rows is not empty.
  void insert(const std::string& table, const std::string& columns,
              const std::vector<std::string>& rows);
  // One SQL statement (no trailing ';', never several).
  void statement(std::string sql) { entries_.push_back({std::move(sql), nullptr, {}}); }
  // A statement prepared on the connection under `name`, with its parameters as text.
  void execute(const char* name, std::vector<std::string> params) {
    entries_.push_back({{}, name, std::move(params)});
  }

  struct Entry {
    std::string sql;            // a statement, or empty for a prepared one
    const char* prepared;       // the prepared statement's name
    std::vector<std::string> params;
  };
  const std::vector<Entry>& entries() const { return entries_; }
  // Every statement as one SQL text, prepared ones as EXECUTE name('param', ...).
  const std::string& sql() const;
  bool empty() const { return entries_.empty(); }

 private:
  pqxx::connection_base& c_;
  std::vector<Entry> entries_;
  mutable std::string sql_;        // sql() of the first `rendered_` entries
  mutable size_t rendered_ = 0;
};

// Reads the six typed columns starting at `first` back into a TypedValue.
TypedValue read_typed_value(const pqxx::row& row, int first);

}  // namespace dpc::store
