// The storefront's page models (see dpc/market/storefront.h): the catalogue's Active items
// read into a snapshot every few seconds, prices through the catalogue's offer evaluation.
#include "dpc/market/storefront.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "dpc/market/messages.h"

namespace dpc::market {

namespace cat = dpc::catalogue;

struct Storefront::Snapshot {
  std::string today;
  std::map<std::string, cat::Item> types;
  std::map<std::string, cat::Item> dictionaries;
  std::vector<cat::Item> products;  // Active and valid today, oldest first

  const cat::Item* product(const std::string& key) const {
    for (const auto& p : products) {
      if (p.key == key) return &p;
    }
    return nullptr;
  }
};

namespace {

constexpr auto kSnapshotLife = std::chrono::seconds(5);  // as the catalogue's offer cache

std::string text_in(const Json& labels, const std::string& lang) {
  if (labels.is_string()) return labels.get<std::string>();
  if (!labels.is_object()) return "";
  for (const std::string& l : {lang, std::string("en"), std::string("pl")}) {
    if (labels.contains(l) && labels[l].is_string()) return labels[l].get<std::string>();
  }
  return "";
}

bool offered_in(const cat::Item& p, const std::string& channel) {
  const Json channels = p.body.value("channels", Json::array());
  if (!channels.is_array() || channels.empty()) return true;
  return std::any_of(channels.begin(), channels.end(),
                     [&](const Json& c) { return c.is_object() && c.value("channel", "") == channel; });
}

// A path into the features ("limits.amount") or null.
const Json* feature_at(const cat::Item& p, std::initializer_list<const char*> path) {
  const Json* at = p.body.contains("features") ? &p.body["features"] : nullptr;
  for (const char* part : path) {
    if (!at || !at->is_object() || !at->contains(part)) return nullptr;
    at = &(*at)[part];
  }
  return at;
}

double number_at(const cat::Item& p, std::initializer_list<const char*> path, double fallback) {
  const Json* j = feature_at(p, path);
  return j && j->is_number() ? j->get<double>() : fallback;
}

SimulatorKind simulator_of(const cat::Item& p) {
  if (p.type_key == "cash-loan") return SimulatorKind::kCashLoan;
  if (p.type_key == "deposit" && feature_at(p, {"termMonths"})) return SimulatorKind::kTermDeposit;
  return SimulatorKind::kNone;
}

struct Limits {
  double amount_min = 0, amount_max = 0;
  int months_min = 0, months_max = 0;
};

Limits limits_of(const cat::Item& p, SimulatorKind kind) {
  Limits l;
  if (kind == SimulatorKind::kCashLoan) {
    l.amount_min = number_at(p, {"limits", "amount", "min"}, 100);
    l.amount_max = number_at(p, {"limits", "amount", "max"}, kMaxLoanAmount);
    l.months_min = static_cast<int>(number_at(p, {"limits", "term", "min"}, 1));
    l.months_max = static_cast<int>(number_at(p, {"limits", "term", "max"}, kMaxLoanMonths));
  } else if (kind == SimulatorKind::kTermDeposit) {
    l.amount_min = std::max(1.0, number_at(p, {"minimumDeposit", "amount"}, 1));
    l.amount_max = 10'000'000;
    l.months_min = 1;
    l.months_max = static_cast<int>(number_at(p, {"termMonths"}, 12));
  }
  return l;
}

// The terms prices are shown for: the visitor's, else an example inside the limits.
Terms example_terms(const cat::Item& p, SimulatorKind kind, const Terms& given) {
  if (kind == SimulatorKind::kNone) return {};
  Limits l = limits_of(p, kind);
  Terms t;
  double amount = kind == SimulatorKind::kCashLoan ? 20000 : 10000;
  int months = kind == SimulatorKind::kCashLoan ? 36 : l.months_max;
  t.amount = given.amount.value_or(std::clamp(amount, l.amount_min, l.amount_max));
  t.months = given.months.value_or(std::clamp(months, l.months_min, l.months_max));
  return t;
}

Status check_terms(const cat::Item& p, SimulatorKind kind, const Terms& t, const std::string& lang) {
  if (kind == SimulatorKind::kNone) return {};
  Limits l = limits_of(p, kind);
  if (t.amount && (*t.amount < l.amount_min || *t.amount > l.amount_max || !whole_grosz(*t.amount))) {
    return Error::invalid("amount: " + std::string(message("err.amountRange", lang)) + " " +
                          format_number(l.amount_min, 0, lang) + " – " + format_number(l.amount_max, 0, lang));
  }
  if (t.months && (*t.months < l.months_min || *t.months > l.months_max)) {
    return Error::invalid("months: " + std::string(message("err.monthsRange", lang)) + " " +
                          std::to_string(l.months_min) + " – " + std::to_string(l.months_max));
  }
  return {};
}

std::string price_text(const Json& price, const std::string& lang) {
  double v = price.value("value", 0.0);
  std::string unit = price.value("unit", "PLN");
  std::string out = unit == "percent" ? format_percent(v, lang) : format_money(v, lang);
  std::string period = price.value("period", "");
  std::string kind = price.value("kind", "");
  if (kind == "recurring" && (period == "year" || period == "month")) {
    out += " ";
    out += message(period == "year" ? "price.perYear" : "price.perMonth", lang);
  } else if (kind == "oneTime") {
    out += " ";
    out += message("price.oneTime", lang);
  } else if (kind == "usage") {
    out += " ";
    out += message("price.perUse", lang);
  }
  return out;
}

// The offer's prices in the public shape.
Json public_prices(const Json& offer_prices, const std::string& lang) {
  Json out = Json::array();
  for (const auto& p : offer_prices) {
    Json row = {{"id", p.value("key", "")},     {"name", p.value("name", "")},   {"kind", p.value("kind", "")},
                {"category", p.value("category", "")}, {"unit", p.value("unit", "")}, {"value", p.value("value", 0.0)},
                {"baseValue", p.value("baseValue", 0.0)}, {"text", price_text(p, lang)}};
    if (p.contains("period")) row["period"] = p["period"];
    row["promotion"] = p.contains("promotions");
    if (row["promotion"].get<bool>()) {
      Json base = p;
      base["value"] = p.value("baseValue", 0.0);
      row["baseText"] = price_text(base, lang);
    }
    out.push_back(row);
  }
  return out;
}

struct FeatureWalk {
  const Storefront::Snapshot& snap;
  const std::string& lang;
  Json groups = Json::array();
  Json assets = Json::array();

