// Feature schemas and feature values (see dpc/catalogue/feature_schema.h).
#include "dpc/catalogue/feature_schema.h"

#include <regex>

namespace dpc::catalogue {

namespace {

const std::set<std::string> kTypes = {"decimal", "integer", "text", "localizedText", "boolean", "date",
                                      "money", "percentage", "range", "dictionary", "asset", "table"};
const std::set<std::string> kFeatureFields = {"key", "labels", "type", "required", "min", "max", "pattern",
                                              "currencies", "dictionary", "multiple", "columns", "default",
                                              "description", "unit"};

bool valid_key(const std::string& k) {
  static const std::regex re("^[A-Za-z][A-Za-z0-9_]{0,63}$");
  return std::regex_match(k, re);
}

bool is_date(const std::string& s) {
  static const std::regex re("^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$");
  return std::regex_match(s, re);
}

Error bad(const std::string& path, const std::string& msg) { return Error::invalid(path + ": " + msg); }

// ---- values ------------------------------------------------------------------------------

class ValueChecker {
 public:
  ValueChecker(const DictionaryLookup& d, const AssetLookup& a) : dictionaries_(d), assets_(a) {}

  Status number(const Json& f, const Json& v, const std::string& path, bool integer) {
    if (!v.is_number()) return bad(path, integer ? "must be an integer" : "must be a number");
    if (integer && !v.is_number_integer()) return bad(path, "must be an integer");
    double x = v.get<double>();
    if (f.contains("min") && f["min"].is_number() && x < f["min"].get<double>()) {
      return bad(path, "must be at least " + f["min"].dump());
    }
    if (f.contains("max") && f["max"].is_number() && x > f["max"].get<double>()) {
      return bad(path, "must be at most " + f["max"].dump());
    }
    return {};
  }

  Status text(const Json& f, const Json& v, const std::string& path) {
    if (!v.is_string()) return bad(path, "must be a text");
    const auto& s = v.get_ref<const std::string&>();
    if (f.contains("pattern")) {
      std::regex re(f["pattern"].get<std::string>());
      if (!std::regex_match(s, re)) return bad(path, "does not match the pattern " + f["pattern"].get<std::string>());
    }
    if (f.contains("min") && f["min"].is_number() && s.size() < f["min"].get<double>()) {
      return bad(path, "must be at least " + f["min"].dump() + " characters long");
    }
    if (f.contains("max") && f["max"].is_number() && s.size() > f["max"].get<double>()) {
      return bad(path, "must be at most " + f["max"].dump() + " characters long");
    }
    return {};
  }

  Status value(const Json& f, const Json& v, const std::string& path) {
    const std::string type = f.value("type", "");
    if (type == "decimal") return number(f, v, path, false);
    if (type == "integer") return number(f, v, path, true);
    if (type == "percentage") {
      Json g = f;
      if (!g.contains("min")) g["min"] = 0;
      if (!g.contains("max")) g["max"] = 100;
      return number(g, v, path, false);
    }
    if (type == "text") return text(f, v, path);
    if (type == "localizedText") {
      if (!v.is_object() || v.empty()) return bad(path, "must be an object of texts per language, e.g. {\"pl\": \"...\", \"en\": \"...\"}");
      for (const auto& [lang, t] : v.items()) {
        if (lang.size() < 2 || lang.size() > 5) return bad(path + "." + lang, "is not a language code");
        auto st = text(f, t, path + "." + lang);
        if (!st) return st;
      }
      return {};
    }
    if (type == "boolean") return v.is_boolean() ? Status{} : bad(path, "must be true or false");
    if (type == "date") {
      if (!v.is_string() || !is_date(v.get<std::string>())) return bad(path, "must be a date YYYY-MM-DD");
      if (f.contains("min") && f["min"].is_string() && v.get<std::string>() < f["min"].get<std::string>()) {
        return bad(path, "must be on or after " + f["min"].get<std::string>());
      }
      if (f.contains("max") && f["max"].is_string() && v.get<std::string>() > f["max"].get<std::string>()) {
        return bad(path, "must be on or before " + f["max"].get<std::string>());
      }
      return {};
    }
    if (type == "money") {
      if (!v.is_object() || !v.contains("amount") || !v.contains("currency")) {
        return bad(path, "must be {\"amount\": number, \"currency\": \"PLN\"}");
      }
      auto st = number(f, v["amount"], path + ".amount", false);
      if (!st) return st;
      if (!v["currency"].is_string() || !std::regex_match(v["currency"].get<std::string>(), std::regex("^[A-Z]{3}$"))) {
        return bad(path + ".currency", "must be an ISO 4217 code such as PLN");
      }
      if (f.contains("currencies") && f["currencies"].is_array()) {
        bool ok = false;
        for (const auto& c : f["currencies"]) ok = ok || c == v["currency"];
        if (!ok) return bad(path + ".currency", "must be one of " + f["currencies"].dump());
      }
      return {};
    }
    if (type == "range") {
      if (!v.is_object() || !v.contains("min") || !v.contains("max")) return bad(path, "must be {\"min\": number, \"max\": number}");
      auto st = number(f, v["min"], path + ".min", false);
      if (!st) return st;
      st = number(f, v["max"], path + ".max", false);
      if (!st) return st;
      if (v["min"].get<double>() > v["max"].get<double>()) return bad(path, "min must not exceed max");
      return {};
    }
    if (type == "dictionary") {
      auto codes = dictionaries_(f.value("dictionary", ""));
      if (!codes) return bad(path, "dictionary " + f.value("dictionary", "") + " does not exist");
      auto one = [&](const Json& c, const std::string& p) -> Status {
        if (!c.is_string()) return bad(p, "must be a code of dictionary " + f.value("dictionary", ""));
        if (!codes->count(c.get<std::string>())) {
          return bad(p, "'" + c.get<std::string>() + "' is not a code of dictionary " + f.value("dictionary", ""));
        }
        return {};
      };
      if (!f.value("multiple", false)) return one(v, path);
      if (!v.is_array()) return bad(path, "must be a list of codes of dictionary " + f.value("dictionary", ""));
      for (size_t i = 0; i < v.size(); ++i) {
        auto st = one(v[i], path + "[" + std::to_string(i) + "]");
        if (!st) return st;
      }
      return {};
    }
    if (type == "asset") {
      if (!v.is_string() || !std::regex_match(v.get<std::string>(), std::regex("^[0-9a-f]{64}$"))) {
        return bad(path, "must be the sha256 of an uploaded asset");
      }
      if (assets_ && !assets_(v.get<std::string>())) return bad(path, "asset " + v.get<std::string>() + " does not exist");
      return {};
    }
    if (type == "table") {
      if (!v.is_array()) return bad(path, "must be a list of rows");
      for (size_t i = 0; i < v.size(); ++i) {
        std::string row_path = path + "[" + std::to_string(i) + "]";
        if (!v[i].is_object()) return bad(row_path, "must be an object");
        auto st = fields(f["columns"], v[i], row_path, nullptr);
        if (!st) return st;
      }
      return {};
    }
    return bad(path, "has an unknown type " + type);
  }

