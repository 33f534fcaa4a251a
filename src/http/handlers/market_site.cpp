// The Market's public pages and JSON (see market_site.h): each handler reads the request,
// asks the storefront, and renders its answer; markup blocks are market_html's.
#include "market_site.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "dpc/http/query.h"
#include "dpc/market/messages.h"
#include "market_html.h"

namespace dpc::http {

namespace {

using nlohmann::json;
using namespace dpc::market;
using namespace dpc::http::market_html;

constexpr size_t kMaxPageBody = 4 * 1024;  // GET pages carry no body; a small allowance

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::string fill(std::string text, const std::string& name, const std::string& value) {
  auto at = text.find("{" + name + "}");
  if (at != std::string::npos) text.replace(at, name.size() + 2, value);
  return text;
}

Visitor visitor_of(const Request& req) {
  Visitor v;
  v.language = language_of(req);
  return v;
}

std::string breadcrumb(const std::string& lang, const std::vector<std::pair<std::string, std::string>>& trail) {
  std::string h = "<nav class=\"breadcrumb\" aria-label=\"" + t("site.breadcrumb", lang) + "\"><ol>";
  h += "<li><a href=\"" + esc(link("/market", {{"lang", lang}})) + "\">" + t("site.home", lang) + "</a></li>";
  for (size_t i = 0; i < trail.size(); ++i) {
    if (i + 1 == trail.size()) {
      h += "<li aria-current=\"page\">" + esc(trail[i].first) + "</li>";
    } else {
      h += "<li><a href=\"" + esc(trail[i].second) + "\">" + esc(trail[i].first) + "</a></li>";
    }
  }
  return h + "</ol></nav>";
}

std::string product_url(const std::string& id, const std::string& lang) { return link("/market/products/" + id, {{"lang", lang}}); }

// "/forms/{form}?productId=..&amount=..&months=..&lang=.." (contracts.md), or empty.
std::string apply_url(const json& product, const std::string& lang, std::optional<double> amount, std::optional<int> months) {
  std::string form = str(product, "applicationForm");
  if (form.empty()) return "";
  Params p = {{"productId", str(product, "id")}};
  if (amount) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", *amount);
    std::string a = buf;
    if (a.ends_with(".00")) a.resize(a.size() - 3);
    p.emplace_back("amount", a);
  }
  if (months) p.emplace_back("months", std::to_string(*months));
  p.emplace_back("lang", lang);
  return link("/forms/" + form, p);
}

std::string headline(const json& s) {
  if (!s.contains("headline")) return "";
  return "<p class=\"headline\"><small>" + esc(str(s["headline"], "label")) + "</small>" + esc(str(s["headline"], "text")) + "</p>";
}

// A product card of a list; `extra` goes before its links.
std::string card(const json& s, const std::string& lang, const std::string& extra = "") {
  std::string h = "<li class=\"card\"><h2><a href=\"" + esc(product_url(str(s, "id"), lang)) + "\">" + esc(str(s, "title")) +
                  "</a></h2>";
  h += "<p class=\"meta\">" + esc(str(s, "name")) + "</p>";
  h += str(s, "summary").empty() ? "<div class=\"grow\"></div>" : "<p class=\"grow\">" + esc(str(s, "summary")) + "</p>";
  h += headline(s);
  h += extra;
  return h + "</li>";
}

Response not_found_page(const Request& req, const std::string& lang, const std::string& message_text) {
  std::string body = "<h1>" + t("err.notFoundTitle", lang) + "</h1><p class=\"lead\">" + esc(message_text) + "</p><p><a href=\"" +
                     esc(link("/market", {{"lang", lang}})) + "\">" + t("err.notFoundBack", lang) + "</a></p>";
  return render(req, {lang, t("err.notFoundTitle", lang), "", body, 404});
}

Response failure_page(const Request& req, const std::string& lang, const Error& e) {
  if (e.kind == ErrorKind::kNotFound) return not_found_page(req, lang, e.message);
  if (e.kind == ErrorKind::kInvalidArgument) {
    std::string body = "<h1>" + t("err.summary", lang) + "</h1><p class=\"lead\">" + esc(e.message) + "</p><p><a href=\"" +
                       esc(link("/market", {{"lang", lang}})) + "\">" + t("err.notFoundBack", lang) + "</a></p>";
    return render(req, {lang, t("err.summary", lang), "", body, 400});
  }
  return error_response(e);
}

// ---------------------------------------------------------------- pages

Response home_page(Storefront& store, Request& req) {
  Visitor v = visitor_of(req);
  auto cats = store.categories(v);
  if (!cats) return failure_page(req, v.language, cats.error());
  const std::string& lang = v.language;
  std::string h = "<h1>" + t("home.title", lang) + "</h1><p class=\"lead\">" + t("home.intro", lang) + "</p>";
  if ((*cats)["categories"].empty()) h += "<p>" + t("home.none", lang) + "</p>";
  h += "<ul class=\"cards\">";
  for (const auto& c : (*cats)["categories"]) {
    int n = c["products"].get<int>();
    std::string url = link("/market/categories/" + str(c, "id"), {{"lang", lang}});
    h += "<li class=\"card\"><h2><a href=\"" + esc(url) + "\">" + esc(str(c, "name")) + "</a></h2>";
    if (!str(c, "description").empty()) h += "<p>" + esc(str(c, "description")) + "</p>";
    h += "<p class=\"meta grow\">" + std::to_string(n) + " " + t(n == 1 ? "category.products1" : "category.productsN", lang) + "</p>";
    h += "<p><a class=\"button secondary\" href=\"" + esc(url) + "\">" + t("category.see", lang) +
         "<span class=\"visually-hidden\">: " + esc(str(c, "name")) + "</span></a></p></li>";
  }
  h += "</ul><section class=\"panel\"><h2>" + t("site.offers", lang) + "</h2><p>" + t("home.personal", lang) +
       "</p><p><a class=\"button\" href=\"" + esc(link("/market/offers", {{"lang", lang}})) + "\">" + t("home.personalLink", lang) +
       "</a></p></section>";
  return render(req, {lang, t("home.title", lang), t("home.intro", lang), h});
}

Response category_page(Storefront& store, Request& req) {
  Visitor v = visitor_of(req);
  const std::string& lang = v.language;
  auto list = store.products(v, req.path_param("id"));
  if (!list) return failure_page(req, lang, list.error());
  const std::string name = str((*list)["category"], "name");
  std::string h = breadcrumb(lang, {{name, ""}});
  h += "<h1>" + esc(name) + "</h1>";
  const bool comparable = (*list)["products"].size() >= 2;
  if (comparable) h += "<p class=\"lead\">" + t("list.compareHint", lang) + "</p>";
  h += "<form method=\"get\" action=\"/market/compare\"><input type=\"hidden\" name=\"lang\" value=\"" + lang + "\"><ul class=\"cards\">";
  for (const auto& s : (*list)["products"]) {
    std::string extra;
    if (comparable) {
      extra += "<label class=\"check\"><input type=\"checkbox\" name=\"products\" value=\"" + esc(str(s, "id")) + "\">" +
               t("list.compare", lang) + "<span class=\"visually-hidden\">: " + esc(str(s, "name")) + "</span></label>";
    }
    extra += "<p><a class=\"button secondary\" href=\"" + esc(product_url(str(s, "id"), lang)) + "\">" + t("list.details", lang) +
             "<span class=\"visually-hidden\">: " + esc(str(s, "name")) + "</span></a></p>";
    h += card(s, lang, extra);
  }
  h += "</ul>";
  if (comparable) h += "<button class=\"button\" type=\"submit\">" + t("list.compareButton", lang) + "</button>";
  h += "</form>";
  return render(req, {lang, name, name, h});
}

// The simulator section of a product page: the form, its errors, and with values its result.
std::string simulator_section(Storefront& store, const Request& req, const Visitor& v, const json& product,
                              std::map<std::string, std::string>& errors, int& status) {
  const std::string& lang = v.language;
  const std::string kind = str(product, "simulator");
  const bool loan = kind == "cash-loan";
  const std::string id = str(product, "id");
  const json& limits = product["limits"];
  std::string amount_text, months_text;
  if (const std::string* a = req.query_param("amount")) amount_text = a->substr(0, 32);
  if (const std::string* m = req.query_param("months")) months_text = m->substr(0, 32);
  const bool asked = req.query_param("amount") != nullptr;
  const std::string instalments = req.query_param("instalments") && *req.query_param("instalments") == "decreasing" ? "decreasing" : "equal";
  std::string result;
  std::optional<double> amount;
  std::optional<int> months;
  if (asked) {
    amount = typed_number(&amount_text);
    auto m = typed_number(&months_text);
    if (!amount) errors["amount"] = t("err.number", lang);
    if (!m) errors["months"] = t("err.number", lang);
    else if (*m != static_cast<int>(*m)) errors["months"] = t("err.whole", lang);
    else months = static_cast<int>(*m);
    if (errors.empty()) {
      Date today = today_utc();
      std::string sim_html;
      Error failure;
      bool ok = false;
      if (loan) {
        auto kind_of = instalments == "decreasing" ? InstalmentKind::kDecreasing : InstalmentKind::kEqual;
        auto terms = store.loan_terms(v, id, *amount, *months, kind_of, today);
        if (terms) {
          auto sim = simulate_cash_loan(*terms);
          if (sim) {
            sim_html = loan_result(*sim, lang);
            ok = true;
          } else {
            failure = sim.error();
          }
        } else {
          failure = terms.error();
        }
      } else {
        auto terms = store.deposit_terms(v, id, *amount, *months, today);
        if (terms) {
          auto sim = simulate_term_deposit(*terms);
          if (sim) {
            sim_html = deposit_result(*sim, lang);
            ok = true;
          } else {
            failure = sim.error();
          }
        } else {
          failure = terms.error();
        }
      }
      if (ok) {
        result = sim_html;
      } else {
        // The message starts with the field's name ("amount: ..."); shown beside that field.
        std::string field = failure.message.substr(0, failure.message.find(':'));
        std::string text = failure.message.find(": ") != std::string::npos ? failure.message.substr(failure.message.find(": ") + 2) : failure.message;
        errors[field == "months" ? "months" : "amount"] = text;
      }
    }
    if (!errors.empty()) status = 400;
  }
  if (amount_text.empty()) amount_text = format_number(product["terms"]["amount"].get<double>(), 0, "en").c_str();
  if (months_text.empty()) months_text = std::to_string(product["terms"]["months"].get<int>());
  // format_number("en") groups with commas; the field wants plain digits.
  std::erase(amount_text, ',');
  std::string h = "<section id=\"simulator\" class=\"panel\" aria-labelledby=\"simulator-title\"><h2 id=\"simulator-title\">" +
                  t("product.simulator", lang) + "</h2>";
  h += error_summary(errors, lang);
  h += "<form method=\"get\" action=\"/market/products/" + esc(id) + "#simulator\" data-live=\"simulator\" novalidate>";
  h += "<input type=\"hidden\" name=\"lang\" value=\"" + lang + "\"><div class=\"sim-fields\">";
  auto range = [&](const char* key, bool money) {
    std::string text = t("sim.range", lang);
    auto whole = [&](double x) {
      std::string n = format_number(x, 0, lang);
      return is_polish(lang) ? n + "\u00a0zł" : "PLN\u00a0" + n;
    };
    text = fill(text, "min", money ? whole(limits[key]["min"].get<double>()) : std::to_string(limits[key]["min"].get<int>()));
    return fill(text, "max", money ? whole(limits[key]["max"].get<double>()) : std::to_string(limits[key]["max"].get<int>()));
  };
  h += input("amount", t(loan ? "sim.amountLoan" : "sim.amountDeposit", lang), amount_text, "decimal", errors, range("amount", true));
  h += input("months", t("sim.months", lang), months_text, "numeric", errors, range("months", false));
  h += "</div>";
  if (loan) {
    h += "<div class=\"field\"><label for=\"instalments\">" + t("sim.kind", lang) + "</label><select id=\"instalments\" name=\"instalments\">";
    h += "<option value=\"equal\"" + std::string(instalments == "equal" ? " selected" : "") + ">" + t("sim.equal", lang) + "</option>";
    h += "<option value=\"decreasing\"" + std::string(instalments == "decreasing" ? " selected" : "") + ">" + t("sim.decreasing", lang) + "</option></select></div>";
  }
  h += "<button class=\"button secondary\" type=\"submit\">" + t("product.simulate", lang) + "</button></form>";
  h += result;
  std::string apply = apply_url(product, lang, result.empty() ? product["terms"]["amount"].get<double>() : *amount,
                                result.empty() ? product["terms"]["months"].get<int>() : *months);
  if (!apply.empty()) {
    h += "<p class=\"actions\"><a class=\"button\" id=\"apply\" href=\"" + esc(apply) + "\">" +
         t(result.empty() ? "product.apply" : "product.applyWith", lang) + "</a></p>";
  }
  return h + "</section>";
}

Response product_page(Storefront& store, Request& req) {
  Visitor v = visitor_of(req);
  const std::string& lang = v.language;
  // Prices for the visitor's terms when they are sound, else for the product's example terms
  // (the simulator section then names what is wrong).
  Terms terms;
  terms.amount = typed_number(req.query_param("amount"));
  if (auto m = typed_number(req.query_param("months")); m && *m == static_cast<int>(*m)) terms.months = static_cast<int>(*m);
  auto p = store.product(v, req.path_param("id"), terms);
  if (!p && p.error().kind == ErrorKind::kInvalidArgument) p = store.product(v, req.path_param("id"));
  if (!p) return failure_page(req, lang, p.error());
  json& product = *p;
  std::map<std::string, std::string> errors;
  int status = 200;
  std::string side;
  if (!str(product, "simulator").empty()) {
    side = simulator_section(store, req, v, product, errors, status);
  } else if (std::string apply = apply_url(product, lang, std::nullopt, std::nullopt); !apply.empty()) {
    side = "<section class=\"panel\"><p class=\"actions\"><a class=\"button\" id=\"apply\" href=\"" + esc(apply) + "\">" +
           t("product.apply", lang) + "</a></p></section>";
  }
  std::string h = breadcrumb(lang, {{str(product, "categoryName"), link("/market/categories/" + str(product, "category"), {{"lang", lang}})},
                                    {str(product, "name"), ""}});
  // On a phone the simulator follows the introduction; on a desktop it is the right column.
  h += "<div class=\"product\"><div class=\"top-part\">";
  for (const auto& promo : product["promotions"]) h += "<p><span class=\"badge\">" + t("prices.promotion", lang) + ": " + esc(str(promo, "name")) + "</span></p>";
  h += "<h1>" + esc(str(product, "title")) + "</h1>";
  if (!str(product, "summary").empty()) h += "<p class=\"lead\">" + esc(str(product, "summary")) + "</p>";
  // The catalogue sanitized this HTML to an allow-list when it was saved.
  if (!str(product, "html").empty()) h += "<div class=\"content\">" + str(product, "html") + "</div>";
  h += "</div><div class=\"side\">" + side + "</div><div class=\"rest\">";
  if (!product["prices"].empty()) {
    h += "<h2>" + t("prices", lang) + "</h2>";
    if (product.contains("terms")) {
      std::string note = fill(t("prices.for", lang), "amount", format_money(product["terms"]["amount"].get<double>(), lang));
      h += "<p class=\"hint\">" + esc(fill(note, "months", std::to_string(product["terms"]["months"].get<int>()))) + "</p>";
    }
    h += "<table class=\"prices\"><thead><tr><th scope=\"col\">" + t("prices.name", lang) + "</th><th scope=\"col\">" +
         t("prices.value", lang) + "</th></tr></thead><tbody>";
    for (const auto& pr : product["prices"]) {
      std::string value = esc(str(pr, "text"));
      if (pr.value("promotion", false)) value += " <del><span class=\"visually-hidden\">" + t("prices.was", lang) + " </span>" + esc(str(pr, "baseText")) + "</del>";
      h += "<tr><th scope=\"row\" class=\"rowhead\">" + esc(str(pr, "name")) + "</th><td class=\"value\" data-label=\"" +
           t("prices.value", lang) + "\">" + value + "</td></tr>";
    }
    h += "</tbody></table>";
  }
  h += "<h2>" + t("product.features", lang) + "</h2>";
  for (const auto& g : product["features"]) {
    std::string label = g["label"].is_string() ? g["label"].get<std::string>() : t("product.general", lang);
    h += "<h3>" + esc(label) + "</h3><dl class=\"summary-list\">";
    for (const auto& r : g["rows"]) {
      std::string text = esc(str(r, "text"));
      // A table feature's rows ("a – 1%; b – 2%") one per line.
      for (size_t at = text.find("; "); at != std::string::npos; at = text.find("; ", at)) text.replace(at, 2, "<br>");
      h += "<div class=\"row\"><dt>" + esc(str(r, "label")) + "</dt><dd>" + text + "</dd></div>";
    }
    h += "</dl>";
  }
  if (!product["assets"].empty()) {
    h += "<h2>" + t("product.documents", lang) + "</h2><ul>";
    for (const auto& a : product["assets"]) h += "<li><a href=\"" + esc(str(a, "url")) + "\">" + esc(str(a, "label")) + "</a></li>";
    h += "</ul>";
  }
  h += "</div></div>";
  return render(req, {lang, str(product, "title"), str(product, "summary"), h, status});
}

std::vector<std::string> compare_ids(const Request& req) {
  std::vector<std::string> ids;
  for (const auto& [k, v] : req.query) {
    if (k != "products") continue;
    size_t pos = 0;
    while (pos <= v.size()) {
      size_t end = v.find(',', pos);
      std::string id = v.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      if (!id.empty()) ids.push_back(id);
      if (end == std::string::npos) break;
      pos = end + 1;
    }
  }
  return ids;
}

Response compare_page(Storefront& store, Request& req) {
  Visitor v = visitor_of(req);
  const std::string& lang = v.language;
  auto c = store.compare(v, compare_ids(req));
  if (!c) return failure_page(req, lang, c.error());
  const json& products = (*c)["products"];
  std::string h = breadcrumb(lang, {{t("compare.title", lang), ""}});
  h += "<h1>" + t("compare.title", lang) + "</h1><p class=\"lead\">" + t("compare.legend", lang) + "</p>";
  h += "<table class=\"stack compare\"><caption class=\"visually-hidden\">" + t("compare.title", lang) + "</caption><thead><tr><th scope=\"col\">" +
       t("compare.feature", lang) + "</th>";
  for (const auto& p : products) {
    h += "<th scope=\"col\"><a href=\"" + esc(product_url(str(p, "id"), lang)) + "\">" + esc(str(p, "title")) + "</a></th>";
  }
  h += "</tr></thead><tbody>";
  const std::string span = std::to_string(products.size() + 1);
  for (const auto& s : (*c)["sections"]) {
    std::string label = s["label"].is_string() ? s["label"].get<std::string>() : t("product.general", lang);
    h += "<tr class=\"section\"><th scope=\"colgroup\" class=\"rowhead\" colspan=\"" + span + "\">" + esc(label) + "</th></tr>";
    for (const auto& r : s["rows"]) {
      bool differs = r["differs"].get<bool>();
      h += std::string("<tr") + (differs ? " class=\"differs\"" : "") + "><th scope=\"row\" class=\"rowhead\">" + esc(str(r, "label")) +
           (differs ? " <span class=\"tag\">" + t("compare.differs", lang) + "</span>" : "") + "</th>";
      for (size_t i = 0; i < products.size(); ++i) {
        const json& value = r["values"][i];
        h += "<td data-label=\"" + esc(str(products[i], "name")) + "\">" +
             esc(value.is_string() ? value.get<std::string>() : t("compare.none", lang)) + "</td>";
      }
      h += "</tr>";
    }
  }
  h += "<tr class=\"section\"><th scope=\"colgroup\" class=\"rowhead\" colspan=\"" + span + "\"><span class=\"visually-hidden\">" +
       t("product.apply", lang) + "</span></th></tr><tr><th scope=\"row\" class=\"rowhead\"><span class=\"visually-hidden\">" +
       t("product.apply", lang) + "</span></th>";
  for (const auto& p : products) {
    std::string apply = apply_url(p, lang, std::nullopt, std::nullopt);
    h += "<td data-label=\"" + esc(str(p, "name")) + "\">";
    h += apply.empty() ? "<a href=\"" + esc(product_url(str(p, "id"), lang)) + "\">" + t("list.details", lang) + "</a>"
                       : "<a class=\"button\" href=\"" + esc(apply) + "\">" + t("product.apply", lang) +
                             "<span class=\"visually-hidden\">: " + esc(str(p, "name")) + "</span></a>";
    h += "</td>";
  }
  h += "</tr></tbody></table>";
  return render(req, {lang, t("compare.title", lang), "", h});
}

Response offers_page(Storefront& store, Request& req) {
  Visitor v = visitor_of(req);
  const std::string& lang = v.language;
  auto segments = store.segments(v);
  if (!segments) return failure_page(req, lang, segments.error());
  std::map<std::string, std::string> errors;
  std::string age_text, income_text, segment;
  if (const std::string* a = req.query_param("age")) age_text = a->substr(0, 32);
  if (const std::string* i = req.query_param("income")) income_text = i->substr(0, 32);
  if (const std::string* s = req.query_param("segment")) segment = s->substr(0, 64);
  const bool asked = req.query_param("age") != nullptr;
  std::string results;
  int status = 200;
  if (asked) {
    Facts facts;
    auto age = typed_number(&age_text);
    auto income = typed_number(&income_text);
    if (!age || *age != static_cast<int>(*age)) errors["age"] = t("err.age", lang);
    else facts.age = static_cast<int>(*age);
    if (!income) errors["income"] = t("err.income", lang);
    else facts.income = *income;
    facts.segment = segment;
    if (errors.empty()) {
      auto offers = store.personal_offers(v, facts);
      if (!offers) {
        const std::string& m = offers.error().message;
        std::string field = m.substr(0, m.find(':'));
        errors[field == "income" || field == "segment" ? field : "age"] = m.find(": ") != std::string::npos ? m.substr(m.find(": ") + 2) : m;
      } else {
        results += "<section aria-labelledby=\"eligible-title\"><h2 id=\"eligible-title\" tabindex=\"-1\">" + t("offers.eligible", lang) +
                   " (" + std::to_string((*offers)["eligible"].size()) + ")</h2>";
        if ((*offers)["eligible"].empty()) results += "<p>" + t("offers.noneEligible", lang) + "</p>";
        results += "<ul class=\"cards\">";
        for (const auto& s : (*offers)["eligible"]) {
          std::string extra = "<p><a class=\"button secondary\" href=\"" + esc(product_url(str(s, "id"), lang)) + "\">" +
                              t("list.details", lang) + "<span class=\"visually-hidden\">: " + esc(str(s, "name")) + "</span></a></p>";
          results += card(s, lang, extra);
        }
        results += "</ul></section>";
        if (!(*offers)["notEligible"].empty()) {
          results += "<section aria-labelledby=\"not-eligible-title\"><h2 id=\"not-eligible-title\">" + t("offers.notEligible", lang) +
                     "</h2><ul class=\"cards\">";
          for (const auto& s : (*offers)["notEligible"]) {
            results += "<li class=\"card\"><h3>" + esc(str(s, "title")) + "</h3><p class=\"meta\">" + esc(str(s, "name")) + "</p><p>" +
                       t("offers.why", lang) + "</p><ul class=\"reasons\">";
            for (const auto& r : s["reasons"]) results += "<li>" + esc(r.get<std::string>()) + "</li>";
            results += "</ul></li>";
          }
          results += "</ul></section>";
        }
      }
    }
    if (!errors.empty()) status = 400;
  }
  std::string h = breadcrumb(lang, {{t("offers.title", lang), ""}});
  h += "<h1>" + t("offers.title", lang) + "</h1><p class=\"lead\">" + t("offers.intro", lang) + "</p>";
  h += error_summary(errors, lang);
  h += "<form class=\"panel\" method=\"get\" action=\"/market/offers#eligible-title\" novalidate><input type=\"hidden\" name=\"lang\" value=\"" + lang + "\"><div class=\"sim-fields\">";
  h += input("age", t("offers.age", lang), age_text, "numeric", errors);
  h += input("income", t("offers.income", lang), income_text, "decimal", errors);
  h += "</div><div class=\"field" + std::string(errors.contains("segment") ? " has-error" : "") + "\"><label for=\"segment\">" +
       t("offers.segment", lang) + "</label>";
  if (errors.contains("segment")) h += "<p class=\"error\" id=\"segment-error\">" + esc(errors["segment"]) + "</p>";
  h += "<select id=\"segment\" name=\"segment\"><option value=\"\">" + t("offers.segmentNone", lang) + "</option>";
  for (const auto& s : (*segments)["segments"]) {
    h += "<option value=\"" + esc(str(s, "id")) + "\"" + (str(s, "id") == segment ? " selected" : "") + ">" + esc(str(s, "name")) + "</option>";
  }
  h += "</select></div><button class=\"button\" type=\"submit\">" + t("offers.show", lang) + "</button></form>";
  h += results;
  return render(req, {lang, t("offers.title", lang), t("offers.intro", lang), h, status});
}

// ---------------------------------------------------------------- JSON

Result<Visitor> api_visitor(const Request& req) {
  Visitor v;
  v.language = choose_language(req.query_param("lang"), req.header("accept-language"));
  if (const std::string* c = req.query_param("channel")) {
    if (c->empty() || c->size() > 32 || !std::all_of(c->begin(), c->end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); })) {
      return Error::invalid("channel: must be a channel code such as online or mobile");
    }
    v.channel = *c;
  }
  return v;
}