  std::string dictionary_label(const std::string& dictionary, const Json& code) const {
    auto d = snap.dictionaries.find(dictionary);
    if (d != snap.dictionaries.end()) {
      for (const auto& e : d->second.body.value("entries", Json::array())) {
        if (e.value("code", "") == code) {
          std::string label = text_in(e.value("labels", Json::object()), lang);
          if (!label.empty()) return label;
        }
      }
    }
    return code.is_string() ? code.get<std::string>() : code.dump();
  }

  std::string format(const Json& f, const Json& v) const {
    std::string type = f.value("type", "text");
    if (type == "boolean") return std::string(message(v == true ? "yes" : "no", lang));
    if (type == "percentage" && v.is_number()) return format_percent(v.get<double>(), lang);
    if ((type == "decimal" || type == "integer") && v.is_number()) {
      return format_number(v.get<double>(), type == "integer" ? 0 : 2, lang);
    }
    if (type == "money" && v.is_object()) {
      std::string currency = v.value("currency", "PLN");
      std::string amount = format_money(v.value("amount", 0.0), lang);
      if (currency != "PLN") amount = format_number(v.value("amount", 0.0), 2, lang) + "\u00a0" + currency;
      return amount;
    }
    if (type == "range" && v.is_object()) {
      auto part = [&](const char* k) { return v.contains(k) && v[k].is_number() ? format_number(v[k].get<double>(), 0, lang) : std::string("…"); };
      return part("min") + " – " + part("max");
    }
    if (type == "dictionary") {
      if (v.is_array()) {
        std::string out;
        for (const auto& code : v) out += (out.empty() ? "" : ", ") + dictionary_label(f.value("dictionary", ""), code);
        return out;
      }
      return dictionary_label(f.value("dictionary", ""), v);
    }
    if (type == "localizedText") return text_in(v, lang);
    if (type == "date" && v.is_string() && v.get<std::string>().size() >= 10) {
      std::string d = v.get<std::string>();
      return is_polish(lang) ? d.substr(8, 2) + "." + d.substr(5, 2) + "." + d.substr(0, 4)
                             : d.substr(8, 2) + "/" + d.substr(5, 2) + "/" + d.substr(0, 4);
    }
    if (type == "table" && v.is_array()) {
      std::string out;
      for (const auto& row : v) {
        std::string cells;
        for (const auto& col : f.value("columns", Json::array())) {
          std::string k = col.value("key", "");
          if (!row.contains(k)) continue;
          cells += (cells.empty() ? "" : " – ") + format(col, row[k]);
        }
        out += (out.empty() ? "" : "; ") + cells;
      }
      return out;
    }
    return v.is_string() ? v.get<std::string>() : v.dump();
  }