  // Checks the features `defs` of one level against `values` (an object); fills defaults
  // into `out` when given.
  Status fields(const Json& defs, const Json& values, const std::string& path, Json* out) {
    if (!values.is_object()) return bad(path, "must be an object");
    std::set<std::string> known;
    for (const auto& f : defs) {
      std::string key = f.value("key", "");
      known.insert(key);
      std::string p = path + "." + key;
      if (!values.contains(key) || values[key].is_null()) {
        if (f.contains("default")) {
          if (out) (*out)[key] = f["default"];
          continue;
        }
        if (f.value("required", false)) return bad(p, "is required");
        continue;
      }
      auto st = value(f, values[key], p);
      if (!st) return st;
      if (out) (*out)[key] = values[key];
    }
    for (const auto& [k, _] : values.items()) {
      if (!known.count(k)) return bad(path + "." + k, "is not a feature of this product type");
    }
    return {};
  }

  Status level(const Json& schema, const Json& values, const std::string& path, Json& out) {
    if (!values.is_object()) return bad(path, "must be an object");
    Json features_only = Json::object();
    std::set<std::string> groups;
    for (const auto& g : schema.value("groups", Json::array())) groups.insert(g.value("key", ""));
    for (const auto& [k, v] : values.items()) {
      if (!groups.count(k)) features_only[k] = v;
    }
    auto st = fields(schema.value("features", Json::array()), features_only, path, &out);
    if (!st) return st;
    for (const auto& g : schema.value("groups", Json::array())) {
      std::string key = g.value("key", "");
      Json sub = values.contains(key) ? values[key] : Json::object();
      Json sub_out = Json::object();
      st = level(g, sub, path + "." + key, sub_out);
      if (!st) return st;
      if (!sub_out.empty()) out[key] = sub_out;
    }
    return {};
  }

