// The catalogue service (see dpc/catalogue/catalogue_service.h): item rules and lifecycle.
#include "dpc/catalogue/catalogue_service.h"

#include <map>
#include <regex>
#include <set>

#include "dpc/catalogue/content.h"
#include "dpc/catalogue/feature_schema.h"
#include "dpc/catalogue/templates.h"
#include "dpc/core/time_format.h"

namespace dpc::catalogue {

namespace {

const std::map<std::string, std::set<std::string>> kBodyKeys = {
    {kProductType, {"name", "description", "schema", "category"}},
    {kDictionary, {"name", "description", "entries"}},
    {kProduct, {"type", "name", "description", "validFor", "features", "prices", "eligibility", "channels", "content",
                "package", "category",
                "applicationForm"}},
    {kPromotion, {"name", "description", "validFor", "segments", "channels", "products", "condition", "priority",
                  "stackable", "adjustments"}},
    {kTemplate, {"channel", "name", "description", "content", "sampleData", "product"}},
};
// Fields the REST shape adds around the body; accepted on input (a client may send back
// what it read) and ignored.
const std::set<std::string> kMetaKeys = {"key", "version", "lifecycleStatus", "createdBy", "createdAt", "updatedBy",
                                         "updatedAt", "submittedBy", "submittedAt", "publishedBy", "publishedAt",
                                         "versions", "href", "kind", "variables"};

bool valid_key(const std::string& k) {
  static const std::regex re("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
  return std::regex_match(k, re);
}

bool valid_when(const std::string& s) {
  static const std::regex re(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$)");
  return std::regex_match(s, re);
}

Status check_labels(const Json& body, const std::string& field, bool required) {
  if (!body.contains(field)) {
    return required ? Status(Error::invalid(field + ": is required (texts per language, e.g. {\"pl\": \"...\", \"en\": \"...\"})")) : Status{};
  }
  const Json& v = body[field];
  if (!v.is_object() || v.empty()) return Error::invalid(field + ": must be texts per language, e.g. {\"pl\": \"...\", \"en\": \"...\"}");
  for (const auto& [lang, t] : v.items()) {
    if (!t.is_string()) return Error::invalid(field + "." + lang + ": must be a text");
  }
  return {};
}

Status check_string_list(const Json& body, const std::string& field) {
  if (!body.contains(field)) return {};
  if (!body[field].is_array()) return Error::invalid(field + ": must be a list of texts");
  for (const auto& x : body[field]) {
    if (!x.is_string()) return Error::invalid(field + ": must be a list of texts");
  }
  return {};
}

Status check_channels(const Json& body) {
  if (!body.contains("channels")) return {};
  if (!body["channels"].is_array()) return Error::invalid("channels: must be a list");
  static const std::regex hhmm("^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$");
  static const std::set<std::string> days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (size_t i = 0; i < body["channels"].size(); ++i) {
    const Json& c = body["channels"][i];
    std::string p = "channels[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("channel") || !c["channel"].is_string()) return Error::invalid(p + ".channel: is required");
    if (!c.contains("windows")) continue;
    if (!c["windows"].is_array()) return Error::invalid(p + ".windows: must be a list");
    for (size_t j = 0; j < c["windows"].size(); ++j) {
      const Json& w = c["windows"][j];
      std::string wp = p + ".windows[" + std::to_string(j) + "]";
      for (const char* f : {"from", "to"}) {
        if (w.contains(f) && (!w[f].is_string() || !std::regex_match(w[f].get<std::string>(), hhmm))) {
          return Error::invalid(wp + "." + f + ": must be a time HH:MM");
        }
      }
      for (const auto& d : w.value("days", Json::array())) {
        if (!d.is_string() || !days.count(d.get<std::string>())) return Error::invalid(wp + ".days: must hold mon, tue, wed, thu, fri, sat or sun");
      }
    }
  }
  return {};
}

Status check_prices(const Json& body) {
  if (!body.contains("prices")) return {};
  if (!body["prices"].is_array()) return Error::invalid("prices: must be a list");
  static const std::set<std::string> kinds = {"oneTime", "recurring", "usage"};
  static const std::set<std::string> categories = {"fee", "commission", "interest", "margin"};
  std::set<std::string> keys;
  for (size_t i = 0; i < body["prices"].size(); ++i) {
    const Json& p = body["prices"][i];
    std::string path = "prices[" + std::to_string(i) + "]";
    if (!p.is_object() || !p.contains("key") || !p["key"].is_string() || !valid_key(p["key"].get<std::string>())) {
      return Error::invalid(path + ".key: is required (letters, digits, - or _)");
    }
    if (!keys.insert(p["key"].get<std::string>()).second) return Error::invalid(path + ".key: is used twice");
    if (!kinds.count(p.value("kind", ""))) return Error::invalid(path + ".kind: must be oneTime, recurring or usage");
    if (!categories.count(p.value("category", ""))) return Error::invalid(path + ".category: must be fee, commission, interest or margin");
    int sources = p.contains("value") + p.contains("table") + p.contains("expression");
    if (sources != 1) return Error::invalid(path + ": needs exactly one of value, table or expression");
    if (p.contains("value") && !p["value"].is_number()) return Error::invalid(path + ".value: must be a number");
    if (p.contains("expression")) {
      if (!p["expression"].is_string()) return Error::invalid(path + ".expression: must be a FEEL expression");
      auto st = check_feel(p["expression"].get<std::string>(), path + ".expression");
      if (!st) return st;
    }
    if (p.contains("table")) {
      if (!p["table"].is_array() || p["table"].empty()) return Error::invalid(path + ".table: must be a list of rows");
      for (size_t r = 0; r < p["table"].size(); ++r) {
        const Json& row = p["table"][r];
        std::string rp = path + ".table[" + std::to_string(r) + "]";
        if (!row.is_object() || !row.contains("value") || !row["value"].is_number()) return Error::invalid(rp + ".value: must be a number");
        Json when = row.value("when", Json::object());
        if (!when.is_object()) return Error::invalid(rp + ".when: must be an object");
        for (const auto& [k, v] : when.items()) {
          if (k == "segment" || k == "channel") {
            if (!v.is_string()) return Error::invalid(rp + ".when." + k + ": must be a text");
          } else if (k == "amount" || k == "term") {
            if (!v.is_array() || v.size() != 2 || !(v[0].is_number() || v[0].is_null()) || !(v[1].is_number() || v[1].is_null())) {
              return Error::invalid(rp + ".when." + k + ": must be [min, max]");
            }
          } else {
            return Error::invalid(rp + ".when." + k + ": must be segment, channel, amount or term");
          }
        }
      }
    }
    if (p.contains("name")) {
      auto st = check_labels(p, "name", false);
      if (!st) return Error::invalid(path + "." + st.error().message);
    }
  }
  return {};
}

Status check_rules(const Json& body, const DecisionResolver& decisions) {
  if (!body.contains("eligibility")) return {};
  if (!body["eligibility"].is_array()) return Error::invalid("eligibility: must be a list of rules");
  for (size_t i = 0; i < body["eligibility"].size(); ++i) {
    const Json& r = body["eligibility"][i];
    std::string p = "eligibility[" + std::to_string(i) + "]";
    if (r.is_object() && r.contains("decision")) {
      if (r.contains("condition")) return Error::invalid(p + ": needs a condition (FEEL) or a decision (DMN), not both");
      if (!r["decision"].is_string() || r["decision"].get<std::string>().empty()) {
        return Error::invalid(p + ".decision: must be the key of a DMN decision deployed in dpc");
      }
      if (!decisions) return Error::invalid(p + ".decision: DMN decisions are not available here");
      auto bound = decisions(r["decision"].get<std::string>());
      if (!bound) return Error::invalid(p + ".decision: " + bound.error().message);
    } else {
      if (!r.is_object() || !r.contains("condition") || !r["condition"].is_string()) {
        return Error::invalid(p + ".condition: is required (FEEL), or name a DMN decision in decision");
      }
      auto st = check_feel(r["condition"].get<std::string>(), p + ".condition");
      if (!st) return st;
    }
    if (r.contains("reason")) {
      auto rs = check_labels(r, "reason", false);
      if (!rs) return Error::invalid(p + "." + rs.error().message);
    }
  }
  return {};
}

Status clean_content(Json& body) {
  if (!body.contains("content")) return {};
  Json& c = body["content"];
  if (!c.is_object()) return Error::invalid("content: must be {language: {channel or default: {title, summary, html}}}");
  for (auto& [lang, per_channel] : c.items()) {
    if (!per_channel.is_object()) return Error::invalid("content." + lang + ": must be {channel or default: {...}}");
    for (auto& [channel, entry] : per_channel.items()) {
      std::string p = "content." + lang + "." + channel;
      if (!entry.is_object()) return Error::invalid(p + ": must be {title, summary, html}");
      for (auto& [field, v] : entry.items()) {
        if (field != "title" && field != "summary" && field != "html" && field != "image") {
          return Error::invalid(p + "." + field + ": must be title, summary, html or image");
        }
        if (!v.is_string()) return Error::invalid(p + "." + field + ": must be a text");
      }
      if (entry.contains("html")) entry["html"] = sanitize_html(entry["html"].get<std::string>());
    }
  }
  return {};
}

Status read_valid_for(const Json& body, Item& item) {
  if (!body.contains("validFor")) return {};
  const Json& v = body["validFor"];
  if (!v.is_object()) return Error::invalid("validFor: must be {\"startDateTime\", \"endDateTime\"}");
  for (const char* f : {"startDateTime", "endDateTime"}) {
    if (!v.contains(f) || v[f].is_null()) continue;
    if (!v[f].is_string() || !valid_when(v[f].get<std::string>())) return Error::invalid(std::string("validFor.") + f + ": must be a date or date-time");
  }
  item.valid_from = v.contains("startDateTime") && v["startDateTime"].is_string() ? std::optional(v["startDateTime"].get<std::string>()) : std::nullopt;
  item.valid_to = v.contains("endDateTime") && v["endDateTime"].is_string() ? std::optional(v["endDateTime"].get<std::string>()) : std::nullopt;
  if (item.valid_from && item.valid_to && item.valid_to->substr(0, 10) <= item.valid_from->substr(0, 10)) {
    return Error::invalid("validFor.endDateTime: must be after startDateTime");
  }
  return {};
}

const char* action_name(Action a) {
  switch (a) {
    case Action::kSubmit: return "submit";
    case Action::kReject: return "reject";
    case Action::kPublish: return "publish";
    case Action::kRetire: return "retire";
  }
  return "";
}

}  // namespace

std::string now_iso() { return format_date_time(now_millis()); }
std::string today() { return now_iso().substr(0, 10); }

Result<Action> action_from_name(const std::string& name) {
  if (name == "submit") return Action::kSubmit;
  if (name == "reject") return Action::kReject;
  if (name == "publish") return Action::kPublish;
  if (name == "retire") return Action::kRetire;
  return Error::not_found("no lifecycle action " + name + " (submit, reject, publish, retire)");
}

CatalogueService::CatalogueService(CatalogueStore& store) : store_(store) {}

Status CatalogueService::check_body_keys(const std::string& kind, const Json& body) {
  if (!body.is_object()) return Error::invalid("the body must be a JSON object");
  const auto& allowed = kBodyKeys.at(kind);
  for (const auto& [k, _] : body.items()) {
    if (!allowed.count(k) && !kMetaKeys.count(k)) return Error::invalid(k + ": is not a field of a " + kind);
  }
  return {};
}

AuditEntry CatalogueService::audit(const std::string& user, const Item& item, const std::string& action, Json detail) {
  AuditEntry a;
  a.at = now_iso();
  a.user_id = user;
  a.kind = item.kind;
  a.key = item.key;
  a.version = item.version;
  a.action = action;
  a.detail = std::move(detail);
  return a;
}

Status CatalogueService::apply(const std::vector<Change>& changes, const std::vector<AuditEntry>& audit) {
  auto st = store_.apply(changes, audit);
  if (!st) return st;
  // This node's changes to what is Active show at once: offers and processes read the new
  // copy from the next call on.
  bool active = false;
  for (const auto& c : changes) {
    active = active || (c.item.kind != kProductType && c.item.kind != kDictionary &&
                        (c.item.lifecycle_status == kActive || c.item.lifecycle_status == kRetired));
  }
  if (active && !load_active()) {
    std::lock_guard lock(mu_);
    cached_.reset();  // the next offers call loads it again
  }
  return st;
}

Status CatalogueService::check_item(Item& item) {
  Json& b = item.body;
  auto dictionaries = [this](const std::string& code) -> std::optional<std::set<std::string>> {
    auto d = store_.get(kDictionary, code, std::nullopt);
    if (!d || !d->has_value()) return std::nullopt;
    std::set<std::string> codes;
    for (const auto& e : (*d)->body.value("entries", Json::array())) codes.insert(e.value("code", ""));
    return codes;
  };
  if (item.kind == kProductType) {
    auto st = check_labels(b, "name", true);
    if (!st) return st;
    if (!b.contains("schema")) return Error::invalid("schema: is required (groups and features)");
    return check_schema(b["schema"], dictionaries);
  }
  if (item.kind == kDictionary) {
    auto st = check_labels(b, "name", true);
    if (!st) return st;
    if (!b.contains("entries") || !b["entries"].is_array()) return Error::invalid("entries: is required (a list of {code, labels})");
    std::set<std::string> codes;
    for (size_t i = 0; i < b["entries"].size(); ++i) {
      const Json& e = b["entries"][i];
      std::string p = "entries[" + std::to_string(i) + "]";
      if (!e.is_object() || !e.contains("code") || !e["code"].is_string() || e["code"].get<std::string>().empty()) {
        return Error::invalid(p + ".code: is required");
      }
      if (!codes.insert(e["code"].get<std::string>()).second) return Error::invalid(p + ".code: '" + e["code"].get<std::string>() + "' is used twice");
      auto ls = check_labels(e, "labels", false);
      if (!ls) return Error::invalid(p + "." + ls.error().message);
    }
    return {};
  }
  auto st = check_labels(b, "name", true);
  if (!st) return st;
  if (b.contains("description")) {
    st = check_labels(b, "description", false);
    if (!st) return st;
  }
  if (item.kind == kTemplate) {
    st = check_template(b);
    if (!st) return st;
    if (b.contains("product")) {
      auto found = store_.get(kProduct, b["product"].get<std::string>(), std::nullopt);
      if (!found) return found.error();
      if (!found->has_value()) return Error::invalid("product: product " + b["product"].get<std::string>() + " does not exist");
    }
    return {};
  }
  if (item.kind == kPromotion) {
    for (const char* f : {"segments", "products"}) {
      st = check_string_list(b, f);
      if (!st) return st;
    }
    if (b.contains("channels")) {
      st = check_string_list(b, "channels");
      if (!st) return st;
    }
    if (b.contains("condition")) {
      if (!b["condition"].is_string()) return Error::invalid("condition: must be a FEEL expression");
      if (!b["condition"].get<std::string>().empty()) {
        st = check_feel(b["condition"].get<std::string>(), "condition");
        if (!st) return st;
      }
    }
    if (b.contains("priority") && !b["priority"].is_number_integer()) return Error::invalid("priority: must be an integer");
    if (b.contains("stackable") && !b["stackable"].is_boolean()) return Error::invalid("stackable: must be true or false");
    if (!b.contains("adjustments") || !b["adjustments"].is_array()) return Error::invalid("adjustments: is required (a list of price changes)");
    for (size_t i = 0; i < b["adjustments"].size(); ++i) {
      const Json& a = b["adjustments"][i];
      std::string p = "adjustments[" + std::to_string(i) + "]";
      if (!a.is_object() || !a.contains("price") || !a["price"].is_string()) return Error::invalid(p + ".price: is required (the key of a price)");
      int n = 0;
      for (const char* f : {"percentOff", "amountOff", "delta", "set"}) {
        if (!a.contains(f)) continue;
        ++n;
        if (!a[f].is_number()) return Error::invalid(p + "." + f + ": must be a number");
      }
      if (n != 1) return Error::invalid(p + ": needs exactly one of percentOff, amountOff, delta or set");
      if (a.contains("percentOff") && (a["percentOff"].get<double>() < 0 || a["percentOff"].get<double>() > 100)) {
        return Error::invalid(p + ".percentOff: must be between 0 and 100");
      }
    }
    return {};
  }
  // A product: its channels, and its features against its type's schema.
  st = check_channels(b);
  if (!st) return st;
  auto type = store_.get(kProductType, item.type_key, std::nullopt);
  if (!type) return type.error();
  if (!type->has_value()) return Error::invalid("type: product type " + item.type_key + " does not exist");
  auto assets = [this](const std::string& sha) {
    auto a = store_.get_asset(sha, false);
    return a && a->has_value();
  };
  auto features = check_features((*type)->body.value("schema", Json::object()), b.value("features", Json::object()),
                                 dictionaries, assets);
  if (!features) return features.error();
  b["features"] = *features;
  st = check_prices(b);
  if (!st) return st;
  st = check_rules(b, decisions_);
  if (!st) return st;
  st = clean_content(b);
  if (!st) return st;
  // The public application form customers apply with (the Market's "Apply" link).
  if (b.contains("applicationForm") && (!b["applicationForm"].is_string() || !valid_key(b["applicationForm"].get<std::string>()))) {
    return Error::invalid("applicationForm: must be the key of a public application form");
  }
  if (b.contains("package")) {
    const Json& pk = b["package"];
    if (!pk.is_object() || !pk.contains("parts") || !pk["parts"].is_array()) return Error::invalid("package.parts: is required (a list of {product, optional})");
    for (size_t i = 0; i < pk["parts"].size(); ++i) {
      const Json& part = pk["parts"][i];
      std::string p = "package.parts[" + std::to_string(i) + "]";
      if (!part.is_object() || !part.contains("product") || !part["product"].is_string()) return Error::invalid(p + ".product: is required");
      auto found = store_.get(kProduct, part["product"].get<std::string>(), std::nullopt);
      if (!found) return found.error();
      if (!found->has_value()) return Error::invalid(p + ".product: product " + part["product"].get<std::string>() + " does not exist");
      if (part.contains("optional") && !part["optional"].is_boolean()) return Error::invalid(p + ".optional: must be true or false");
    }
  }
  return {};
}

Result<Item> CatalogueService::put_simple(const std::string& user, const std::string& kind, const std::string& key,
                                          const Json& body) {
  auto st = check_body_keys(kind, body);
  if (!st) return st.error();
  if (!valid_key(key)) return Error::invalid("key: must be letters, digits, '.', '-' or '_' (at most 64)");
  auto latest = store_.get(kind, key, std::nullopt);
  if (!latest) return latest.error();
  Item item;
  item.kind = kind;
  item.key = key;
  item.version = latest->has_value() ? (*latest)->version + 1 : 1;
  item.lifecycle_status = kActive;
  for (const auto& [k, v] : body.items()) {
    if (!kMetaKeys.count(k)) item.body[k] = v;
  }
  st = check_item(item);
  if (!st) return st.error();
  item.created_by = item.updated_by = item.published_by.emplace(user);
  item.created_at = item.updated_at = item.published_at.emplace(now_iso());
  Json detail = Json::object();
  if (latest->has_value()) detail["changes"] = catalogue::compare((*latest)->body, item.body);
  st = apply({{item, true, std::nullopt}}, {audit(user, item, item.version == 1 ? "create" : "update", detail)});
  if (!st) return st.error();
  return item;
}

Result<Item> CatalogueService::put_type(const std::string& user, const std::string& key, const Json& body) {
  return put_simple(user, kProductType, key, body);
}

Result<Item> CatalogueService::put_dictionary(const std::string& user, const std::string& key, const Json& body) {
  return put_simple(user, kDictionary, key, body);
}

Result<Item> CatalogueService::create(const std::string& user, const std::string& kind, const Json& body) {
  auto st = check_body_keys(kind, body);
  if (!st) return st.error();
  if (!body.contains("key") || !body["key"].is_string() || !valid_key(body["key"].get<std::string>())) {
    return Error::invalid("key: is required (letters, digits, '.', '-' or '_', at most 64)");
  }
  Item item;
  item.kind = kind;
  item.key = body["key"].get<std::string>();
  auto existing = store_.get(kind, item.key, std::nullopt);
  if (!existing) return existing.error();
  if (existing->has_value()) return Error::conflict("a " + kind + " with key " + item.key + " exists; add a version to it instead");
  if (kind == kProduct) {
    if (!body.contains("type") || !body["type"].is_string()) return Error::invalid("type: is required (a product type key)");
    item.type_key = body["type"].get<std::string>();
  }
  if (kind == kTemplate && body.contains("channel") && body["channel"].is_string()) {
    item.type_key = body["channel"].get<std::string>();
  }
  st = read_valid_for(body, item);
  if (!st) return st.error();
  for (const auto& [k, v] : body.items()) {
    if (!kMetaKeys.count(k) && k != "type" && k != "validFor") item.body[k] = v;
  }
  st = check_item(item);
  if (!st) return st.error();
  item.created_by = item.updated_by = user;
  item.created_at = item.updated_at = now_iso();
  st = apply({{item, true, std::nullopt}}, {audit(user, item, "create")});
  if (!st) return st.error();
  return item;
}

Result<Item> CatalogueService::new_version(const std::string& user, const std::string& kind, const std::string& key,
                                           const Json& body) {
  auto all = store_.versions(kind, key);
  if (!all) return all.error();
  if (all->empty()) return Error::not_found("no " + kind + " with key " + key);
  for (const auto& v : *all) {
    if (v.lifecycle_status == kInDesign || v.lifecycle_status == kInTest) {
      return Error::conflict("version " + std::to_string(v.version) + " of " + key + " is " + v.lifecycle_status +
                             "; finish or change it instead of starting another");
    }
  }
  const Item& latest = all->back();
  Item item;
  item.kind = kind;
  item.key = key;
  item.type_key = latest.type_key;
  item.version = latest.version + 1;
  item.valid_from = latest.valid_from;
  item.valid_to = latest.valid_to;
  item.body = latest.body;
  if (body.is_object() && !body.empty()) {
    auto st = check_body_keys(kind, body);
    if (!st) return st.error();
    if (body.contains("type") && body["type"] != latest.type_key) return Error::invalid("type: a new version keeps the product type " + latest.type_key);
    if (kind == kTemplate && body.contains("channel") && body["channel"] != latest.type_key) {
      return Error::invalid("channel: a new version keeps the channel " + latest.type_key);
    }
    st = read_valid_for(body, item);
    if (!st) return st.error();
    for (const auto& [k, v] : body.items()) {
      if (!kMetaKeys.count(k) && k != "type" && k != "validFor") item.body[k] = v;
    }
  }
  auto st = check_item(item);
  if (!st) return st.error();
  item.created_by = item.updated_by = user;
  item.created_at = item.updated_at = now_iso();
  st = apply({{item, true, std::nullopt}}, {audit(user, item, "create", {{"from", latest.version}})});
  if (!st) return st.error();
  return item;
}

Result<Item> CatalogueService::update(const std::string& user, const std::string& kind, const std::string& key,
                                      int version, const Json& body) {
  auto st = check_body_keys(kind, body);
  if (!st) return st.error();
  auto found = store_.get(kind, key, version);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no version " + std::to_string(version) + " of " + kind + " " + key);
  Item item = **found;
  if (item.lifecycle_status != kInDesign) {
    return Error::conflict("version " + std::to_string(version) + " of " + key + " is " + item.lifecycle_status +
                           " and cannot change; create a new version (POST .../versions)");
  }
  if (body.contains("type") && body["type"] != item.type_key) return Error::invalid("type: cannot change (" + item.type_key + ")");
  if (kind == kTemplate && body.contains("channel") && body["channel"] != item.type_key) {
    return Error::invalid("channel: cannot change (" + item.type_key + ")");
  }
  Item next = item;
  next.body = Json::object();
  next.valid_from.reset();
  next.valid_to.reset();
  st = read_valid_for(body, next);
  if (!st) return st.error();
  for (const auto& [k, v] : body.items()) {
    if (!kMetaKeys.count(k) && k != "type" && k != "validFor") next.body[k] = v;
  }
  if (kind == kTemplate && !next.body.contains("channel")) next.body["channel"] = item.type_key;
  st = check_item(next);
  if (!st) return st.error();
  next.updated_by = user;
  next.updated_at = now_iso();
  Json changes = catalogue::compare(item.body, next.body);
  st = apply({{next, false, kInDesign}}, {audit(user, next, "update", {{"changes", changes}})});
  if (!st) return st.error();
  return next;
}

Result<Item> CatalogueService::transition(const std::string& user, const std::string& kind, const std::string& key,
                                          int version, Action action, const std::string& comment) {
  auto found = store_.get(kind, key, version);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no version " + std::to_string(version) + " of " + kind + " " + key);
  Item item = **found;
  const std::string from = item.lifecycle_status;
  auto wrong = [&](const std::string& needed) {
    return Error::conflict("cannot " + std::string(action_name(action)) + " version " + std::to_string(version) + " of " +
                           key + ": it is " + from + " (must be " + needed + ")");
  };
  std::vector<Change> changes;
  std::vector<AuditEntry> entries;
  const std::string now = now_iso();
  switch (action) {
    case Action::kSubmit:
      if (from != kInDesign) return wrong(kInDesign);
      item.lifecycle_status = kInTest;
      item.submitted_by = user;
      item.submitted_at = now;
      break;
    case Action::kReject:
      if (from != kInTest) return wrong(kInTest);
      item.lifecycle_status = kInDesign;
      item.submitted_by.reset();
      item.submitted_at.reset();
      break;
    case Action::kPublish: {
      if (from != kInTest) return wrong(kInTest);
      if (item.submitted_by && *item.submitted_by == user) {
        return Error::forbidden("maker-checker: " + user + " submitted version " + std::to_string(version) + " of " + key +
                                " for review and cannot also publish it; another catalogue editor must publish it");
      }
      // The check repeats what `check_item` checked at save time: a dictionary or type may
      // have changed since (a code removed), and an Active version must be valid.
      Item check = item;
      auto st = check_item(check);
      if (!st) return Error::invalid("version " + std::to_string(version) + " is no longer valid: " + st.error().message);
      item.lifecycle_status = kActive;
      item.published_by = user;
      item.published_at = now;
      auto all = store_.versions(kind, key);
      if (!all) return all.error();
      for (const auto& v : *all) {
        if (v.version == version || v.lifecycle_status != kActive) continue;
        Item old = v;
        old.lifecycle_status = kRetired;
        old.updated_by = user;
        old.updated_at = now;
        changes.push_back({old, false, kActive});
        entries.push_back(audit(user, old, "retire", {{"replacedBy", version}}));
      }
      break;
    }
    case Action::kRetire:
      if (from != kActive) return wrong(kActive);
      item.lifecycle_status = kRetired;
      break;
  }
  item.updated_by = user;
  item.updated_at = now;
  changes.insert(changes.begin(), Change{item, false, from});
  Json detail = {{"from", from}, {"to", item.lifecycle_status}};
  if (!comment.empty()) detail["comment"] = comment;
  entries.insert(entries.begin(), audit(user, item, action_name(action), detail));
  auto st = apply(changes, entries);
  if (!st) return st.error();
  return item;
}

Result<Json> CatalogueService::compare(const std::string& kind, const std::string& key, int from, int to) {
  auto a = store_.get(kind, key, from);
  if (!a) return a.error();
  auto b = store_.get(kind, key, to);
  if (!b) return b.error();
  if (!a->has_value()) return Error::not_found("no version " + std::to_string(from) + " of " + kind + " " + key);
  if (!b->has_value()) return Error::not_found("no version " + std::to_string(to) + " of " + kind + " " + key);
  auto whole = [](const Item& i) {
    Json j = i.body;
    j["validFor"] = {{"startDateTime", i.valid_from ? Json(*i.valid_from) : Json()},
                     {"endDateTime", i.valid_to ? Json(*i.valid_to) : Json()}};
    j["lifecycleStatus"] = i.lifecycle_status;
    return j;
  };
  return Json{{"key", key}, {"from", from}, {"to", to}, {"differences", catalogue::compare(whole(**a), whole(**b))}};
}

Result<Asset> CatalogueService::upload(const std::string& user, std::string bytes, const std::string& file_name) {
  if (bytes.empty()) return Error::invalid("the body is empty: send the file's bytes");
  Asset a;
  a.sha256 = sha256_hex(bytes);
  a.content_type = sniff_content_type(bytes);
  a.size = static_cast<long long>(bytes.size());
  a.file_name = file_name;
  a.created_by = user;
  a.created_at = now_iso();
  a.data = std::move(bytes);
  AuditEntry e;
  e.at = a.created_at;
  e.user_id = user;
  e.kind = "asset";
  e.key = a.sha256;
  e.action = "upload";
  e.detail = {{"fileName", file_name}, {"contentType", a.content_type}, {"size", a.size}};
  auto created = store_.put_asset(a, e);
  if (!created) return created.error();
  a.data.clear();
  return a;
}

CatalogueService::~CatalogueService() {
  std::lock_guard lock(loader_mu_);
  stopping_ = true;
  if (loader_.joinable()) loader_.join();
}

Result<std::shared_ptr<const ActiveCatalogue>> CatalogueService::load_active() {
  ItemQuery q;
  q.lifecycle_status = kActive;
  q.latest_only = false;
  q.kind = kProduct;
  auto products = store_.find(q);
  if (!products) return products.error();
  q.kind = kPromotion;
  auto promotions = store_.find(q);
  if (!promotions) return promotions.error();
  q.kind = kTemplate;
  auto templates = store_.find(q);
  if (!templates) return templates.error();
  std::shared_ptr<const ActiveCatalogue> previous;
  {
    std::lock_guard lock(mu_);
    previous = cached_;
  }
  auto built = OfferCatalogue::build(*products, *promotions, previous ? previous->offers.get() : nullptr, &decisions_);
  if (!built) return built.error();
  auto active = std::make_shared<ActiveCatalogue>();
  active->offers = *built;
  for (auto& p : *products) active->products[p.key] = std::move(p);
  for (auto& t : *templates) active->templates[t.key] = std::move(t);
  active->loaded_at = std::chrono::steady_clock::now();
  std::shared_ptr<const ActiveCatalogue> out = active;
  std::lock_guard lock(mu_);
  if (!cached_ || cached_->loaded_at <= out->loaded_at) cached_ = out;
  return out;
}

Result<std::shared_ptr<const ActiveCatalogue>> CatalogueService::fresh_active() {
  {
    std::lock_guard lock(mu_);
    // Other nodes' changes show within this time.
    if (cached_ && std::chrono::steady_clock::now() - cached_->loaded_at < std::chrono::seconds(5)) return cached_;
  }
  return load_active();
}

std::shared_ptr<const ActiveCatalogue> CatalogueService::active_at_hand() {
  std::shared_ptr<const ActiveCatalogue> at_hand;
  {
    std::lock_guard lock(mu_);
    at_hand = cached_;
  }
  if (!at_hand || std::chrono::steady_clock::now() - at_hand->loaded_at >= std::chrono::seconds(5)) load_in_background();
  return at_hand;
}

void CatalogueService::load_in_background() {
  std::lock_guard lock(loader_mu_);
  if (stopping_ || loading_) return;
  if (loader_.joinable()) loader_.join();  // the last load, finished
  loading_ = true;
  loader_ = std::thread([this] {
    (void)load_active();  // on an error the old copy stays; the next call tries again
    loading_ = false;
  });
}

Result<Json> CatalogueService::offers(const OfferRequest& request) {
  auto active = fresh_active();
  if (!active) return active.error();
  return (*active)->offers->evaluate(request);
}

Result<RenderRequest> read_render_request(const Json& body, bool preview) {
  if (!body.is_object()) return Error::invalid("the body must be a JSON object");
  static const std::set<std::string> kRender = {"language", "data", "version", "product"};
  static const std::set<std::string> kPreview = {"language", "data", "product", "channel", "content"};
  for (const auto& [k, _] : body.items()) {
    if (!(preview ? kPreview : kRender).count(k)) {
      return Error::invalid(k + ": is not a field of a " + (preview ? "preview (language, data, product, channel, content)"
                                                                   : "render request (language, data, version, product)"));
    }
  }
  RenderRequest r;
  if (!body.contains("language") || !body["language"].is_string() || body["language"].get<std::string>().empty()) {
    return Error::invalid("language: is required (a language of the template's content, e.g. pl or en)");
  }
  r.language = body["language"].get<std::string>();
  if (body.contains("data") && !body["data"].is_null()) {
    if (!body["data"].is_object()) return Error::invalid("data: must be an object (the template's variables)");
    r.data = body["data"];
  }
  if (body.contains("version") && !body["version"].is_null()) {
    if (!body["version"].is_number_integer() || body["version"].get<long long>() < 1) {
      return Error::invalid("version: must be a positive integer");
    }
    r.version = body["version"].get<int>();
  }
  if (body.contains("product") && !body["product"].is_null()) {
    if (!body["product"].is_string()) return Error::invalid("product: must be a product key");
    r.product = body["product"].get<std::string>();
  }
  return r;
}

namespace {

// The product a render names: the request's, else data.productId, else the template's.
std::optional<std::string> product_named(const Json& body, const RenderRequest& r, const Json& data) {
  if (r.product) return r.product;
  if (data.contains("productId") && data["productId"].is_string()) return data["productId"].get<std::string>();
  if (body.contains("product") && body["product"].is_string()) return body["product"].get<std::string>();
  return std::nullopt;
}

bool uses_product(const Json& content) {
  for (const auto& v : template_variables(content)) {
    if (v == "product" || v.rfind("product.", 0) == 0) return true;
  }
  return false;
}

}  // namespace

Result<std::optional<Item>> CatalogueService::template_product(const Json& body, const RenderRequest& r,
                                                                const Json& data) {
  if (!uses_product(body.value("content", Json::object()))) return std::optional<Item>();
  auto named = product_named(body, r, data);
  if (!named) return Error::invalid("product: the template uses product variables; name a product (product or data.productId)");
  auto versions = store_.versions(kProduct, *named);
  if (!versions) return versions.error();
  std::optional<Item> product;
  for (const auto& v : *versions) {
    if (v.lifecycle_status == kActive) product = v;
  }
  if (!product) return Error::invalid("product: product " + *named + " has no Active version");
  return product;
}

Result<Json> render_version(const Item& item, const std::string& language, Json data, const Item* product) {
  const Json& b = item.body;
  const std::string channel = b.value("channel", item.type_key);
  if (product) data["product"] = product_variables(*product, language);
  auto out = render_template(channel, b.value("content", Json::object()), language, data);
  if (!out) return out.error();
  Json answer = {{"channel", channel}, {"language", language}};
  if (!item.key.empty()) {
    answer["key"] = item.key;
    answer["version"] = item.version;
  }
  for (auto& [k, v] : out->items()) answer[k] = v;
  return answer;
}

Result<Json> CatalogueService::render(const std::string& key, const RenderRequest& r) {
  std::optional<Item> item;
  if (r.version) {
    auto found = store_.get(kTemplate, key, *r.version);
    if (!found) return found.error();
    if (!found->has_value()) return Error::not_found("no version " + std::to_string(*r.version) + " of template " + key);
    item = **found;
  } else {
    auto all = store_.versions(kTemplate, key);
    if (!all) return all.error();
    if (all->empty()) return Error::not_found("no template " + key);
    for (const auto& v : *all) {
      if (v.lifecycle_status == kActive) item = v;
    }
    if (!item) return Error::not_found("template " + key + " has no Active version; name a version to preview a draft");
  }
  Json data = r.data ? *r.data : item->body.value("sampleData", Json::object());
  auto product = template_product(item->body, r, data);
  if (!product) return product.error();
  return render_version(*item, r.language, std::move(data), *product ? &**product : nullptr);
}

Result<Json> CatalogueService::preview(const Json& body, const RenderRequest& r) {
  Item item;
  item.kind = kTemplate;
  item.body = {{"channel", body.value("channel", Json())}, {"content", body.value("content", Json())}};
  if (body.contains("product")) item.body["product"] = body["product"];
  auto st = check_template(item.body);
  if (!st) return st.error();
  const Json data = r.data.value_or(Json::object());
  auto product = template_product(item.body, r, data);
  if (!product) return product.error();
  auto out = render_version(item, r.language, data, *product ? &**product : nullptr);
  if (!out) return out.error();
  (*out)["variables"] = template_variables(item.body["content"]);
  return out;
}

}  // namespace dpc::catalogue