  // One group of rows for `features` under `values`; nested groups after it.
  void walk(const Json& schema, const Json& values, const std::string& id, const Json& label) {
    Json rows = Json::array();
    for (const auto& f : schema.value("features", Json::array())) {
      std::string key = f.value("key", "");
      if (!values.is_object() || !values.contains(key) || values[key].is_null()) continue;
      const Json& v = values[key];
      std::string name = text_in(f.value("labels", Json::object()), lang);
      if (name.empty()) name = key;
      if (f.value("type", "") == "asset" && v.is_string()) {
        assets.push_back({{"label", name}, {"url", "/cdn/" + v.get<std::string>()}});
        continue;
      }
      rows.push_back({{"id", id.empty() ? key : id + "." + key}, {"label", name}, {"value", v}, {"text", format(f, v)}});
    }
    if (!rows.empty()) groups.push_back({{"id", id.empty() ? "general" : id}, {"label", label}, {"rows", rows}});
    for (const auto& g : schema.value("groups", Json::array())) {
      std::string key = g.value("key", "");
      const Json sub = values.is_object() && values.contains(key) ? values[key] : Json::object();
      std::string name = text_in(g.value("labels", Json::object()), lang);
      walk(g, sub, id.empty() ? key : id + "." + key, name.empty() ? Json(key) : Json(name));
    }
  }
};

}  // namespace

std::string_view simulator_name(SimulatorKind kind) {
  switch (kind) {
    case SimulatorKind::kCashLoan: return "cash-loan";
    case SimulatorKind::kTermDeposit: return "term-deposit";
    default: return "";
  }
}

std::string format_number(double x, int decimals, const std::string& language) {
  const bool pl = is_polish(language);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(x));
  std::string digits = buf, frac;
  if (auto dot = digits.find('.'); dot != std::string::npos) {
    frac = digits.substr(dot + 1);
    digits = digits.substr(0, dot);
  }
  std::string grouped;
  // Thousands grouped (Polish with a non-breaking space, as banks print 1 000 zł).
  const bool group = digits.size() > 3;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (group && i > 0 && (digits.size() - i) % 3 == 0) grouped += pl ? "\u00a0" : ",";
    grouped += digits[i];
  }
  std::string out = (x < 0 && std::round(std::fabs(x) * std::pow(10, decimals)) != 0 ? "-" : "") + grouped;
  if (!frac.empty()) out += (pl ? "," : ".") + frac;
  return out;
}

std::string format_money(double zloty, const std::string& language) {
  std::string n = format_number(zloty, 2, language);
  return is_polish(language) ? n + "\u00a0zł" : "PLN\u00a0" + n;
}

std::string format_percent(double percent, const std::string& language) {
  // Two decimals, fewer when they are zeros: 5,2% and 9,99%.
  std::string n = format_number(percent, 2, language);
  while (n.size() > 1 && n.back() == '0') n.pop_back();
  if (n.back() == ',' || n.back() == '.') n.pop_back();
  return n + "%";
}

Storefront::Storefront(cat::CatalogueService& catalogue) : catalogue_(catalogue) {}

