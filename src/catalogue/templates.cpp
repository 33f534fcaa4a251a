// Communication templates (see dpc/catalogue/templates.h): placeholders, checks, rendering
// and the SMS segment count.
#include "dpc/catalogue/templates.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "dpc/catalogue/content.h"

namespace dpc::catalogue {

namespace {

// The fields of one language's content per channel: required, then optional.
struct ChannelFields {
  std::vector<std::string> required;
  bool data = false;  // push: an object of texts
};
const std::map<std::string, ChannelFields>& channels() {
  static const std::map<std::string, ChannelFields> kChannels = {
      {"email", {{"subject", "html", "text"}, false}},
      {"sms", {{"text"}, false}},
      {"push", {{"title", "body"}, true}},
  };
  return kChannels;
}

struct Part {
  bool variable = false;
  std::string text;  // literal text, or the variable's path
};

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool valid_path(const std::string& p) {
  if (p.empty() || std::isdigit(static_cast<unsigned char>(p[0]))) return false;
  bool segment_start = true;
  for (char c : p) {
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
      continue;
    }
    if (!name_char(c)) return false;
    segment_start = false;
  }
  return !segment_start;
}

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(a, b - a + 1));
}

// Splits a text into literals and `{{ path }}` placeholders; the error names the field.
Result<std::vector<Part>> parse(std::string_view text, const std::string& field) {
  std::vector<Part> parts;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      parts.push_back({false, std::string(text.substr(i))});
      break;
    }
    if (open > i) parts.push_back({false, std::string(text.substr(i, open - i))});
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Error::invalid(field + ": '{{' at " + std::to_string(open) + " is not closed with '}}'");
    }
    std::string path = trim(text.substr(open + 2, close - open - 2));
    if (!valid_path(path)) {
      return Error::invalid(field + ": '" + std::string(text.substr(open, close + 2 - open)) +
                            "' is not a variable name (letters, digits and _, parts joined by '.')");
    }
    parts.push_back({true, path});
    i = close + 2;
  }
  return parts;
}

// Each text field of one language's content, with its path: (path, text).
std::vector<std::pair<std::string, std::string>> texts_of(const Json& per_lang, const std::string& base) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [field, v] : per_lang.items()) {
    if (v.is_string()) out.emplace_back(base + "." + field, v.get<std::string>());
    if (field == "data" && v.is_object()) {
      for (const auto& [name, t] : v.items()) {
        if (t.is_string()) out.emplace_back(base + ".data." + name, t.get<std::string>());
      }
    }
  }
  return out;
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number_text(const Json& v) {
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  }
  return v.dump();
}

Result<std::string> substitute(const std::string& text, const std::string& field, const Json& data, bool html) {
  auto parts = parse(text, field);
  if (!parts) return parts.error();
  std::string out;
  for (const auto& p : *parts) {
    if (!p.variable) {
      out += p.text;
      continue;
    }
    const Json* v = &data;
    size_t start = 0;
    while (v && start <= p.text.size()) {
      size_t dot = p.text.find('.', start);
      std::string name = p.text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      v = v->is_object() && v->contains(name) ? &(*v)[name] : nullptr;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!v || v->is_null()) return Error::invalid("data." + p.text + ": is missing (used in " + field + ")");
    std::string value;
    if (v->is_string()) value = v->get<std::string>();
    else if (v->is_number()) value = number_text(*v);
    else if (v->is_boolean()) value = v->get<bool>() ? "true" : "false";
    else return Error::invalid("data." + p.text + ": must be a text, a number or true/false (used in " + field + ")");
    out += html ? escape_html(value) : value;
  }
  return out;
}

// UTF-8 to code points; invalid bytes count as U+FFFD.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k < n; ++k) {
      unsigned char cc = s[i + k];
      if ((cc >> 6) != 2) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? n : 1;
  }
  return out;
}

// Septets a character takes in GSM-7: 1 (default alphabet), 2 (extension table), 0 (none).
int gsm_septets(char32_t c) {
  static const std::u32string kExtension = U"\f^{}\\[]~|\u20AC";
  static const std::u32string kBasicNonAscii =
      U"\u00A3\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\u00D8\u00F8\u00C5\u00E5\u0394\u03A6\u0393\u039B\u03A9"
      U"\u03A0\u03A8\u03A3\u0398\u039E\u00C6\u00E6\u00DF\u00C9\u00A4\u00A1\u00C4\u00D6\u00D1\u00DC\u00A7\u00BF"
      U"\u00E4\u00F6\u00F1\u00FC\u00E0";
  if (kExtension.find(c) != std::u32string::npos) return 2;
  if (c == '\n' || c == '\r') return 1;
  if (c >= 0x20 && c < 0x7F) return c == '`' ? 0 : 1;
  return kBasicNonAscii.find(c) != std::u32string::npos ? 1 : 0;
}

}  // namespace

SmsCount count_sms(std::string_view utf8) {
  std::vector<char32_t> cps = code_points(utf8);
  SmsCount out;
  out.characters = static_cast<int>(cps.size());
  std::vector<int> costs;
  bool gsm = true;
  for (char32_t c : cps) gsm = gsm && gsm_septets(c) > 0;
  for (char32_t c : cps) costs.push_back(gsm ? gsm_septets(c) : (c > 0xFFFF ? 2 : 1));
  out.encoding = gsm ? "GSM-7" : "UCS-2";
  const int single = gsm ? 160 : 70, part = gsm ? 153 : 67;
  for (int c : costs) out.length += c;
  if (out.length == 0) {
    out.segment_length = single;
    return out;
  }
  if (out.length <= single) {
    out.segments = 1;
    out.segment_length = single;
    return out;
  }
  out.segment_length = part;
  int used = 0;
  out.segments = 1;
  for (int c : costs) {
    if (used + c > part) {
      ++out.segments;
      used = 0;
    }
    used += c;
  }
  return out;
}

