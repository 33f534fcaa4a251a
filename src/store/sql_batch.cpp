#include "sql_batch.h"

#include <nlohmann/json.hpp>

namespace dpc::store {

std::string SqlBatch::text_array(const std::vector<std::string>& items) const {
  std::string out = "ARRAY[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    out += c_.quote(items[i]);
  }
  return out + "]::text[]";
}

std::string SqlBatch::bytes(const std::string& raw) const {
  return c_.quote_raw(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string SqlBatch::typed_value(const TypedValue& v) const {
  std::string type = text(std::string(value_type_name(v.type)));
  std::string l = "NULL", d = "NULL", t = "NULL", b = "NULL", info = "NULL";
  switch (v.type) {
    case ValueType::kNull: break;
    case ValueType::kBoolean: l = v.boolean ? "1" : "0"; break;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
    case ValueType::kDate: l = num(v.integer); break;
    case ValueType::kDouble: d = nlohmann::json(v.number).dump(); break;
    case ValueType::kString:
    case ValueType::kJson:
    case ValueType::kXml:
    case ValueType::kObject: t = text(v.text); break;
    case ValueType::kBytes:
    case ValueType::kFile: b = bytes(v.text); break;
  }
  if (!v.info.empty()) info = text(nlohmann::json(v.info).dump());
  return type + "," + l + "," + d + "," + t + "," + b + "," + info;
}

void SqlBatch::insert(const std::string& table, const std::string& columns,
                      const std::vector<std::string>& rows) {
  if (rows.empty()) return;
  std::string sql = "INSERT INTO " + table + " (" + columns + ") VALUES ";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) sql += ",";
    sql += "(" + rows[i] + ")";
  }
  statement(std::move(sql));
}

const std::string& SqlBatch::sql() const {
  for (; rendered_ < entries_.size(); ++rendered_) {
    const Entry& e = entries_[rendered_];
    if (e.prepared) {
      sql_ += std::string("EXECUTE ") + e.prepared + "(";
      for (size_t i = 0; i < e.params.size(); ++i) {
        if (i) sql_ += ",";
        sql_ += c_.quote(e.params[i]);
      }
      sql_ += ")";
    } else {
      sql_ += e.sql;
    }
    sql_ += ";\n";
  }
  return sql_;
}

TypedValue read_typed_value(const pqxx::row& row, int first) {
  TypedValue v;
  v.type = parse_value_type(row[first].as<std::string>()).value_or(ValueType::kNull);
  switch (v.type) {
    case ValueType::kNull: break;
    case ValueType::kBoolean: v.boolean = row[first + 1].as<long long>() != 0; break;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
    case ValueType::kDate: v.integer = row[first + 1].as<long long>(); break;
    case ValueType::kDouble: v.number = row[first + 2].as<double>(); break;
    case ValueType::kString:
    case ValueType::kJson:
    case ValueType::kXml:
    case ValueType::kObject: v.text = row[first + 3].as<std::string>(); break;
    case ValueType::kBytes:
    case ValueType::kFile: {
      pqxx::binarystring bin(row[first + 4]);
      v.text = bin.str();
      break;
    }
  }
  if (!row[first + 5].is_null()) {
    auto j = nlohmann::json::parse(row[first + 5].as<std::string>(), nullptr, false);
    if (j.is_object()) {
      for (auto& [k, val] : j.items()) v.info[k] = val.is_string() ? val.get<std::string>() : val.dump();
    }
  }
  return v;
}

}  // namespace dpc::store