std::shared_ptr<const Storefront::Snapshot> Storefront::snapshot(const Visitor&) {
  const std::string today = cat::today();
  {
    std::lock_guard lock(mu_);
    if (cached_ && cached_->today == today && std::chrono::steady_clock::now() - cached_at_ < kSnapshotLife) {
      return cached_;
    }
  }
  auto snap = std::make_shared<Snapshot>();
  snap->today = today;
  cat::ItemQuery q;
  q.kind = cat::kProductType;
  auto types = catalogue_.store().find(q);
  if (!types) return nullptr;
  for (auto& t : *types) snap->types.emplace(t.key, std::move(t));
  q.kind = cat::kDictionary;
  auto dictionaries = catalogue_.store().find(q);
  if (!dictionaries) return nullptr;
  for (auto& d : *dictionaries) snap->dictionaries.emplace(d.key, std::move(d));
  q.kind = cat::kProduct;
  q.lifecycle_status = cat::kActive;
  q.valid_at = today;
  q.latest_only = false;
  auto products = catalogue_.store().find(q);
  if (!products) return nullptr;
  snap->products = std::move(*products);
  // In the order the bank added them (the catalogue's own order), then by key.
  std::sort(snap->products.begin(), snap->products.end(), [](const cat::Item& a, const cat::Item& b) {
    return std::tie(a.created_at, a.key) < std::tie(b.created_at, b.key);
  });
  std::lock_guard lock(mu_);
  cached_ = snap;
  cached_at_ = std::chrono::steady_clock::now();
  return snap;
}

Result<Json> Storefront::evaluate(const Visitor& v, const std::string& id, const Terms& terms, const std::string& date,
                                  bool eligibility, const Json& customer) {
  cat::OfferRequest rq;
  rq.customer = customer;
  if (!v.segment.empty() && !rq.customer.contains("segment")) rq.customer["segment"] = v.segment;
  rq.channel = v.channel;
  rq.language = v.language;
  rq.date = date;
  rq.amount = terms.amount;
  if (terms.months) rq.term = *terms.months;
  rq.product = id;
  rq.check_eligibility = eligibility;
  auto answer = catalogue_.offers(rq);
  if (!answer) return answer.error();
  if (!(*answer)["offers"].empty()) return Json{{"offer", (*answer)["offers"][0]}};
  if (!(*answer)["excluded"].empty()) return Json{{"excluded", (*answer)["excluded"][0]}};
  return Json::object();
}

namespace {

// The fields every list shows of a product.
Json summary(const cat::Item& p, const Storefront::Snapshot& snap, const Json& offer, const std::string& lang) {
  const Json content = offer.is_object() ? offer.value("content", Json::object()) : Json::object();
  std::string name = text_in(p.body.value("name", Json::object()), lang);
  if (name.empty()) name = p.key;
  Json s = {{"id", p.key}, {"category", p.type_key}, {"name", name},
            {"title", content.value("title", name)},
            {"summary", content.value("summary", text_in(p.body.value("description", Json::object()), lang))}};
  auto type = snap.types.find(p.type_key);
  s["categoryName"] = type != snap.types.end() ? text_in(type->second.body.value("name", Json::object()), lang) : p.type_key;
  if (content.contains("image")) s["image"] = content["image"];
  // The headline: the interest rate, else the first recurring price.
  Json headline;
  for (const auto& pr : offer.is_object() ? offer.value("prices", Json::array()) : Json::array()) {
    if (pr.value("category", "") == "interest") {
      headline = pr;
      break;
    }
    if (headline.is_null() && pr.value("kind", "") == "recurring") headline = pr;
  }
  if (!headline.is_null()) s["headline"] = {{"label", headline.value("name", "")}, {"text", price_text(headline, lang)}};
  SimulatorKind kind = simulator_of(p);
  s["simulator"] = kind == SimulatorKind::kNone ? Json() : Json(simulator_name(kind));
  return s;
}

}  // namespace

Result<Json> Storefront::all_products(const Visitor& v) {
  auto snap = snapshot(v);
  if (!snap) return Error::unavailable("the product catalogue cannot be read now");
  Json list = Json::array();
  for (const auto& p : snap->products) {
    if (!offered_in(p, v.channel)) continue;
    auto e = evaluate(v, p.key, example_terms(p, simulator_of(p), {}), snap->today, false, Json::object());
    if (!e) return e.error();
    list.push_back(summary(p, *snap, e->value("offer", Json()), v.language));
  }
  return Json{{"products", list}};
}

