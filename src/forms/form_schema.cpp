// Reading a form-js schema into SchemaFields (see form_schema.h).
#include "dpc/forms/form_schema.h"

#include <set>

namespace dpc::forms {

using nlohmann::json;

namespace {

// Components whose "key" holds a value the user enters.
bool takes_input(const std::string& type) {
  static const std::set<std::string> layout = {"text",      "html",   "image",  "spacer",
                                               "separator", "button", "group",  "iframe",
                                               "table",     "dynamiclist", "expression"};
  return !layout.contains(type);
}

bool has_options(const std::string& type) {
  return type == "radio" || type == "select" || type == "checklist" || type == "taglist";
}

class Reader {
 public:
  Status components(const json& list, const std::vector<std::shared_ptr<const feel::Expression>>& hide,
                    const std::string& where, std::vector<SchemaField>& out) {
    if (!list.is_array()) return Error::invalid(where + ": \"components\" must be a list");
    for (size_t i = 0; i < list.size(); ++i) {
      const json& c = list[i];
      std::string at = where + ".components[" + std::to_string(i) + "]";
      if (!c.is_object()) return Error::invalid(at + " is not an object");
      auto type = c.find("type");
      if (type == c.end() || !type->is_string()) return Error::invalid(at + " has no \"type\"");
      const std::string t = type->get<std::string>();
      if (c.contains("id") && c["id"].is_string()) at += " ('" + c["id"].get<std::string>() + "')";
      auto own_hide = hide;
      if (auto cond = c.find("conditional"); cond != c.end() && cond->is_object()) {
        if (auto h = cond->find("hide"); h != cond->end() && h->is_string() && !h->get<std::string>().empty()) {
          auto x = expression(h->get<std::string>(), at + " conditional.hide");
          if (!x) return x.error();
          own_hide.push_back(*x);
        }
      }
      if (t == "group") {
        if (c.contains("components")) {
          if (auto st = components(c["components"], own_hide, at, out); !st) return st;
        }
        continue;
      }
      if (!takes_input(t) || !c.contains("key")) continue;
      if (!c["key"].is_string() || c["key"].get<std::string>().empty()) {
        return Error::invalid(at + ": \"key\" must be a non-empty string");
      }
      auto field = read_field(c, t, at);
      if (!field) return field.error();
      field->hide = own_hide;
      out.push_back(std::move(*field));
    }
    return {};
  }

 private:
  static Result<std::shared_ptr<const feel::Expression>> expression(std::string text, const std::string& at) {
    if (!text.empty() && text[0] == '=') text.erase(0, 1);
    auto x = feel::Expression::compile(text);
    if (!x) return Error::invalid(at + ": FEEL does not compile: " + x.error().message);
    return std::make_shared<const feel::Expression>(std::move(*x));
  }

  static Result<std::optional<double>> number(const json& v, const std::string& at, const char* name) {
    auto it = v.find(name);
    if (it == v.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
      return std::optional<double>{};
    }
    if (it->is_number()) return std::optional<double>{it->get<double>()};
    if (it->is_string()) {
      try {
        size_t used = 0;
        double d = std::stod(it->get<std::string>(), &used);
        if (used == it->get<std::string>().size()) return std::optional<double>{d};
      } catch (const std::exception&) {
      }
    }
    return Error::invalid(at + ": validate." + name + " must be a number");
  }

