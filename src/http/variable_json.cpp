#include "dpc/http/variable_json.h"

#include "dpc/core/time_format.h"

#include <cstdio>
#include <ctime>
#include <algorithm>
#include <regex>

namespace dpc::http {

using nlohmann::json;

std::string format_camunda_date(std::int64_t millis) { return format_date_time(millis); }

std::optional<std::int64_t> parse_camunda_date(const std::string& text) {
  return parse_date_time(text);
}

namespace {

Error bad_value(const std::string& name, const json& value, std::string_view type) {
  std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
  return Error::invalid("Cannot convert value '" + shown + "' of type '" + std::string(type) +
                        "' for variable '" + name + "'");
}

std::string base64_decode(const std::string& in, bool& ok) {
  static const std::string chars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  ok = true;
  for (char c : in) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    auto pos = chars.find(c);
    if (pos == std::string::npos) {
      ok = false;
      return {};
    }
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

std::string base64_encode(const std::string& in) {
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(chars[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(chars[((val << 8) >> (bits + 8)) & 0x3F]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

// False for an unsigned JSON number above INT64_MAX, which get<std::int64_t>() would wrap.
bool fits_int64(const json& value) {
  return !value.is_number_unsigned() || value.get<std::uint64_t>() <= INT64_MAX;
}

Result<TypedValue> untyped(const std::string& name, const json& value) {
  switch (value.type()) {
    case json::value_t::null: return TypedValue::null();
    case json::value_t::boolean: return TypedValue::boolean_value(value.get<bool>());
    case json::value_t::string: return TypedValue::string(value.get<std::string>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: {
      if (!fits_int64(value)) return TypedValue::double_value(value.get<double>());
      auto i = value.get<std::int64_t>();
      bool fits = i >= INT32_MIN && i <= INT32_MAX;
      return TypedValue::long_value(i, fits ? ValueType::kInteger : ValueType::kLong);
    }
    case json::value_t::number_float: return TypedValue::double_value(value.get<double>());
    case json::value_t::object:
    case json::value_t::array: return TypedValue::json(value.dump());
    default: return bad_value(name, value, "untyped");
  }
}

}  // namespace

Result<TypedValue> variable_from_json(const std::string& name, const json& dto) {
  if (!dto.is_object()) {
    return Error::invalid("variable '" + name + "' must be an object with 'value' and 'type'");
  }
  json value = dto.contains("value") ? dto["value"] : json(nullptr);
  if (!dto.contains("type") || dto["type"].is_null()) return untyped(name, value);
  if (!dto["type"].is_string()) return Error::invalid("type of variable '" + name + "' must be a string");
  std::string type_name = dto["type"].get<std::string>();
  auto type = parse_value_type(type_name);
  if (!type) {
    return Error::invalid("Unsupported value type '" + type_name + "' for variable '" + name + "'");
  }
  TypedValue v;
  v.type = *type;
  if (dto.contains("valueInfo") && dto["valueInfo"].is_object()) {
    for (auto& [k, i] : dto["valueInfo"].items()) {
      v.info[k] = i.is_string() ? i.get<std::string>() : i.dump();
    }
  }
  if (value.is_null() && v.type != ValueType::kNull) {
    v.type = *type;
    TypedValue n = TypedValue::null();
    n.info = v.info;
    n.type = ValueType::kNull;
    // Camunda keeps the declared type for a null value; dpc stores it as Null.
    return n;
  }
  auto as_integer = [&](std::int64_t lo, std::int64_t hi) -> Result<TypedValue> {
    std::int64_t i;
    if (value.is_number_integer()) {
      if (!fits_int64(value)) return bad_value(name, value, type_name);
      i = value.get<std::int64_t>();
    } else if (value.is_string()) {
      try {
        size_t used = 0;
        i = std::stoll(value.get<std::string>(), &used);
        if (used != value.get<std::string>().size()) return bad_value(name, value, type_name);
      } catch (...) {
        return bad_value(name, value, type_name);
      }
    } else {
      return bad_value(name, value, type_name);
    }
    if (i < lo || i > hi) return bad_value(name, value, type_name);
    v.integer = i;
    return v;
  };
  switch (v.type) {
    case ValueType::kNull: return v;
    case ValueType::kString:
      if (!value.is_string()) return bad_value(name, value, type_name);
      v.text = value.get<std::string>();
      return v;
    case ValueType::kBoolean:
      if (value.is_boolean()) v.boolean = value.get<bool>();
      else if (value == "true" || value == "false") v.boolean = value == "true";
      else return bad_value(name, value, type_name);
      return v;
    case ValueType::kShort: return as_integer(-32768, 32767);
    case ValueType::kInteger: return as_integer(INT32_MIN, INT32_MAX);
    case ValueType::kLong: return as_integer(INT64_MIN, INT64_MAX);
    case ValueType::kDouble:
      if (value.is_number()) v.number = value.get<double>();
      else return bad_value(name, value, type_name);
      return v;
    case ValueType::kDate: {
      if (!value.is_string()) return bad_value(name, value, type_name);
      auto ms = parse_camunda_date(value.get<std::string>());
      if (!ms) return bad_value(name, value, type_name);
      v.integer = *ms;
      return v;
    }
    case ValueType::kJson:
    case ValueType::kXml:
    case ValueType::kObject:
      v.text = value.is_string() ? value.get<std::string>() : value.dump();
      if (v.type == ValueType::kJson && json::parse(v.text, nullptr, false).is_discarded()) {
        return bad_value(name, value, type_name);
      }
      return v;
    case ValueType::kBytes:
    case ValueType::kFile: {
      if (!value.is_string()) return bad_value(name, value, type_name);
      bool ok = false;
      v.text = base64_decode(value.get<std::string>(), ok);
      if (!ok) return bad_value(name, value, type_name);
      return v;
    }
  }
  return v;
}

Result<VariableMap> variables_from_json(const json& map, const std::string& field) {
  VariableMap out;
  if (map.is_null()) return out;
  if (!map.is_object()) return Error::invalid("'" + field + "' must be a JSON object");
  for (auto& [name, dto] : map.items()) {
    auto v = variable_from_json(name, dto);
    if (!v) return v.error();
    out.emplace(name, std::move(*v));
  }
  return out;
}

json variable_to_json(const TypedValue& v, bool deserialize) {
  json out;
  out["type"] = std::string(value_type_name(v.type));
  switch (v.type) {
    case ValueType::kNull: out["value"] = nullptr; break;
    case ValueType::kString: out["value"] = v.text; break;
    case ValueType::kBoolean: out["value"] = v.boolean; break;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong: out["value"] = v.integer; break;
    case ValueType::kDouble: out["value"] = v.number; break;
    case ValueType::kDate: out["value"] = format_camunda_date(v.integer); break;
    case ValueType::kJson:
    case ValueType::kObject: {
      json parsed = deserialize ? json::parse(v.text, nullptr, false) : json();
      out["value"] = deserialize && !parsed.is_discarded() ? parsed : json(v.text);
      break;
    }
    case ValueType::kXml: out["value"] = v.text; break;
    case ValueType::kBytes:
    case ValueType::kFile: out["value"] = base64_encode(v.text); break;
  }
  json info = json::object();
  for (const auto& [k, i] : v.info) info[k] = i;
  out["valueInfo"] = info;
  return out;
}

json variables_to_json(const VariableMap& vars, bool deserialize) {
  json out = json::object();
  for (const auto& [name, v] : vars) out[name] = variable_to_json(v, deserialize);
  return out;
}

}  // namespace dpc::http