Result<Json> Storefront::categories(const Visitor& v) {
  auto all = all_products(v);
  if (!all) return all;
  auto snap = snapshot(v);
  Json out = Json::array();
  std::map<std::string, size_t> at;
  for (const auto& p : (*all)["products"]) {
    std::string type = p["category"];
    if (!at.contains(type)) {
      at[type] = out.size();
      auto t = snap->types.find(type);
      std::string description = t != snap->types.end() ? text_in(t->second.body.value("description", Json()), v.language) : "";
      out.push_back({{"id", type}, {"name", p["categoryName"]}, {"description", description}, {"products", 0}});
    }
    out[at[type]]["products"] = out[at[type]]["products"].get<int>() + 1;
  }
  return Json{{"categories", out}};
}

Result<Json> Storefront::products(const Visitor& v, const std::string& category) {
  auto all = all_products(v);
  if (!all) return all;
  Json list = Json::array();
  Json head;
  for (const auto& p : (*all)["products"]) {
    if (p["category"] != category) continue;
    if (head.is_null()) head = {{"id", category}, {"name", p["categoryName"]}};
    list.push_back(p);
  }
  if (list.empty()) return Error::not_found(std::string(message("err.noCategory", v.language)));
  return Json{{"category", head}, {"products", list}};
}

Result<Json> Storefront::product(const Visitor& v, const std::string& id, const Terms& given) {
  auto snap = snapshot(v);
  if (!snap) return Error::unavailable("the product catalogue cannot be read now");
  const cat::Item* p = snap->product(id);
  if (!p || !offered_in(*p, v.channel)) return Error::not_found(std::string(message("err.noProduct", v.language)));
  SimulatorKind kind = simulator_of(*p);
  auto st = check_terms(*p, kind, given, v.language);
  if (!st) return st.error();
  Terms terms = example_terms(*p, kind, given);
  auto e = evaluate(v, id, terms, snap->today, false, Json::object());
  if (!e) return e.error();
  const Json offer = e->value("offer", Json());
  Json out = summary(*p, *snap, offer, v.language);
  out["html"] = offer.is_object() ? offer.value("content", Json::object()).value("html", "") : "";
  FeatureWalk walk{*snap, v.language};
  auto type = snap->types.find(p->type_key);
  const Json schema = type != snap->types.end() ? type->second.body.value("schema", Json::object()) : Json::object();
  walk.walk(schema, p->body.value("features", Json::object()), "", Json());
  out["features"] = walk.groups;
  out["assets"] = walk.assets;
  out["prices"] = offer.is_object() ? public_prices(offer.value("prices", Json::array()), v.language) : Json::array();
  Json promotions = Json::array();
  for (const auto& pr : offer.is_object() ? offer.value("promotions", Json::array()) : Json::array()) {
    promotions.push_back({{"name", pr.value("name", "")}});
  }
  out["promotions"] = promotions;
  if (kind != SimulatorKind::kNone) {
    Limits l = limits_of(*p, kind);
    out["terms"] = {{"amount", *terms.amount}, {"months", *terms.months}};
    out["limits"] = {{"amount", {{"min", l.amount_min}, {"max", l.amount_max}}},
                     {"months", {{"min", l.months_min}, {"max", l.months_max}}}};
  }
  out["applicationForm"] = p->body.contains("applicationForm") ? p->body["applicationForm"] : Json();
  return out;
}