 private:
  const DictionaryLookup& dictionaries_;
  const AssetLookup& assets_;
};

// ---- schema ------------------------------------------------------------------------------

Status check_labels(const Json& node, const std::string& path) {
  if (!node.contains("labels")) return {};
  if (!node["labels"].is_object()) return bad(path + ".labels", "must be an object of texts per language");
  for (const auto& [lang, t] : node["labels"].items()) {
    if (!t.is_string()) return bad(path + ".labels." + lang, "must be a text");
  }
  return {};
}

Status check_feature(const Json& f, const std::string& path, const DictionaryLookup& dictionaries, bool in_table) {
  if (!f.is_object()) return bad(path, "must be an object");
  for (const auto& [k, _] : f.items()) {
    if (!kFeatureFields.count(k)) return bad(path + "." + k, "is not a feature property");
  }
  std::string type = f.value("type", "");
  if (!kTypes.count(type)) {
    return bad(path + ".type", "must be one of decimal, integer, text, localizedText, boolean, date, money, "
                               "percentage, range, dictionary, asset, table");
  }
  if (in_table && type == "table") return bad(path + ".type", "a table column cannot be a table");
  auto st = check_labels(f, path);
  if (!st) return st;
  if (f.contains("required") && !f["required"].is_boolean()) return bad(path + ".required", "must be true or false");
  for (const char* bound : {"min", "max"}) {
    if (!f.contains(bound)) continue;
    bool date_bound = type == "date" && f[bound].is_string() && is_date(f[bound].get<std::string>());
    if (!f[bound].is_number() && !date_bound) return bad(path + "." + bound, "must be a number (a date for date features)");
  }
  if (f.contains("min") && f.contains("max") && f["min"].is_number() && f["max"].is_number() &&
      f["min"].get<double>() > f["max"].get<double>()) {
    return bad(path + ".min", "must not exceed max");
  }
  if (f.contains("pattern")) {
    if (!f["pattern"].is_string()) return bad(path + ".pattern", "must be a regular expression");
    try {
      std::regex re(f["pattern"].get<std::string>());
    } catch (const std::regex_error&) {
      return bad(path + ".pattern", "is not a valid regular expression");
    }
  }
  if (f.contains("currencies")) {
    if (!f["currencies"].is_array() || f["currencies"].empty()) return bad(path + ".currencies", "must be a list of currency codes");
    for (const auto& c : f["currencies"]) {
      if (!c.is_string() || !std::regex_match(c.get<std::string>(), std::regex("^[A-Z]{3}$"))) {
        return bad(path + ".currencies", "must hold ISO 4217 codes such as PLN");
      }
    }
  }
  if (type == "dictionary") {
    if (!f.contains("dictionary") || !f["dictionary"].is_string()) return bad(path + ".dictionary", "is required for a dictionary feature");
    if (!dictionaries(f["dictionary"].get<std::string>())) {
      return bad(path + ".dictionary", "dictionary " + f["dictionary"].get<std::string>() + " does not exist");
    }
  }
  if (type == "table") {
    if (!f.contains("columns") || !f["columns"].is_array() || f["columns"].empty()) {
      return bad(path + ".columns", "a table needs its columns (a list of features)");
    }
    std::set<std::string> keys;
    for (size_t i = 0; i < f["columns"].size(); ++i) {
      const auto& c = f["columns"][i];
      std::string cp = path + ".columns[" + std::to_string(i) + "]";
      if (!c.is_object() || !c.contains("key") || !c["key"].is_string() || !valid_key(c["key"].get<std::string>())) {
        return bad(cp + ".key", "must be letters, digits or _ starting with a letter");
      }
      if (!keys.insert(c["key"].get<std::string>()).second) return bad(cp + ".key", "is used twice");
      st = check_feature(c, cp, dictionaries, true);
      if (!st) return st;
    }
  }
  if (f.contains("default")) {
    ValueChecker checker(dictionaries, AssetLookup{});
    st = checker.value(f, f["default"], path + ".default");
    if (!st) return st;
  }
  return {};
}

Status check_level(const Json& node, const std::string& path, const DictionaryLookup& dictionaries, int depth) {
  if (depth > 8) return bad(path, "groups are nested too deeply (at most 8 levels)");
  std::set<std::string> keys;
  auto check_key = [&](const Json& x, const std::string& p) -> Status {
    if (!x.is_object() || !x.contains("key") || !x["key"].is_string() || !valid_key(x["key"].get<std::string>())) {
      return bad(p + ".key", "must be letters, digits or _ starting with a letter");
    }
    if (!keys.insert(x["key"].get<std::string>()).second) return bad(p + ".key", "'" + x["key"].get<std::string>() + "' is used twice on this level");
    return {};
  };
  if (node.contains("features")) {
    if (!node["features"].is_array()) return bad(path + ".features", "must be a list");
    for (size_t i = 0; i < node["features"].size(); ++i) {
      std::string p = path + ".features[" + std::to_string(i) + "]";
      auto st = check_key(node["features"][i], p);
      if (!st) return st;
      st = check_feature(node["features"][i], p, dictionaries, false);
      if (!st) return st;
    }
  }
  if (node.contains("groups")) {
    if (!node["groups"].is_array()) return bad(path + ".groups", "must be a list");
    for (size_t i = 0; i < node["groups"].size(); ++i) {
      std::string p = path + ".groups[" + std::to_string(i) + "]";
      auto st = check_key(node["groups"][i], p);
      if (!st) return st;
      st = check_labels(node["groups"][i], p);
      if (!st) return st;
      st = check_level(node["groups"][i], p, dictionaries, depth + 1);
      if (!st) return st;
    }
  }
  return {};
}

}  // namespace

Status check_schema(const Json& schema, const DictionaryLookup& dictionaries) {
  if (!schema.is_object()) return bad("schema", "must be an object with groups and features");
  return check_level(schema, "schema", dictionaries, 0);
}

Result<Json> check_features(const Json& schema, const Json& values, const DictionaryLookup& dictionaries,
                            const AssetLookup& assets) {
  ValueChecker checker(dictionaries, assets);
  Json out = Json::object();
  auto st = checker.level(schema, values.is_null() ? Json::object() : values, "features", out);
  if (!st) return st.error();
  return out;
}

}  // namespace dpc::catalogue