Response json_answer(const Result<json>& r) {
  if (!r) return error_response(r.error());
  Response out = Response::json(200, r->dump());
  out.headers.emplace_back("Vary", "Accept-Language");
  return out;
}

Result<Terms> api_terms(const Request& req) {
  Terms t;
  if (const std::string* a = req.query_param("amount")) {
    auto n = typed_number(a);
    if (!n) return Error::invalid("amount: must be a number");
    t.amount = *n;
  }
  auto months = query_int(req, "months");
  if (!months) return months.error();
  if (*months) t.months = static_cast<int>(std::clamp(**months, -1'000'000LL, 1'000'000LL));
  return t;
}

}  // namespace

void add_market_site_routes(Router& router, RateLimiter& limiter, Storefront& s) {
  auto page = [&](Response (*f)(Storefront&, Request&)) {
    return public_endpoint(limiter, kMaxPageBody, [&s, f](Request& r) { return f(s, r); });
  };
  router.add(Method::kGet, "/market", page(home_page));
  router.add(Method::kGet, "/market/categories/{id}", page(category_page));
  router.add(Method::kGet, "/market/products/{id}", page(product_page));
  router.add(Method::kGet, "/market/compare", page(compare_page));
  router.add(Method::kGet, "/market/offers", page(offers_page));
  router.add(Method::kGet, "/market/assets/market.css", public_endpoint(limiter, kMaxPageBody, stylesheet));
  router.add(Method::kGet, "/market/assets/market.js", public_endpoint(limiter, kMaxPageBody, script));

  router.add(Method::kGet, "/api/market/categories", public_endpoint(limiter, kMaxPageBody, [&s](Request& r) {
               auto v = api_visitor(r);
               return v ? json_answer(s.categories(*v)) : error_response(v.error());
             }));
  router.add(Method::kGet, "/api/market/products", public_endpoint(limiter, kMaxPageBody, [&s](Request& r) {
               auto v = api_visitor(r);
               if (!v) return error_response(v.error());
               const std::string* category = r.query_param("category");
               return json_answer(category ? s.products(*v, *category) : s.all_products(*v));
             }));
  router.add(Method::kGet, "/api/market/products/{id}", public_endpoint(limiter, kMaxPageBody, [&s](Request& r) {
               auto v = api_visitor(r);
               if (!v) return error_response(v.error());
               auto terms = api_terms(r);
               if (!terms) return error_response(terms.error());
               return json_answer(s.product(*v, r.path_param("id"), *terms));
             }));
  router.add(Method::kGet, "/api/market/compare", public_endpoint(limiter, kMaxPageBody, [&s](Request& r) {
               auto v = api_visitor(r);
               return v ? json_answer(s.compare(*v, compare_ids(r))) : error_response(v.error());
             }));
  router.add(Method::kGet, "/api/market/segments", public_endpoint(limiter, kMaxPageBody, [&s](Request& r) {
               auto v = api_visitor(r);
               return v ? json_answer(s.segments(*v)) : error_response(v.error());
             }));
  router.add(Method::kPost, "/api/market/offers", public_endpoint(limiter, kMaxPageBody, [&s](Request& r) {
               auto v = api_visitor(r);
               if (!v) return error_response(v.error());
               auto body = json_body(r);
               if (!body) return error_response(body.error());
               Facts f;
               auto age = integer_field(*body, "age");
               if (!age) return error_response(age.error());
               if (!*age) return error_response(Error::invalid("age: is required"));
               f.age = static_cast<int>(std::clamp(**age, -1LL, 1000LL));
               auto income = body->find("income");
               if (income == body->end() || !income->is_number()) return error_response(Error::invalid("income: is required (a number)"));
               f.income = income->get<double>();
               auto segment = string_field(*body, "segment");
               if (!segment) return error_response(segment.error());
               f.segment = segment->value_or("");
               return json_answer(s.personal_offers(*v, f));
             }));
}

}  // namespace dpc::http
