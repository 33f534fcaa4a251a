// Checking a submission field by field (see form_validation.h).
#include "dpc/forms/form_validation.h"

#include <cmath>
#include <cstdio>
#include <regex>

#include "dpc/feel/json.h"
#include "dpc/forms/identity_checks.h"

namespace dpc::forms {

using nlohmann::json;

namespace {

// form-js's e-mail rule (its EMAIL_PATTERN).
const std::regex& email_regex() {
  static const std::regex r(
      R"(^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$)",
      std::regex::ECMAScript);
  return r;
}

// An international number: + or 00, then 7 to 15 digits (spaces, dashes and dots between
// groups allowed). form-js checks the country code against a list; this keeps its intent.
bool is_phone(const std::string& s) {
  static const std::regex r(R"(^(\+|00)[1-9][0-9]{6,14}$)", std::regex::ECMAScript);
  std::string digits;
  for (char c : s) {
    if (c != ' ' && c != '-' && c != '.') digits += c;
  }
  return std::regex_match(digits, r);
}

std::string number_text(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

json number_json(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return static_cast<long long>(d);
  return d;
}

bool empty_value(const json& v) {
  return v.is_null() || (v.is_string() && v.get<std::string>().empty()) ||
         (v.is_array() && v.empty());
}

// A number field's value as a number; form-js may serialize numbers to strings.
std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  return parse_number(v.get_ref<const std::string&>());
}

bool valid_date(const std::string& s) {
  static const std::regex r(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
  return std::regex_match(s, r);
}

bool valid_time(const std::string& s) {
  static const std::regex r(R"(^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?([Zz]|[+-]\d{2}:?\d{2})?$)");
  return std::regex_match(s, r);
}

bool truthy(const std::shared_ptr<const feel::Expression>& x, const feel::Context& ctx) {
  feel::Value v = x->evaluate(ctx).value;
  return v.is(feel::Type::kBoolean) && v.as_bool();
}

class FieldCheck {
 public:
  FieldCheck(const SchemaField& f, std::vector<FieldError>& errors) : f_(f), errors_(errors) {}

  void fail(const std::string& rule, const std::string& message, json params = json::object()) {
    errors_.push_back({f_.key, rule, message, std::move(params)});
  }

  // Type first: the other rules only make sense on a value of the right kind.
  bool type_ok(const json& v) {
    const std::string& t = f_.type;
    if (t == "number") {
      if (!as_number(v)) return fail("type", f_.key + " must be a number"), false;
    } else if (t == "checkbox") {
      if (!v.is_boolean()) return fail("type", f_.key + " must be true or false"), false;
    } else if (t == "checklist" || t == "taglist") {
      if (!v.is_array()) return fail("type", f_.key + " must be a list"), false;
    } else if (t == "textfield" || t == "textarea") {
      if (!v.is_string()) return fail("type", f_.key + " must be text"), false;
    } else if (t == "datetime") {
      if (!v.is_string()) return fail("type", f_.key + " must be a date"), false;
      const std::string& s = v.get_ref<const std::string&>();
      bool ok = f_.subtype == "time" ? valid_time(s)
              : f_.subtype == "datetime" ? s.size() > 11 && s[10] == 'T' && valid_date(s.substr(0, 10)) &&
                                               valid_time(s.substr(11))
                                         : valid_date(s);
      if (!ok) {
        const char* what = f_.subtype == "time" ? "a time (HH:MM)"
                         : f_.subtype == "datetime" ? "a date and time (YYYY-MM-DDTHH:MM)"
                                                    : "a date (YYYY-MM-DD)";
        return fail("type", f_.key + " must be " + what), false;
      }
    }
    return true;
  }

  void rules(const json& v) {
    if (f_.type == "number") {
      double d = *as_number(v);
      if (f_.decimal_digits && *f_.decimal_digits == 0 && std::floor(d) != d) {
        fail("type", f_.key + " must be a whole number");
      } else if (f_.decimal_digits) {
        double scaled = d * std::pow(10.0, *f_.decimal_digits);
        if (std::fabs(scaled - std::round(scaled)) > 1e-6) {
          fail("type", f_.key + " must have at most " + std::to_string(*f_.decimal_digits) + " decimal digits");
        }
      }
      if (f_.min && d < *f_.min) {
        fail("min", f_.key + " must be at least " + number_text(*f_.min), {{"min", number_json(*f_.min)}});
      }
      if (f_.max && d > *f_.max) {
        fail("max", f_.key + " must be at most " + number_text(*f_.max), {{"max", number_json(*f_.max)}});
      }
    }
    if (v.is_string()) text(v.get_ref<const std::string&>());
    if (f_.options) {
      if (v.is_array()) {
        for (const auto& item : v) option(item);
      } else {
        option(v);
      }
    }
  }

 private:
  void text(const std::string& s) {
    // Lengths count characters (UTF-8 code points), as the browser does.
    long long length = 0;
    for (unsigned char c : s) length += (c & 0xC0) != 0x80;
    if (f_.min_length && length < *f_.min_length) {
      fail("minLength", f_.key + " must have at least " + std::to_string(*f_.min_length) + " characters",
           {{"minLength", *f_.min_length}});
    }
    if (f_.max_length && length > *f_.max_length) {
      fail("maxLength", f_.key + " must have at most " + std::to_string(*f_.max_length) + " characters",
           {{"maxLength", *f_.max_length}});
    }
    if (f_.pattern_regex && !std::regex_search(s, *f_.pattern_regex)) {
      fail("pattern", f_.key + " must match the pattern " + f_.pattern, {{"pattern", f_.pattern}});
    }
    if (f_.validation_type == "email" && !std::regex_match(s, email_regex())) {
      fail("email", f_.key + " must be a valid e-mail address");
    }
    const std::string& check = f_.identity_check;
    if (check == "pesel" && !is_pesel(s)) fail("pesel", f_.key + " must be a valid PESEL number");
    if (check == "iban" && !is_iban(s)) fail("iban", f_.key + " must be a valid IBAN account number");
    if (check == "phonePL" && !is_polish_phone(s)) {
      fail("phonePL", f_.key + " must be a Polish phone number (9 digits, optionally after +48)");
    }
    if (check == "email" && f_.validation_type != "email" && !is_email(s)) {
      fail("email", f_.key + " must be a valid e-mail address");
    }
    if (f_.validation_type == "phone" && !is_phone(s)) {
      fail("phone", f_.key + " must be a valid phone number with its country code (e.g. +48 601 234 567)");
    }
  }

  void option(const json& v) {
    for (const auto& o : *f_.options) {
      if (o == v) return;
      // A number field's option may be written as text or the other way round.
      if (o.is_string() && !v.is_string() && o.get<std::string>() == v.dump()) return;
    }
    json allowed = json::array();
    for (const auto& o : *f_.options) allowed.push_back(o);
    fail("option", f_.key + " must be one of the offered values", {{"options", allowed}});
  }

  const SchemaField& f_;
  std::vector<FieldError>& errors_;
};

}  // namespace

std::optional<double> parse_number(const std::string& text) {
  try {
    size_t used = 0;
    double d = std::stod(text, &used);
    if (used == text.size()) return d;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

ValidationOutcome validate_submission(const FormSchema& form, const json& submitted, const json& current) {
  ValidationOutcome out;
  static const json kEmpty = json::object();
  const json& sub = submitted.is_object() ? submitted : kEmpty;
  const json& cur = current.is_object() ? current : kEmpty;
  json merged = cur;
  for (auto it = sub.begin(); it != sub.end(); ++it) merged[it.key()] = it.value();
  feel::Value scope = feel::from_json(merged);
  static const feel::Context kNoContext;
  const feel::Context& ctx = scope.is(feel::Type::kContext) ? scope.as_context() : kNoContext;

  for (const SchemaField& f : form.fields) {
    bool hidden = false;
    for (const auto& h : f.hide) hidden = hidden || truthy(h, ctx);
    bool readonly = f.readonly || (f.readonly_when && truthy(f.readonly_when, ctx));
    if (hidden || readonly) {
      if (sub.contains(f.key)) out.dropped.insert(f.key);
      continue;
    }
    FieldCheck check(f, out.errors);
    auto given = sub.find(f.key);
    const bool present = given != sub.end() && !empty_value(*given);
    if (!present) {
      auto held = cur.find(f.key);
      if (f.required && (given != sub.end() || held == cur.end() || empty_value(*held))) {
        check.fail("required", f.key + " is required");
      }
      continue;
    }
    if (!check.type_ok(*given)) continue;
    // A required checkbox must be ticked (a consent), as form-js asks.
    if (f.required && f.type == "checkbox" && given->is_boolean() && !given->get<bool>()) {
      check.fail("required", f.key + " must be ticked");
      continue;
    }
    check.rules(*given);
  }
  return out;
}

json validation_exception(const std::vector<FieldError>& errors) {
  std::set<std::string> fields;
  json list = json::array();
  for (const auto& e : errors) {
    fields.insert(e.field);
    list.push_back({{"field", e.field}, {"rule", e.rule}, {"message", e.message}, {"params", e.params}});
  }
  std::string message = fields.size() == 1 ? "1 field is invalid"
                                           : std::to_string(fields.size()) + " fields are invalid";
  return {{"type", "FormValidationException"}, {"message", message}, {"code", 0}, {"fieldErrors", list}};
}

}  // namespace dpc::forms