Result<Json> Storefront::compare(const Visitor& v, const std::vector<std::string>& ids) {
  std::set<std::string> distinct(ids.begin(), ids.end());
  if (ids.size() < 2 || ids.size() > 4 || distinct.size() != ids.size()) {
    return Error::invalid("products: " + std::string(message("err.compareCount", v.language)));
  }
  std::vector<Json> details;
  for (const auto& id : ids) {
    auto d = product(v, id);
    if (!d) return d.error();
    details.push_back(std::move(*d));
  }
  // Rows in the order of the first product's tree, then the others' rows it lacks.
  struct Row {
    std::string id, label;
    std::vector<Json> values;
  };
  struct Section {
    std::string id;
    Json label;
    std::vector<Row> rows;
  };
  std::vector<Section> sections;
  auto row_of = [&](const std::string& sid, const Json& slabel, const std::string& rid, const std::string& rlabel) -> Row& {
    auto s = std::find_if(sections.begin(), sections.end(), [&](const Section& x) { return x.id == sid; });
    if (s == sections.end()) s = sections.insert(sections.end(), Section{sid, slabel, {}});
    auto r = std::find_if(s->rows.begin(), s->rows.end(), [&](const Row& x) { return x.id == rid; });
    if (r == s->rows.end()) r = s->rows.insert(s->rows.end(), Row{rid, rlabel, std::vector<Json>(details.size())});
    return *r;
  };
  for (size_t i = 0; i < details.size(); ++i) {
    for (const auto& pr : details[i]["prices"]) {
      row_of("prices", message("prices", v.language), pr["id"], pr["name"]).values[i] = pr["text"];
    }
  }
  for (size_t i = 0; i < details.size(); ++i) {
    for (const auto& g : details[i]["features"]) {
      for (const auto& r : g["rows"]) row_of(g["id"], g["label"], r["id"], r["label"]).values[i] = r["text"];
    }
  }
  Json products = Json::array(), out_sections = Json::array();
  for (auto& d : details) {
    Json s = {{"id", d["id"]}, {"name", d["name"]}, {"title", d["title"]}, {"category", d["category"]},
              {"categoryName", d["categoryName"]}, {"simulator", d["simulator"]}, {"applicationForm", d["applicationForm"]}};
    if (d.contains("headline")) s["headline"] = d["headline"];
    products.push_back(s);
  }
  for (const auto& s : sections) {
    Json rows = Json::array();
    for (const auto& r : s.rows) {
      bool differs = std::any_of(r.values.begin(), r.values.end(), [&](const Json& x) { return x != r.values[0]; });
      rows.push_back({{"id", r.id}, {"label", r.label}, {"values", r.values}, {"differs", differs}});
    }
    out_sections.push_back({{"id", s.id}, {"label", s.label}, {"rows", rows}});
  }
  return Json{{"products", products}, {"sections", out_sections}};
}

Result<Json> Storefront::personal_offers(const Visitor& v, const Facts& facts) {
  if (facts.age < 0 || facts.age > 130) return Error::invalid("age: " + std::string(message("err.age", v.language)));
  if (!(facts.income >= 0) || facts.income > 100'000'000) {
    return Error::invalid("income: " + std::string(message("err.income", v.language)));
  }
  auto snap = snapshot(v);
  if (!snap) return Error::unavailable("the product catalogue cannot be read now");
  if (!facts.segment.empty()) {
    auto d = snap->dictionaries.find("segment");
    bool known = false;
    if (d != snap->dictionaries.end()) {
      for (const auto& e : d->second.body.value("entries", Json::array())) known = known || e.value("code", "") == facts.segment;
    }
    if (!known) return Error::invalid("segment: " + std::string(message("err.segment", v.language)));
  }
  Json customer = {{"age", facts.age}, {"income", facts.income}};
  if (!facts.segment.empty()) customer["segment"] = facts.segment;
  Visitor visitor = v;
  visitor.segment = facts.segment;
  Json eligible = Json::array(), not_eligible = Json::array();
  for (const auto& p : snap->products) {
    if (!offered_in(p, v.channel)) continue;
    auto e = evaluate(visitor, p.key, example_terms(p, simulator_of(p), {}), snap->today, true, customer);
    if (!e) return e.error();
    if (e->contains("offer")) {
      Json s = summary(p, *snap, (*e)["offer"], v.language);
      s["prices"] = public_prices((*e)["offer"].value("prices", Json::array()), v.language);
      eligible.push_back(s);
      continue;
    }
    Json s = summary(p, *snap, Json(), v.language);
    Json reasons = Json::array();
    for (const auto& r : e->value("excluded", Json::object()).value("reasons", Json::array())) {
      // Eligibility reasons are written for customers; the others are the catalogue's own words.
      reasons.push_back(r.value("code", "") == "eligibility" ? r.value("message", "")
                                                             : std::string(message("offers.notNow", v.language)));
    }
    s["reasons"] = reasons;
    not_eligible.push_back(s);
  }
  return Json{{"eligible", eligible}, {"notEligible", not_eligible}};
}