Status check_template(Json& body) {
  if (!body.contains("channel") || !body["channel"].is_string() || !channels().count(body["channel"].get<std::string>())) {
    return Error::invalid("channel: must be email, sms or push");
  }
  const std::string channel = body["channel"].get<std::string>();
  const ChannelFields& spec = channels().at(channel);
  if (!body.contains("content") || !body["content"].is_object() || body["content"].empty()) {
    return Error::invalid("content: is required (texts per language, e.g. {\"pl\": {...}, \"en\": {...}})");
  }
  std::string listed;
  for (const auto& f : spec.required) listed += (listed.empty() ? "" : ", ") + f;
  for (auto& [lang, per_lang] : body["content"].items()) {
    const std::string base = "content." + lang;
    if (!per_lang.is_object()) return Error::invalid(base + ": must be {" + listed + (spec.data ? ", data" : "") + "}");
    for (const auto& f : spec.required) {
      if (!per_lang.contains(f)) return Error::invalid(base + "." + f + ": is required (a " + channel + " template has " + listed + ")");
    }
    for (auto& [field, v] : per_lang.items()) {
      bool known = std::find(spec.required.begin(), spec.required.end(), field) != spec.required.end();
      if (spec.data && field == "data") {
        if (!v.is_object()) return Error::invalid(base + ".data: must be an object of texts");
        for (const auto& [name, t] : v.items()) {
          if (!t.is_string()) return Error::invalid(base + ".data." + name + ": must be a text");
        }
        continue;
      }
      if (!known) return Error::invalid(base + "." + field + ": is not a field of a " + channel + " template (" + listed + ")");
      if (!v.is_string()) return Error::invalid(base + "." + field + ": must be a text");
      if (field == "html") v = sanitize_html(v.get<std::string>());
    }
    for (const auto& [path, text] : texts_of(per_lang, base)) {
      auto parts = parse(text, path);
      if (!parts) return parts.error();
    }
  }
  if (body.contains("sampleData") && !body["sampleData"].is_object()) return Error::invalid("sampleData: must be an object");
  if (body.contains("product") && (!body["product"].is_string() || body["product"].get<std::string>().empty())) {
    return Error::invalid("product: must be a product key");
  }
  return {};
}

std::vector<std::string> template_variables(const Json& content) {
  std::set<std::string> names;
  if (!content.is_object()) return {};
  for (const auto& [lang, per_lang] : content.items()) {
    if (!per_lang.is_object()) continue;
    for (const auto& [path, text] : texts_of(per_lang, "content." + lang)) {
      auto parts = parse(text, path);
      if (!parts) continue;
      for (const auto& p : *parts) {
        if (p.variable) names.insert(p.text);
      }
    }
  }
  return {names.begin(), names.end()};
}

Result<Json> render_template(const std::string& channel, const Json& content, const std::string& language,
                             const Json& data) {
  if (!content.is_object() || !content.contains(language) || !content[language].is_object()) {
    std::string langs;
    if (content.is_object()) {
      for (const auto& [l, _] : content.items()) langs += (langs.empty() ? "" : ", ") + l;
    }
    return Error::invalid("language: the template has no '" + language + "' content (" + langs + ")");
  }
  if (!data.is_object()) return Error::invalid("data: must be an object");
  const Json& c = content[language];
  const std::string base = "content." + language;
  Json out = Json::object();
  for (const auto& [field, v] : c.items()) {
    if (v.is_string()) {
      auto text = substitute(v.get<std::string>(), base + "." + field, data, field == "html");
      if (!text) return text.error();
      out[field] = field == "html" ? sanitize_html(*text) : *text;
    }
  }
  if (channel == "push") {
    Json d = Json::object();
    const Json fields = c.value("data", Json::object());
    for (const auto& [name, t] : fields.items()) {
      if (!t.is_string()) continue;
      auto text = substitute(t.get<std::string>(), base + ".data." + name, data, false);
      if (!text) return text.error();
      d[name] = *text;
    }
    out["data"] = d;
  }
  if (channel == "sms") {
    SmsCount n = count_sms(out.value("text", ""));
    out["encoding"] = n.encoding;
    out["characters"] = n.characters;
    out["length"] = n.length;
    out["segments"] = n.segments;
    out["segmentLength"] = n.segment_length;
  }
  return out;
}

Json product_variables(const Item& product, const std::string& language) {
  auto text_in = [&](const Json& labels) -> Json {
    if (labels.is_string()) return labels;
    if (!labels.is_object()) return nullptr;
    for (const std::string& l : {language, std::string("en")}) {
      if (labels.contains(l) && labels[l].is_string()) return labels[l];
    }
    for (const auto& [_, v] : labels.items()) {
      if (v.is_string()) return v;
    }
    return nullptr;
  };
  const Json& b = product.body;
  return {{"key", product.key}, {"version", product.version}, {"type", product.type_key},
          {"name", text_in(b.value("name", Json()))}, {"description", text_in(b.value("description", Json()))},
          {"features", b.value("features", Json::object())}};
}

}  // namespace dpc::catalogue
