// FEEL value <-> JSON.
#include "dpc/feel/json.h"

namespace dpc::feel {

Value from_json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return {};
    case nlohmann::json::value_t::boolean: return j.get<bool>();
    case nlohmann::json::value_t::number_integer: return Value(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: return Value::from_optional(Decimal::parse(j.dump()));
    case nlohmann::json::value_t::number_float: return Value::from_optional(Decimal::parse(j.dump()));
    case nlohmann::json::value_t::string: return j.get<std::string>();
    case nlohmann::json::value_t::array: {
      List l;
      for (const auto& e : j) l.push_back(from_json(e));
      return l;
    }
    case nlohmann::json::value_t::object: {
      Context c;
      for (auto it = j.begin(); it != j.end(); ++it) c.entries.emplace_back(it.key(), from_json(it.value()));
      return c;
    }
    default: return {};
  }
}

nlohmann::json to_json(const Value& v) {
  switch (v.type()) {
    case Type::kNull: return nullptr;
    case Type::kBoolean: return v.as_bool();
    case Type::kNumber: {
      const Decimal& d = v.as_number();
      if (auto i = d.to_int64()) return *i;
      return nlohmann::json::parse(d.to_string());
    }
    case Type::kString: return v.as_string();
    case Type::kList: {
      auto a = nlohmann::json::array();
      for (const auto& e : v.as_list()) a.push_back(to_json(e));
      return a;
    }
    case Type::kContext: {
      auto o = nlohmann::json::object();
      for (const auto& [k, e] : v.as_context().entries) o[k] = to_json(e);
      return o;
    }
    default: return v.to_string();
  }
}

}  // namespace dpc::feel