  Result<SchemaField> read_field(const json& c, const std::string& type, const std::string& at) {
    SchemaField f;
    f.key = c["key"].get<std::string>();
    f.type = type;
    f.label = c.value("label", f.key);
    if (!c["label"].is_string()) f.label = f.key;
    if (type == "datetime") f.subtype = c.value("subtype", std::string("date"));
    if (auto it = c.find("decimalDigits"); it != c.end() && it->is_number_integer()) {
      f.decimal_digits = it->get<int>();
    }
    if (auto it = c.find("disabled"); it != c.end() && it->is_boolean() && it->get<bool>()) f.readonly = true;
    if (auto it = c.find("readonly"); it != c.end()) {
      if (it->is_boolean()) {
        f.readonly = f.readonly || it->get<bool>();
      } else if (it->is_string() && !it->get<std::string>().empty()) {
        auto x = expression(it->get<std::string>(), at + " readonly");
        if (!x) return x.error();
        f.readonly_when = *x;
      }
    }
    if (auto v = c.find("validate"); v != c.end()) {
      if (!v->is_object()) return Error::invalid(at + ": \"validate\" must be an object");
      f.required = v->value("required", false) == true;
      for (auto [name, out] : {std::pair{"min", &f.min}, std::pair{"max", &f.max}}) {
        auto n = number(*v, at, name);
        if (!n) return n.error();
        *out = *n;
      }
      for (auto [name, out] : {std::pair{"minLength", &f.min_length}, std::pair{"maxLength", &f.max_length}}) {
        auto n = number(*v, at, name);
        if (!n) return n.error();
        if (*n) *out = static_cast<long long>(**n);
      }
      if (auto p = v->find("pattern"); p != v->end() && p->is_string() && !p->get<std::string>().empty()) {
        f.pattern = p->get<std::string>();
        try {
          f.pattern_regex = std::make_shared<const std::regex>(f.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
          return Error::invalid(at + ": validate.pattern is not a regular expression: " + f.pattern);
        }
      }
      if (auto vt = v->find("validationType"); vt != v->end() && vt->is_string()) {
        f.validation_type = vt->get<std::string>();
        if (!f.validation_type.empty() && f.validation_type != "email" && f.validation_type != "phone" &&
            f.validation_type != "custom") {
          return Error::invalid(at + ": validate.validationType must be email, phone or custom");
        }
        if (f.validation_type == "custom") f.validation_type.clear();  // then pattern applies
      }
    }
    if (auto p = c.find("properties"); p != c.end() && p->is_object()) {
      if (auto vt = p->find("validationType"); vt != p->end() && vt->is_string()) {
        f.identity_check = vt->get<std::string>();
        if (f.identity_check != "pesel" && f.identity_check != "iban" && f.identity_check != "phonePL" &&
            f.identity_check != "email") {
          return Error::invalid(at + ": properties.validationType must be pesel, iban, phonePL or email");
        }
      }
    }
    if (has_options(type)) {
      auto values = c.find("values");
      if (values != c.end()) {
        if (!values->is_array()) return Error::invalid(at + ": \"values\" must be a list");
        std::vector<json> options;
        for (const auto& o : *values) {
          if (!o.is_object() || !o.contains("value")) {
            return Error::invalid(at + ": every entry of \"values\" needs a \"value\"");
          }
          options.push_back(o["value"]);
        }
        f.options = std::move(options);
      }
    }
    return f;
  }
};

}  // namespace

Result<FormSchema> read_form_schema(const json& schema) {
  if (!schema.is_object()) return Error::invalid("A form must be a JSON object");
  auto id = schema.find("id");
  if (id == schema.end() || !id->is_string() || id->get<std::string>().empty()) {
    return Error::invalid("A form needs an \"id\" (the name camunda:formRef uses)");
  }
  FormSchema out;
  out.id = id->get<std::string>();
  if (!schema.contains("components")) return Error::invalid("Form '" + out.id + "' has no \"components\"");
  Reader reader;
  if (auto st = reader.components(schema["components"], {}, "form '" + out.id + "'", out.fields); !st) {
    return st.error();
  }
  return out;
}

Result<FormSchema> read_form_schema(const std::string& bytes) {
  json parsed = json::parse(bytes, nullptr, false);
  if (parsed.is_discarded()) return Error::invalid("A form is not valid JSON");
  return read_form_schema(parsed);
}

}  // namespace dpc::forms
