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

// One column of rows for unnest, as a one-dimensional array of `type`, kept in PostgreSQL's
// binary array format (sent as it is through the pipeline, pipeline_writer.h) and rendered
// in the array text form ({"a",NULL,"b"}) for SQL text.
class ArrayColumn {
 public:
  enum class Type { kText, kInt4, kInt8, kBool, kFloat8, kBytea };
  explicit ArrayColumn(Type type = Type::kText) : type_(type) {}
  // Columns of a statement by letters: t text, i integer, l bigint, b boolean, d double
  // precision, x bytea.
  static std::vector<ArrayColumn> of(const char* types);

  void text(const std::string& s) { element(s.data(), s.size()); }
  void text_or_null(const std::string& s) { s.empty() ? null() : text(s); }
  void num(long long v);
  void num_or_null(const std::optional<long long>& v) { v ? num(*v) : null(); }
  void boolean(bool v);
  void real(double v);
  void bytes(const std::string& raw) { element(raw.data(), raw.size()); }
  void null();

  std::string binary() const;   // PostgreSQL's binary array format (array_recv)
  std::string literal() const;  // the array text form

 private:
  void element(const char* data, size_t size);
  Type type_;
  int count_ = 0;
  bool has_null_ = false;
  std::string data_;  // per element: length (int32, big-endian; -1 = NULL) and bytes
};

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
  void statement(std::string sql) { entries_.push_back({std::move(sql), nullptr, {}, {}}); }
  // A statement prepared on the connection under `name`, with its parameters as text or
  // as arrays.
  void execute(const char* name, std::vector<std::string> params) {
    entries_.push_back({{}, name, std::move(params), {}});
  }
  void execute(const char* name, std::vector<ArrayColumn> arrays) {
    entries_.push_back({{}, name, {}, std::move(arrays)});
  }

  struct Entry {
    std::string sql;            // a statement, or empty for a prepared one
    const char* prepared;       // the prepared statement's name
    std::vector<std::string> params;   // text parameters, or
    std::vector<ArrayColumn> arrays;   // array parameters
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
