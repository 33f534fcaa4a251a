// Offer evaluation (see dpc/catalogue/offers.h): products are compiled once (FEEL parsed,
// windows and tables read), then each request walks them with no allocation beyond its answer.
#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <unordered_map>

#include "dpc/catalogue/offers.h"
#include "dpc/feel/feel.h"
#include "dpc/feel/json.h"

namespace dpc::catalogue {

namespace {

struct Window {
  std::vector<int> days;  // 0 = Monday; empty = every day
  std::string from = "00:00", to = "24:00";
};
struct ChannelRule {
  std::string channel;
  std::vector<Window> windows;  // empty = always
};
struct Rule {
  std::string key;
  std::string source;  // the FEEL condition, or "decision <key>"
  std::optional<feel::Expression> expr;
  DecisionCall decision;  // set for a rule naming a DMN decision
  Json reason;
};
// [min, max] of a price row's amount or term; either side may be open.
struct Span {
  bool present = false;
  std::optional<double> min, max;
  bool holds(std::optional<double> x) const {
    if (!present) return true;
    if (!x) return false;
    return !(min && *x < *min) && !(max && *x > *max);
  }
};
struct PriceRow {
  std::optional<std::string> segment, channel;
  Span amount, term;
  std::optional<double> value;
};
struct Price {
  std::string key;
  Json name;  // texts per language
  std::string kind, category, unit;
  Json period;  // null when absent
  std::optional<double> value;  // "value"
  std::vector<PriceRow> rows;   // "table", first matching row wins
  std::optional<feel::Expression> expr;
};
struct Product {
  Item copy;
  std::vector<ChannelRule> channels;
  std::vector<Rule> rules;
  std::vector<Price> prices;
};
struct Adjustment {
  std::string price;
  std::vector<std::pair<std::string, double>> changes;  // percentOff, amountOff, delta, set
};
struct Promotion {
  Item item;
  Json name;
  std::optional<feel::Expression> condition;
  std::string condition_source;
  int priority = 0;
  bool stackable = false;
  std::vector<std::string> channels, segments;  // empty = all
  bool has_adjustments = false;
  std::vector<Adjustment> adjustments;
};

const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// 0 = Monday, from a YYYY-MM-DD date.
int weekday(const std::string& date) {
  auto d = feel::parse_date(date);
  if (!d) return 0;
  int64_t days = d->epoch_day();
  return static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

std::string text_in(const Json& labels, const std::string& lang) {
  if (labels.is_string()) return labels.get<std::string>();
  if (!labels.is_object()) return "";
  if (labels.contains(lang) && labels[lang].is_string()) return labels[lang].get<std::string>();
  if (labels.contains("en") && labels["en"].is_string()) return labels["en"].get<std::string>();
  for (const auto& [_, v] : labels.items()) {
    if (v.is_string()) return v.get<std::string>();
  }
  return "";
}

double to_double(const feel::Value& v, bool& ok) {
  ok = v.is(feel::Type::kNumber);
  return ok ? v.as_number().to_double() : 0;
}

bool valid_on(const Item& item, const std::string& date) {
  if (item.valid_from && date < item.valid_from->substr(0, 10)) return false;
  if (item.valid_to && !item.valid_to->empty() && date >= item.valid_to->substr(0, 10)) return false;
  return true;
}

Json reason(const std::string& code, const std::string& message) { return {{"code", code}, {"message", message}}; }


// An item's identity across loads: an Active version never changes, so what was compiled
// for it once serves every later load.
std::string version_id(const Item& item) { return item.key + "\n" + std::to_string(item.version); }

Span span_of(const Json& when, const char* field) {
  Span s;
  if (!when.contains(field) || !when[field].is_array() || when[field].size() != 2) return s;
  s.present = true;
  const Json& v = when[field];
  if (v[0].is_number()) s.min = v[0].get<double>();
  if (v[1].is_number()) s.max = v[1].get<double>();
  return s;
}

std::vector<std::string> texts(const Json& body, const char* field) {
  std::vector<std::string> out;
  if (!body.contains(field) || !body[field].is_array()) return out;
  for (const auto& x : body[field]) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

bool listed(const std::vector<std::string>& list, const std::string& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

Result<std::shared_ptr<const Product>> compile_product(const Item& item, const DecisionResolver* decisions) {
  auto p = std::make_shared<Product>();
  p->copy = item;
  const Json& b = p->copy.body;
  for (const auto& ch : b.value("channels", Json::array())) {
    ChannelRule rule;
    rule.channel = ch.value("channel", "");
    for (const auto& w : ch.value("windows", Json::array())) {
      Window win;
      for (const auto& d : w.value("days", Json::array())) {
        for (int i = 0; i < 7; ++i) {
          if (d == kDays[i]) win.days.push_back(i);
        }
      }
      win.from = w.value("from", "00:00");
      win.to = w.value("to", "24:00");
      rule.windows.push_back(win);
    }
    p->channels.push_back(rule);
  }
  const Json rules = b.value("eligibility", Json::array());
  for (size_t i = 0; i < rules.size(); ++i) {
    Rule rule{rules[i].value("key", "rule" + std::to_string(i + 1)), "", std::nullopt, nullptr,
              rules[i].value("reason", Json::object())};
    if (rules[i].contains("decision") && rules[i]["decision"].is_string()) {
      // Bound to the decision's latest version now; a decision that cannot be found
      // excludes the product with the reason, not the whole catalogue.
      std::string key = rules[i]["decision"].get<std::string>();
      rule.source = "decision " + key;
      Result<DecisionCall> call = decisions && *decisions ? (*decisions)(key)
                                                         : Result<DecisionCall>(Error::unavailable("DMN decisions are not available here"));
      if (call) {
        rule.decision = *call;
      } else {
        std::string why = call.error().message;
        rule.decision = [why](const Json&) -> Result<Json> { return Error::unavailable(why); };
      }
    } else {
      rule.source = rules[i].value("condition", "true");
      auto e = feel::Expression::compile(rule.source);
      if (!e) return Error::invalid(item.key + ".eligibility[" + std::to_string(i) + "].condition: " + e.error().message);
      rule.expr = std::move(*e);
    }
    p->rules.push_back(std::move(rule));
  }
  const Json prices = b.value("prices", Json::array());
  for (size_t i = 0; i < prices.size(); ++i) {
    const Json& d = prices[i];
    Price price;
    price.key = d.value("key", "");
    price.name = d.value("name", Json::object());
    price.kind = d.value("kind", "oneTime");
    price.category = d.value("category", "fee");
    price.unit = d.value("unit", "PLN");
    if (d.contains("period")) price.period = d["period"];
    if (d.contains("value") && d["value"].is_number()) price.value = d["value"].get<double>();
    if (d.contains("table") && d["table"].is_array()) {
      for (const auto& row : d["table"]) {
        static const Json kNoCondition = Json::object();
        const Json& w = row.contains("when") && row["when"].is_object() ? row["when"] : kNoCondition;
        PriceRow r;
        if (w.contains("segment")) r.segment = w["segment"].is_string() ? w["segment"].get<std::string>() : w["segment"].dump();
        if (w.contains("channel")) r.channel = w["channel"].is_string() ? w["channel"].get<std::string>() : w["channel"].dump();
        r.amount = span_of(w, "amount");
        r.term = span_of(w, "term");
        if (row.contains("value") && row["value"].is_number()) r.value = row["value"].get<double>();
        price.rows.push_back(std::move(r));
      }
    }
    if (d.contains("expression") && d["expression"].is_string()) {
      auto e = feel::Expression::compile(d["expression"].get<std::string>());
      if (!e) return Error::invalid(item.key + ".prices[" + std::to_string(i) + "].expression: " + e.error().message);
      price.expr = std::move(*e);
    }
    p->prices.push_back(std::move(price));
  }
  return std::shared_ptr<const Product>(p);
}

Result<std::shared_ptr<const Promotion>> compile_promotion(const Item& item) {
  auto pr = std::make_shared<Promotion>();
  pr->item = item;
  const Json& b = pr->item.body;
  if (b.contains("condition") && b["condition"].is_string() && !b["condition"].get<std::string>().empty()) {
    pr->condition_source = b["condition"].get<std::string>();
    auto e = feel::Expression::compile(pr->condition_source);
    if (!e) return Error::invalid(item.key + ".condition: " + e.error().message);
    pr->condition = std::move(*e);
  }
  pr->name = b.value("name", Json::object());
  pr->priority = b.value("priority", 0);
  pr->stackable = b.value("stackable", false);
  pr->channels = texts(b, "channels");
  pr->segments = texts(b, "segments");
  pr->has_adjustments = b.contains("adjustments");
  for (const auto& adj : b.value("adjustments", Json::array())) {
    Adjustment a;
    a.price = adj.value("price", "");
    for (const char* f : {"percentOff", "amountOff", "delta", "set"}) {
      if (adj.contains(f) && adj[f].is_number()) a.changes.emplace_back(f, adj[f].get<double>());
    }
    pr->adjustments.push_back(std::move(a));
  }
  return std::shared_ptr<const Promotion>(pr);
}

}  // namespace

struct OfferCatalogue::Compiled {
  std::vector<std::shared_ptr<const Product>> products;
  std::vector<std::shared_ptr<const Promotion>> promotions;  // by priority, highest first
  // Indexes into `promotions` (ascending, so in priority order): those naming a product, and
  // those for every product; a product looks only at its own.
  std::unordered_map<std::string, std::vector<size_t>> by_product;
  std::vector<size_t> for_all;
  std::unordered_map<std::string, std::vector<size_t>> product_index;  // by key
};

OfferCatalogue::OfferCatalogue() : c_(std::make_unique<Compiled>()) {}
OfferCatalogue::~OfferCatalogue() = default;
size_t OfferCatalogue::product_count() const { return c_->products.size(); }

Status check_feel(const std::string& source, const std::string& field) {
  static const std::vector<std::string> kNames;
  auto e = feel::Expression::compile(source, kNames);
  if (!e) return Error::invalid(field + ": FEEL does not compile: " + e.error().message);
  return {};
}

Result<std::shared_ptr<const OfferCatalogue>> OfferCatalogue::build(const std::vector<Item>& products,
                                                                    const std::vector<Item>& promotions,
                                                                    const OfferCatalogue* previous,
                                                                    const DecisionResolver* decisions) {
  std::unordered_map<std::string, std::shared_ptr<const Product>> old_products;
  std::unordered_map<std::string, std::shared_ptr<const Promotion>> old_promotions;
  if (previous) {
    for (const auto& p : previous->c_->products) {
      // A rule naming a decision binds the decision's latest version: bound again each time.
      bool binds = std::any_of(p->rules.begin(), p->rules.end(), [](const Rule& r) { return r.decision != nullptr; });
      if (!binds) old_products[version_id(p->copy)] = p;
    }
    for (const auto& p : previous->c_->promotions) old_promotions[version_id(p->item)] = p;
  }
  std::shared_ptr<OfferCatalogue> out(new OfferCatalogue());
  for (const auto& item : products) {
    if (auto it = old_products.find(version_id(item)); it != old_products.end()) {
      out->c_->products.push_back(it->second);
      continue;
    }
    auto p = compile_product(item, decisions);
    if (!p) return p.error();
    out->c_->products.push_back(std::move(*p));
  }
  for (const auto& item : promotions) {
    if (auto it = old_promotions.find(version_id(item)); it != old_promotions.end()) {
      out->c_->promotions.push_back(it->second);
      continue;
    }
    auto p = compile_promotion(item);
    if (!p) return p.error();
    out->c_->promotions.push_back(std::move(*p));
  }
  auto& c = *out->c_;
  std::stable_sort(c.promotions.begin(), c.promotions.end(),
                   [](const auto& a, const auto& b) { return a->priority > b->priority; });
  for (size_t i = 0; i < c.promotions.size(); ++i) {
    const Json& body = c.promotions[i]->item.body;
    const Json& targets = body.contains("products") ? body["products"] : Json::array();
    if (!targets.is_array() || targets.empty()) {
      c.for_all.push_back(i);
      continue;
    }
    for (const auto& t : targets) {
      if (t.is_string()) c.by_product[t.get<std::string>()].push_back(i);
    }
  }
  for (size_t i = 0; i < c.products.size(); ++i) c.product_index[c.products[i]->copy.key].push_back(i);
  return std::shared_ptr<const OfferCatalogue>(out);
}

Result<OfferRequest> read_offer_request(const Json& body, const std::string& today) {
  if (!body.is_object()) return Error::invalid("the body must be a JSON object");
  OfferRequest r;
  if (body.contains("customer")) {
    if (!body["customer"].is_object()) return Error::invalid("customer: must be an object (the customer's data)");
    r.customer = body["customer"];
  }
  if (!body.contains("channel") || !body["channel"].is_string() || body["channel"].get<std::string>().empty()) {
    return Error::invalid("channel: is required (e.g. online, mobile, branch)");
  }
  r.channel = body["channel"].get<std::string>();
  if (body.contains("language")) {
    if (!body["language"].is_string()) return Error::invalid("language: must be a language code such as pl or en");
    r.language = body["language"].get<std::string>();
  }
  r.date = today;
  if (body.contains("date")) {
    if (!body["date"].is_string()) return Error::invalid("date: must be a date YYYY-MM-DD or a date-time");
    std::string d = body["date"].get<std::string>();
    static const std::regex re(R"(^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$)");
    std::smatch m;
    if (!std::regex_match(d, m, re) || !feel::parse_date(m[1].str())) {
      return Error::invalid("date: must be a date YYYY-MM-DD or a date-time");
    }
    r.date = m[1].str();
    if (m[2].matched) r.time = m[2].str();
  }
  for (const char* field : {"amount", "term"}) {
    if (!body.contains(field) || body[field].is_null()) continue;
    if (!body[field].is_number()) return Error::invalid(std::string(field) + ": must be a number");
    (std::string(field) == "amount" ? r.amount : r.term) = body[field].get<double>();
  }
  if (body.contains("product")) {
    if (!body["product"].is_string()) return Error::invalid("product: must be a product key");
    r.product = body["product"].get<std::string>();
  }
  return r;
}

Json OfferCatalogue::evaluate(const OfferRequest& rq) const {
  const std::string& lang = rq.language;
  std::string segment = rq.customer.contains("segment") && rq.customer["segment"].is_string()
                            ? rq.customer["segment"].get<std::string>() : "";
  feel::Context vars;
  vars.set("customer", feel::from_json(rq.customer));
  vars.set("segment", segment.empty() ? feel::Value() : feel::Value(segment));
  vars.set("channel", feel::Value(rq.channel));
  vars.set("language", feel::Value(lang));
  if (auto d = feel::parse_date(rq.date)) vars.set("date", feel::Value(*d));
  auto num = [](std::optional<double> x) {
    if (!x) return feel::Value();
    auto d = feel::Decimal::from_double(*x);
    return d ? feel::Value(*d) : feel::Value();
  };
  vars.set("amount", num(rq.amount));
  vars.set("term", num(rq.term));
  const int day = weekday(rq.date);
  std::vector<std::string> warnings;
  Json decision_inputs;  // what DMN decisions see, built when a rule first needs it

  // Whether each promotion may apply today in this channel and segment (and why not),
  // decided once per request, when a product first asks.
  struct Live {
    bool known = false, ok = true;
    std::string why;
  };
  std::vector<Live> live(c_->promotions.size());
  auto live_of = [&](size_t i) -> const Live& {
    Live& l = live[i];
    if (l.known) return l;
    l.known = true;
    const Promotion& pr = *c_->promotions[i];
    if (!valid_on(pr.item, rq.date)) {
      l = {true, false, "not valid on " + rq.date};
    } else if (!listed(pr.channels, rq.channel)) {
      l = {true, false, "not offered in channel " + rq.channel};
    } else if (!listed(pr.segments, segment)) {
      l = {true, false, "not for segment " + (segment.empty() ? std::string("(none)") : segment)};
    } else if (pr.condition) {
      warnings.clear();
      feel::Value v = pr.condition->evaluate(vars, warnings);
      if (!(v.is(feel::Type::kBoolean) && v.as_bool())) l = {true, false, "condition " + pr.condition_source + " is not met"};
    }
    return l;
  };

  Json offers = Json::array(), excluded = Json::array();
  auto one = [&](const Product& p) {
    const Item& it = p.copy;
    const Json& b = it.body;
    static const Json kNone = Json::object();
    const Json& name = b.contains("name") ? b["name"] : kNone;
    Json reasons = Json::array();
    if (!valid_on(it, rq.date)) reasons.push_back(reason("validity", "version " + std::to_string(it.version) + " is not valid on " + rq.date));
    if (!p.channels.empty()) {
      const ChannelRule* rule = nullptr;
      for (const auto& c : p.channels) {
        if (c.channel == rq.channel) rule = &c;
      }
      if (!rule) {
        reasons.push_back(reason("channel", "not offered in channel " + rq.channel));
      } else if (!rule->windows.empty()) {
        bool open = false;
        for (const auto& w : rule->windows) {
          bool day_ok = w.days.empty() || std::find(w.days.begin(), w.days.end(), day) != w.days.end();
          bool time_ok = !rq.time || (*rq.time >= w.from && *rq.time < w.to);
          open = open || (day_ok && time_ok);
        }
        if (!open) reasons.push_back(reason("channelWindow", "channel " + rq.channel + " does not offer it at this time"));
      }
    }
    for (const auto& rule : p.rules) {
      if (!rq.check_eligibility) break;
      bool met = false;
      std::string failure;
      if (rule.expr) {
        warnings.clear();
        feel::Value v = rule.expr->evaluate(vars, warnings);
        met = v.is(feel::Type::kBoolean) && v.as_bool();
      } else {
        if (decision_inputs.is_null()) {
          decision_inputs = {{"customer", rq.customer}, {"segment", segment.empty() ? Json() : Json(segment)},
                             {"channel", rq.channel}, {"language", lang}, {"date", rq.date},
                             {"amount", rq.amount ? Json(*rq.amount) : Json()}, {"term", rq.term ? Json(*rq.term) : Json()}};
        }
        auto v = rule.decision(decision_inputs);
        met = v && v->is_boolean() && v->get<bool>();
        if (!v) failure = rule.source + ": " + v.error().message;
      }
      if (!met) {
        std::string msg = failure.empty() ? text_in(rule.reason, lang) : failure;
        if (msg.empty()) msg = "rule " + rule.key + " (" + rule.source + ") is not met";
        Json r = reason("eligibility", msg);
        r["rule"] = rule.key;
        reasons.push_back(r);
      }
    }
    // Prices, then promotions on them.
    struct Priced {
      const Price* def;
      double base, value;
      std::vector<std::string> promotions;
    };
    std::vector<Priced> priced;
    priced.reserve(p.prices.size());
    for (const auto& price : p.prices) {
      std::optional<double> value = price.value;
      for (const auto& row : price.rows) {
        if (row.segment && *row.segment != segment) continue;
        if (row.channel && *row.channel != rq.channel) continue;
        if (!row.amount.holds(rq.amount) || !row.term.holds(rq.term)) continue;
        if (row.value) value = row.value;
        break;
      }
      if (price.expr) {
        warnings.clear();
        bool ok = false;
        double x = to_double(price.expr->evaluate(vars, warnings), ok);
        if (ok) value = x;
      }
      if (!value) {
        reasons.push_back(reason("price", "price " + price.key + " has no value for these terms (segment, amount, term, channel)"));
        continue;
      }
      priced.push_back({&price, *value, *value, {}});
    }
    if (!reasons.empty()) {
      excluded.push_back({{"product", it.key}, {"version", it.version}, {"name", text_in(name, lang)}, {"reasons", std::move(reasons)}});
      return;
    }
    Json applied = Json::array(), skipped = Json::array();
    bool exclusive_taken = false;
    bool any = false;
    std::vector<size_t> mine = c_->for_all;
    if (auto own = c_->by_product.find(it.key); own != c_->by_product.end()) {
      mine.insert(mine.end(), own->second.begin(), own->second.end());
      std::sort(mine.begin(), mine.end());
    }
    for (size_t index : mine) {
      const Promotion& pr = *c_->promotions[index];
      const Live& l = live_of(index);
      Json ref = {{"promotion", pr.item.key}, {"name", text_in(pr.name, lang)}};
      if (!l.ok) {
        ref["reason"] = l.why;
        skipped.push_back(std::move(ref));
        continue;
      }
      if (exclusive_taken || (any && !pr.stackable)) {
        ref["reason"] = "does not stack with a promotion of higher priority";
        skipped.push_back(std::move(ref));
        continue;
      }
      if (!pr.has_adjustments) continue;
      for (const auto& adj : pr.adjustments) {
        for (auto& pc : priced) {
          if (pc.def->key != adj.price) continue;
          double v = pc.value;
          for (const auto& [op, x] : adj.changes) {
            if (op == "percentOff") v = v * (1 - x / 100.0);
            if (op == "amountOff") v = std::max(0.0, v - x);
            if (op == "delta") v = std::max(0.0, v + x);
            if (op == "set") v = x;
          }
          pc.value = std::round(v * 10000) / 10000;
          pc.promotions.push_back(pr.item.key);
        }
      }
      applied.push_back(std::move(ref));
      exclusive_taken = !pr.stackable;
      any = true;
    }
    Json prices = Json::array();
    for (const auto& pc : priced) {
      const Price& d = *pc.def;
      Json out = {{"key", d.key}, {"name", text_in(d.name, lang)}, {"kind", d.kind}, {"category", d.category}, {"unit", d.unit}};
      if (!d.period.is_null()) out["period"] = d.period;
      out["value"] = pc.value;
      out["baseValue"] = pc.base;
      if (!pc.promotions.empty()) out["promotions"] = pc.promotions;
      prices.push_back(std::move(out));
    }
    Json content = Json::object();
    if (b.contains("content") && b["content"].is_object()) {
      const Json& c = b["content"];
      const Json* per_lang = c.contains(lang) ? &c[lang] : (c.contains("en") ? &c["en"] : nullptr);
      if (per_lang && per_lang->is_object()) {
        if (per_lang->contains(rq.channel)) content = (*per_lang)[rq.channel];
        else if (per_lang->contains("default")) content = (*per_lang)["default"];
      }
    }
    Json offer = {{"product", it.key}, {"version", it.version}, {"type", it.type_key}, {"name", text_in(name, lang)},
                  {"features", b.contains("features") ? b["features"] : kNone}, {"prices", std::move(prices)},
                  {"promotions", std::move(applied)}, {"promotionsNotApplied", std::move(skipped)}, {"content", std::move(content)}};
    if (b.contains("package")) offer["package"] = b["package"];
    if (it.valid_from) offer["validFrom"] = *it.valid_from;
    if (it.valid_to) offer["validTo"] = *it.valid_to;
    offers.push_back(std::move(offer));
  };
  if (rq.product) {
    if (auto i = c_->product_index.find(*rq.product); i != c_->product_index.end()) {
      for (size_t k : i->second) one(*c_->products[k]);
    }
  } else {
    for (const auto& p : c_->products) one(*p);
  }
  return {{"date", rq.date}, {"channel", rq.channel}, {"language", lang}, {"offers", std::move(offers)}, {"excluded", std::move(excluded)}};
}

}  // namespace dpc::catalogue
