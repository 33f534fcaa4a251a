#include "sql_batch.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

namespace dpc::store {

namespace {

void put_be(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t get_be(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace

std::vector<ArrayColumn> ArrayColumn::of(const char* types) {
  std::vector<ArrayColumn> out;
  for (const char* t = types; *t; ++t) {
    switch (*t) {
      case 't': out.emplace_back(Type::kText); break;
      case 'i': out.emplace_back(Type::kInt4); break;
      case 'l': out.emplace_back(Type::kInt8); break;
      case 'b': out.emplace_back(Type::kBool); break;
      case 'd': out.emplace_back(Type::kFloat8); break;
      case 'x': out.emplace_back(Type::kBytea); break;
      default: break;
    }
  }
  return out;
}

void ArrayColumn::element(const char* data, size_t size) {
  put_be(data_, static_cast<uint32_t>(size), 4);
  data_.append(data, size);
  ++count_;
}

void ArrayColumn::null() {
  put_be(data_, 0xffffffffu, 4);
  has_null_ = true;
  ++count_;
}

void ArrayColumn::num(long long v) {
  char buf[8];
  std::string be;
  put_be(be, static_cast<uint64_t>(v), type_ == Type::kInt4 ? 4 : 8);
  std::memcpy(buf, be.data(), be.size());
  element(buf, be.size());
}

void ArrayColumn::boolean(bool v) {
  char b = v ? 1 : 0;
  element(&b, 1);
}

void ArrayColumn::real(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  std::string be;
  put_be(be, bits, 8);
  element(be.data(), be.size());
}

std::string ArrayColumn::binary() const {
  static const uint32_t kOids[] = {25, 23, 20, 16, 701, 17};  // text int4 int8 bool float8 bytea
  std::string out;
  out.reserve(20 + data_.size());
  put_be(out, count_ ? 1 : 0, 4);  // dimensions
  put_be(out, has_null_ ? 1 : 0, 4);
  put_be(out, kOids[static_cast<int>(type_)], 4);
  if (count_) {
    put_be(out, static_cast<uint32_t>(count_), 4);  // length
    put_be(out, 1, 4);                               // lower bound
  }
  return out + data_;
}

std::string ArrayColumn::literal() const {
  static const char* hex = "0123456789abcdef";
  std::string out = "{";
  const char* p = data_.data();
  for (int i = 0; i < count_; ++i) {
    if (i) out += ',';
    uint32_t len = static_cast<uint32_t>(get_be(p, 4));
    p += 4;
    if (len == 0xffffffffu) {
      out += "NULL";
      continue;
    }
    switch (type_) {
      case Type::kText:
        out += '"';
        for (uint32_t k = 0; k < len; ++k) {
          if (p[k] == '"' || p[k] == '\\') out += '\\';
          out += p[k];
        }
        out += '"';
        break;
      case Type::kInt4: out += std::to_string(static_cast<int32_t>(get_be(p, 4))); break;
      case Type::kInt8: out += std::to_string(static_cast<int64_t>(get_be(p, 8))); break;
      case Type::kBool: out += *p ? 't' : 'f'; break;
      case Type::kFloat8: {
        uint64_t bits = get_be(p, 8);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        if (std::isnan(v)) {
          out += "NaN";
        } else if (std::isinf(v)) {
          out += v > 0 ? "Infinity" : "-Infinity";
        } else {
          char buf[32];
          auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
          out.append(buf, r.ptr);
        }
        break;
      }
      case Type::kBytea:
        out += "\"\\\\x";  // the array syntax escapes the bytea hex form's backslash
        for (uint32_t k = 0; k < len; ++k) {
          unsigned char ch = static_cast<unsigned char>(p[k]);
          out += hex[ch >> 4];
          out += hex[ch & 15];
        }
        out += '"';
        break;
    }
    p += len;
  }
  return out + "}";
}

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
      for (size_t i = 0; i < e.arrays.size(); ++i) {
        if (i) sql_ += ",";
        sql_ += c_.quote(e.arrays[i].literal());
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
