// TMF620 Product Catalog Management v4, read only, over the same data as /api/catalogue:
//   productOffering       one per product: its latest version (lifecycleStatus, validFor,
//                         isBundle for packages, channel, prices and specification by reference)
//   productSpecification  one per product: its features as productSpecCharacteristic
//   productOfferingPrice  one per price component ("<product>.<price>")
//   category              one per product type; catalog: the one catalogue "dpc"
// Lists take fields= (attribute selection; id, href and @type always), offset/limit (with
// X-Total-Count and X-Result-Count) and attribute filters (?lifecycleStatus=Active, any
// top-level text attribute). Names in the language of ?language= or Accept-Language (pl
// default). Errors in TMF's shape {code, reason, message, status}. Lists are built in memory
// from the catalogue's items (a catalogue holds hundreds of products, not millions).
#include <nlohmann/json.hpp>

#include "catalogue_dto.h"
#include "catalogue_parts.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"

namespace dpc::http {

using nlohmann::json;
namespace cat = dpc::catalogue;

namespace {

const std::string kBase = "/tmf-api/productCatalogManagement/v4";

Response tmf_error(const Error& e) {
  int status = status_for(e.kind);
  return json_ok({{"code", std::to_string(status)}, {"reason", e.type.empty() ? "Error" : e.type},
                  {"message", e.message}, {"status", std::to_string(status)}},
                 status);
}

std::string lang_of(const Request& r) {
  if (const std::string* l = r.query_param("language"); l && !l->empty()) return *l;
  std::string_view a = r.header("accept-language");
  if (a.size() >= 2) return std::string(a.substr(0, 2));
  return "pl";
}

std::string text_in(const json& labels, const std::string& lang) {
  if (labels.is_string()) return labels.get<std::string>();
  if (!labels.is_object()) return "";
  if (labels.contains(lang) && labels[lang].is_string()) return labels[lang].get<std::string>();
  for (const auto& [_, v] : labels.items()) {
    if (v.is_string()) return v.get<std::string>();
  }
  return "";
}

// An item's date or date-time as TMF's RFC 3339 date-time: a date is its midnight UTC; a
// time without seconds or zone gets ":00" and "Z" (the catalogue's times are UTC).
std::string date_time(std::string t) {
  if (t.size() == 10) return t + "T00:00:00Z";
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  size_t zone = t.find_first_of("Z+-", 11);
  std::string time = t.substr(0, zone), tz = zone == std::string::npos ? "Z" : t.substr(zone);
  if (time.size() == 16) time += ":00";
  if (tz.size() == 5) tz = tz.substr(0, 3) + ":" + tz.substr(3);  // +0100 → +01:00
  return time + tz;
}

json valid_for(const cat::Item& i) {
  json v = json::object();
  if (i.valid_from) v["startDateTime"] = date_time(*i.valid_from);
  if (i.valid_to) v["endDateTime"] = date_time(*i.valid_to);
  return v;
}

json ref(const std::string& type, const std::string& path, const std::string& id, const std::string& name) {
  return {{"id", id}, {"href", kBase + "/" + path + "/" + id}, {"name", name}, {"@referredType", type}};
}

void characteristics(const json& features, const std::string& prefix, json& out) {
  for (const auto& [k, v] : features.items()) {
    std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object() && !v.contains("amount") && !v.contains("min")) {
      characteristics(v, name, out);
      continue;
    }
    std::string type = v.is_number() ? "number" : v.is_boolean() ? "boolean" : v.is_string() ? "string" : "object";
    out.push_back({{"name", name}, {"valueType", type}, {"configurable", false},
                   {"productSpecCharacteristicValue", json::array({{{"isDefault", true}, {"value", v}}})},
                   {"@type", "ProductSpecificationCharacteristic"}});
  }
}

json price_dto(const cat::Item& p, const json& price, const std::string& lang) {
  std::string id = p.key + "." + price.value("key", "");
  json out = {{"id", id}, {"href", kBase + "/productOfferingPrice/" + id},
              {"name", text_in(price.value("name", json::object()), lang)}, {"version", std::to_string(p.version)},
              {"lifecycleStatus", p.lifecycle_status}, {"priceType", price.value("kind", "oneTime")},
              {"isBundle", false}, {"lastUpdate", date_time(p.updated_at)}, {"validFor", valid_for(p)},
              {"@type", "ProductOfferingPrice"}};
  std::string unit = price.value("unit", "PLN");
  if (price.contains("period")) {
    out["recurringChargePeriodType"] = price["period"];
    out["recurringChargePeriodLength"] = 1;
  }
  if (price.contains("value")) {
    if (unit == "percent") out["percentage"] = price["value"];
    else out["price"] = {{"unit", unit}, {"value", price["value"]}};
  } else {
    out["pricingLogicAlgorithm"] = json::array(
        {{{"name", price.contains("table") ? "table" : "FEEL"},
          {"description", price.contains("table") ? price["table"].dump() : price.value("expression", "")},
          {"@type", "PricingLogicAlgorithm"}}});
  }
  return out;
}

json offering(const cat::Item& p, const std::string& lang) {
  const json& b = p.body;
  std::string name = text_in(b.value("name", json::object()), lang);
  json prices = json::array();
  for (const auto& pr : b.value("prices", json::array())) {
    std::string id = p.key + "." + pr.value("key", "");
    prices.push_back(ref("ProductOfferingPrice", "productOfferingPrice", id, text_in(pr.value("name", json::object()), lang)));
  }
  json channels = json::array();
  for (const auto& c : b.value("channels", json::array())) channels.push_back({{"id", c.value("channel", "")}, {"name", c.value("channel", "")}});
  json bundled = json::array();
  if (b.contains("package")) {
    for (const auto& part : b["package"].value("parts", json::array())) {
      std::string id = part.value("product", "");
      bundled.push_back({{"id", id}, {"href", kBase + "/productOffering/" + id},
                         {"bundledProductOfferingOption", {{"numberRelOfferLowerLimit", part.value("optional", false) ? 0 : 1},
                                                           {"numberRelOfferUpperLimit", 1}}}});
    }
  }
  json out = {{"id", p.key}, {"href", kBase + "/productOffering/" + p.key}, {"name", name},
              {"description", text_in(b.value("description", json::object()), lang)},
              {"version", std::to_string(p.version)}, {"lifecycleStatus", p.lifecycle_status},
              {"lastUpdate", date_time(p.updated_at)}, {"validFor", valid_for(p)}, {"isBundle", b.contains("package")},
              {"isSellable", true},
              {"productSpecification", ref("ProductSpecification", "productSpecification", p.key, name)},
              {"category", json::array({ref("Category", "category", p.type_key, p.type_key)})},
              {"productOfferingPrice", prices}, {"channel", channels}, {"@type", "ProductOffering"}};
  if (!bundled.empty()) out["bundledProductOffering"] = bundled;
  return out;
}

json specification(const cat::Item& p, const std::string& lang) {
  json chars = json::array();
  characteristics(p.body.value("features", json::object()), "", chars);
  return {{"id", p.key}, {"href", kBase + "/productSpecification/" + p.key},
          {"name", text_in(p.body.value("name", json::object()), lang)}, {"version", std::to_string(p.version)},
          {"lifecycleStatus", p.lifecycle_status}, {"lastUpdate", date_time(p.updated_at)}, {"validFor", valid_for(p)},
          {"isBundle", p.body.contains("package")}, {"productNumber", p.key}, {"productSpecCharacteristic", chars},
          {"@type", "ProductSpecification"}};
}

json category(const cat::Item& t, const std::vector<cat::Item>& products, const std::string& lang) {
  json offers = json::array();
  for (const auto& p : products) {
    if (p.type_key == t.key) offers.push_back(ref("ProductOffering", "productOffering", p.key, text_in(p.body.value("name", json::object()), lang)));
  }
  return {{"id", t.key}, {"href", kBase + "/category/" + t.key}, {"name", text_in(t.body.value("name", json::object()), lang)},
          {"description", text_in(t.body.value("description", json::object()), lang)}, {"isRoot", true},
          {"version", std::to_string(t.version)}, {"lifecycleStatus", t.lifecycle_status}, {"lastUpdate", date_time(t.updated_at)},
          {"productOffering", offers}, {"@type", "Category"}};
}

Result<std::vector<cat::Item>> latest(cat::CatalogueService& s, const char* kind) {
  cat::ItemQuery q;
  q.kind = kind;
  return s.store().find(q);
}

// Every resource of one kind, built from the items.
Result<std::vector<json>> all_of(cat::CatalogueService& s, const std::string& resource, const std::string& lang) {
  auto products = latest(s, cat::kProduct);
  if (!products) return products.error();
  std::vector<json> out;
  if (resource == "productOffering") {
    for (const auto& p : *products) out.push_back(offering(p, lang));
  } else if (resource == "productSpecification") {
    for (const auto& p : *products) out.push_back(specification(p, lang));
  } else if (resource == "productOfferingPrice") {
    for (const auto& p : *products) {
      for (const auto& pr : p.body.value("prices", json::array())) out.push_back(price_dto(p, pr, lang));
    }
  } else {
    auto types = latest(s, cat::kProductType);
    if (!types) return types.error();
    if (resource == "category") {
      for (const auto& t : *types) out.push_back(category(t, *products, lang));
    } else {
      json cats = json::array();
      for (const auto& t : *types) cats.push_back(ref("Category", "category", t.key, text_in(t.body.value("name", json::object()), lang)));
      out.push_back({{"id", "dpc"}, {"href", kBase + "/catalog/dpc"}, {"name", lang == "pl" ? "Katalog produktów" : "Product catalogue"},
                     {"catalogType", "ProductCatalog"}, {"version", "1"}, {"lifecycleStatus", "Active"},
                     {"category", cats}, {"@type", "Catalog"}});
    }
  }
  return out;
}

json select_fields(const json& item, const std::string* fields) {
  if (!fields || fields->empty()) return item;
  json out = {{"id", item["id"]}, {"href", item["href"]}, {"@type", item["@type"]}};
  size_t pos = 0;
  while (pos <= fields->size()) {
    size_t comma = fields->find(',', pos);
    std::string f = fields->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (item.contains(f)) out[f] = item[f];
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

void add_resource(Router& router, cat::CatalogueService& s, const std::string& resource) {
  router.add(Method::kGet, kBase + "/" + resource, [&s, resource](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return tmf_error(st.error());
    long long offset = 0, limit = -1;
    for (const char* name : {"offset", "limit"}) {
      auto v = query_int(r, name);
      if (!v) return tmf_error(v.error());
      if (*v && **v < 0) return tmf_error(Error::invalid(std::string(name) + ": must not be negative"));
      if (*v) (std::string(name) == "offset" ? offset : limit) = **v;
    }
    auto items = all_of(s, resource, lang_of(r));
    if (!items) return tmf_error(items.error());
    std::vector<json> kept;
    for (auto& item : *items) {
      bool ok = true;
      for (const auto& [k, v] : r.query) {
        if (k == "fields" || k == "offset" || k == "limit" || k == "language") continue;
        if (!item.contains(k)) {
          ok = false;
          break;
        }
        const json& field = item[k];
        std::string text = field.is_string() ? field.get<std::string>() : field.dump();
        if (text != v) ok = false;
      }
      if (ok) kept.push_back(std::move(item));
    }
    json page = json::array();
    for (long long i = offset; i < static_cast<long long>(kept.size()) && (limit < 0 || i < offset + limit); ++i) {
      page.push_back(select_fields(kept[i], r.query_param("fields")));
    }
    Response res = json_ok(page);
    res.headers.emplace_back("X-Total-Count", std::to_string(kept.size()));
    res.headers.emplace_back("X-Result-Count", std::to_string(page.size()));
    return res;
  });
  router.add(Method::kGet, kBase + "/" + resource + "/{id}", [&s, resource](Request& r) -> Response {
    if (auto st = catalogue_dto::may_read(r); !st) return tmf_error(st.error());
    auto items = all_of(s, resource, lang_of(r));
    if (!items) return tmf_error(items.error());
    for (const auto& item : *items) {
      if (item["id"] == r.path_param("id")) return json_ok(select_fields(item, r.query_param("fields")));
    }
    return tmf_error(Error::not_found("no " + resource + " with id " + r.path_param("id")));
  });
}

}  // namespace

void add_tmf620_routes(Router& router, cat::CatalogueService& service) {
  for (const char* r : {"productOffering", "productSpecification", "productOfferingPrice", "category", "catalog"}) {
    add_resource(router, service, r);
  }
}

}  // namespace dpc::http
