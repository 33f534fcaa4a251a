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
  std::string source;
  feel::Expression expr;
  Json reason;
};
struct Price {
  Json def;  // the component as written (for name, kind, unit...)
  std::optional<feel::Expression> expr;
};
struct Product {
  const Item* item = nullptr;
  Item copy;
  std::vector<ChannelRule> channels;
  std::vector<Rule> rules;
  std::vector<Price> prices;
};
struct Promotion {
  Item item;
  std::optional<feel::Expression> condition;
  int priority = 0;
  bool stackable = false;
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

bool in_span(const Json& span, std::optional<double> x) {
  if (!span.is_array() || span.size() != 2) return true;
  if (!x) return false;
  if (span[0].is_number() && *x < span[0].get<double>()) return false;
  if (span[1].is_number() && *x > span[1].get<double>()) return false;
  return true;
}

bool valid_on(const Item& item, const std::string& date) {
  if (item.valid_from && date < item.valid_from->substr(0, 10)) return false;
  if (item.valid_to && !item.valid_to->empty() && date >= item.valid_to->substr(0, 10)) return false;
  return true;
}

Json reason(const std::string& code, const std::string& message) { return {{"code", code}, {"message", message}}; }

}  // namespace

struct OfferCatalogue::Compiled {
  std::vector<Product> products;
  std::vector<Promotion> promotions;  // by priority, highest first
  // Indexes into `promotions` (ascending, so in priority order): those naming a product, and
  // those for every product; a product looks only at its own.
  std::unordered_map<std::string, std::vector<size_t>> by_product;
  std::vector<size_t> for_all;
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
                                                                    const std::vector<Item>& promotions) {
  std::shared_ptr<OfferCatalogue> out(new OfferCatalogue());
  for (const auto& item : products) {
    Product p;
    p.copy = item;
    const Json& b = p.copy.body;
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
      p.channels.push_back(rule);
    }
    const Json rules = b.value("eligibility", Json::array());
    for (size_t i = 0; i < rules.size(); ++i) {
      std::string src = rules[i].value("condition", "true");
      auto e = feel::Expression::compile(src);
      if (!e) return Error::invalid(item.key + ".eligibility[" + std::to_string(i) + "].condition: " + e.error().message);
      p.rules.push_back({rules[i].value("key", "rule" + std::to_string(i + 1)), src, std::move(*e),
                         rules[i].value("reason", Json::object())});
    }
    const Json prices = b.value("prices", Json::array());
    for (size_t i = 0; i < prices.size(); ++i) {
      Price price{prices[i], std::nullopt};
      if (prices[i].contains("expression") && prices[i]["expression"].is_string()) {
        auto e = feel::Expression::compile(prices[i]["expression"].get<std::string>());
        if (!e) return Error::invalid(item.key + ".prices[" + std::to_string(i) + "].expression: " + e.error().message);
        price.expr = std::move(*e);
      }
      p.prices.push_back(std::move(price));
    }
    out->c_->products.push_back(std::move(p));
  }
  for (const auto& item : promotions) {
    Promotion pr;
    pr.item = item;
    const Json& b = pr.item.body;
    if (b.contains("condition") && b["condition"].is_string() && !b["condition"].get<std::string>().empty()) {
      auto e = feel::Expression::compile(b["condition"].get<std::string>());
      if (!e) return Error::invalid(item.key + ".condition: " + e.error().message);
      pr.condition = std::move(*e);
    }
    pr.priority = b.value("priority", 0);
    pr.stackable = b.value("stackable", false);
    out->c_->promotions.push_back(std::move(pr));
  }
  std::stable_sort(out->c_->promotions.begin(), out->c_->promotions.end(),
                   [](const Promotion& a, const Promotion& b) { return a.priority > b.priority; });
  for (size_t i = 0; i < out->c_->promotions.size(); ++i) {
    const Json& targets = out->c_->promotions[i].item.body.contains("products")
                              ? out->c_->promotions[i].item.body["products"] : Json::array();
    if (!targets.is_array() || targets.empty()) {
      out->c_->for_all.push_back(i);
      continue;
    }
    for (const auto& t : targets) {
      if (t.is_string()) out->c_->by_product[t.get<std::string>()].push_back(i);
    }
  }
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

  Json offers = Json::array(), excluded = Json::array();
  // Promotions that may apply today in this channel and segment, condition checked once.
  struct Live {
    const Promotion* p;
    bool ok;
    std::string why;
  };
  std::vector<Live> live;
  for (const auto& pr : c_->promotions) {
    Live l{&pr, true, ""};
    const Json& b = pr.item.body;
    auto listed = [](const Json& list, const std::string& v) {
      if (!list.is_array() || list.empty()) return true;
      for (const auto& x : list) {
        if (x == v) return true;
      }
      return false;
    };
    if (!valid_on(pr.item, rq.date)) {
      l = {&pr, false, "not valid on " + rq.date};
    } else if (!listed(b.value("channels", Json::array()), rq.channel)) {
      l = {&pr, false, "not offered in channel " + rq.channel};
    } else if (!listed(b.value("segments", Json::array()), segment)) {
      l = {&pr, false, "not for segment " + (segment.empty() ? std::string("(none)") : segment)};
    } else if (pr.condition) {
      std::vector<std::string> warnings;
      feel::Value v = pr.condition->evaluate(vars, warnings);
      if (!(v.is(feel::Type::kBoolean) && v.as_bool())) l = {&pr, false, "condition " + b.value("condition", "") + " is not met"};
    }
    live.push_back(l);
  }

  for (const auto& p : c_->products) {
    const Item& it = p.copy;
    if (rq.product && it.key != *rq.product) continue;
    const Json& b = it.body;
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
      std::vector<std::string> warnings;
      feel::Value v = rule.expr.evaluate(vars, warnings);
      if (!(v.is(feel::Type::kBoolean) && v.as_bool())) {
        std::string msg = text_in(rule.reason, lang);
        if (msg.empty()) msg = "rule " + rule.key + " (" + rule.source + ") is not met";
        Json r = reason("eligibility", msg);
        r["rule"] = rule.key;
        reasons.push_back(r);
      }
    }
    // Prices, then promotions on them.
    Json prices = Json::array();
    for (const auto& price : p.prices) {
      const Json& d = price.def;
      std::optional<double> value;
      if (d.contains("value") && d["value"].is_number()) value = d["value"].get<double>();
      if (d.contains("table") && d["table"].is_array()) {
        for (const auto& row : d["table"]) {
          static const Json kNoCondition = Json::object();
          const Json& w = row.contains("when") ? row["when"] : kNoCondition;
          if (w.contains("segment") && w["segment"] != segment) continue;
          if (w.contains("channel") && w["channel"] != rq.channel) continue;
          if (w.contains("amount") && !in_span(w["amount"], rq.amount)) continue;
          if (w.contains("term") && !in_span(w["term"], rq.term)) continue;
          if (row.contains("value") && row["value"].is_number()) value = row["value"].get<double>();
          break;
        }
      }
      if (price.expr) {
        std::vector<std::string> warnings;
        bool ok = false;
        double x = to_double(price.expr->evaluate(vars, warnings), ok);
        if (ok) value = x;
      }
      Json out = {{"key", d.value("key", "")}, {"name", text_in(d.value("name", Json::object()), lang)},
                  {"kind", d.value("kind", "oneTime")}, {"category", d.value("category", "fee")},
                  {"unit", d.value("unit", "PLN")}};
      if (d.contains("period")) out["period"] = d["period"];
      if (!value) {
        reasons.push_back(reason("price", "price " + d.value("key", "") + " has no value for these terms (segment, amount, term, channel)"));
        continue;
      }
      out["value"] = *value;
      out["baseValue"] = *value;
      prices.push_back(out);
    }
    if (!reasons.empty()) {
      excluded.push_back({{"product", it.key}, {"version", it.version}, {"name", text_in(b.value("name", Json::object()), lang)},
                          {"reasons", reasons}});
      continue;
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
      const Live& l = live[index];
      const Json& pb = l.p->item.body;
      Json ref = {{"promotion", l.p->item.key},
                  {"name", text_in(pb.contains("name") ? pb["name"] : Json::object(), lang)}};
      if (!l.ok) {
        ref["reason"] = l.why;
        skipped.push_back(ref);
        continue;
      }
      if (exclusive_taken || (any && !l.p->stackable)) {
        ref["reason"] = "does not stack with a promotion of higher priority";
        skipped.push_back(ref);
        continue;
      }
      if (!pb.contains("adjustments")) continue;
      for (const auto& adj : pb["adjustments"]) {
        for (auto& pr : prices) {
          if (pr["key"] != adj.value("price", "")) continue;
          double v = pr["value"].get<double>();
          if (adj.contains("percentOff")) v = v * (1 - adj["percentOff"].get<double>() / 100.0);
          if (adj.contains("amountOff")) v = std::max(0.0, v - adj["amountOff"].get<double>());
          if (adj.contains("delta")) v = std::max(0.0, v + adj["delta"].get<double>());
          if (adj.contains("set")) v = adj["set"].get<double>();
          v = std::round(v * 10000) / 10000;
          pr["value"] = v;
          pr["promotions"].push_back(l.p->item.key);
        }
      }
      applied.push_back(ref);
      exclusive_taken = !l.p->stackable;
      any = true;
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
    Json offer = {{"product", it.key}, {"version", it.version}, {"type", it.type_key},
                  {"name", text_in(b.value("name", Json::object()), lang)},
                  {"features", b.value("features", Json::object())}, {"prices", prices},
                  {"promotions", applied}, {"promotionsNotApplied", skipped}, {"content", content}};
    if (b.contains("package")) offer["package"] = b["package"];
    if (it.valid_from) offer["validFrom"] = *it.valid_from;
    if (it.valid_to) offer["validTo"] = *it.valid_to;
    offers.push_back(offer);
  }
  return {{"date", rq.date}, {"channel", rq.channel}, {"language", lang}, {"offers", offers}, {"excluded", excluded}};
}

}  // namespace dpc::catalogue