Result<Json> Storefront::segments(const Visitor& v) {
  auto snap = snapshot(v);
  if (!snap) return Error::unavailable("the product catalogue cannot be read now");
  Json out = Json::array();
  auto d = snap->dictionaries.find("segment");
  if (d != snap->dictionaries.end()) {
    for (const auto& e : d->second.body.value("entries", Json::array())) {
      out.push_back({{"id", e.value("code", "")}, {"name", text_in(e.value("labels", Json::object()), v.language)}});
    }
  }
  return Json{{"segments", out}};
}

namespace {

Result<Json> priced_offer(const Result<Json>& e, const std::string& lang) {
  if (!e) return e.error();
  if (!e->contains("offer")) return Error::invalid("productId: " + std::string(message("err.noPrice", lang)));
  return (*e)["offer"];
}

}  // namespace

Result<LoanTerms> Storefront::loan_terms(const Visitor& v, const std::string& id, double amount, int months,
                                         InstalmentKind kind, Date date) {
  auto snap = snapshot(v);
  if (!snap) return Error::unavailable("the product catalogue cannot be read now");
  const cat::Item* p = snap->product(id);
  if (!p || !offered_in(*p, v.channel) || simulator_of(*p) != SimulatorKind::kCashLoan) {
    return Error::invalid("productId: " + std::string(message("err.noLoanProduct", v.language)));
  }
  Terms t{amount, months};
  auto st = check_terms(*p, SimulatorKind::kCashLoan, t, v.language);
  if (!st) return st.error();
  auto offer = priced_offer(evaluate(v, id, t, format_date(date), false, Json::object()), v.language);
  if (!offer) return offer.error();
  LoanTerms out;
  out.amount = amount;
  out.months = months;
  out.kind = kind;
  out.start = date;
  bool rate = false;
  for (const auto& pr : (*offer)["prices"]) {
    std::string category = pr.value("category", ""), unit = pr.value("unit", ""), k = pr.value("kind", "");
    double value = pr.value("value", 0.0);
    if (category == "interest" && !rate) {
      out.annual_rate = value;
      rate = true;
    } else if ((category == "fee" || category == "commission") && k == "oneTime") {
      out.upfront_fee += unit == "percent" ? to_zloty(mul_div_round(to_grosz(amount), rate_units(value), 100 * kRateUnitsPerPercent)) : value;
    } else if ((category == "fee" || category == "commission") && k == "recurring" && pr.value("period", "") == "month" &&
               unit == "PLN") {
      out.monthly_fee += value;
    }
  }
  if (!rate) return Error::invalid("productId: " + std::string(message("err.noPrice", v.language)));
  return out;
}

Result<DepositTerms> Storefront::deposit_terms(const Visitor& v, const std::string& id, double amount, int months,
                                               Date date) {
  auto snap = snapshot(v);
  if (!snap) return Error::unavailable("the product catalogue cannot be read now");
  const cat::Item* p = snap->product(id);
  if (!p || !offered_in(*p, v.channel) || simulator_of(*p) != SimulatorKind::kTermDeposit) {
    return Error::invalid("productId: " + std::string(message("err.noDepositProduct", v.language)));
  }
  Terms t{amount, months};
  auto st = check_terms(*p, SimulatorKind::kTermDeposit, t, v.language);
  if (!st) return st.error();
  auto offer = priced_offer(evaluate(v, id, t, format_date(date), false, Json::object()), v.language);
  if (!offer) return offer.error();
  for (const auto& pr : (*offer)["prices"]) {
    if (pr.value("category", "") != "interest") continue;
    DepositTerms out;
    out.amount = amount;
    out.months = months;
    out.annual_rate = pr.value("value", 0.0);
    out.start = date;
    return out;
  }
  return Error::invalid("productId: " + std::string(message("err.noPrice", v.language)));
}

}  // namespace dpc::market
