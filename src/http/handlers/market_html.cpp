// The Market pages' frame and shared blocks (see market_html.h).
#include "market_html.h"

#include <cctype>
#include <cstdio>
#include <functional>

#include "dpc/forms/form_validation.h"
#include "dpc/market/messages.h"
#include "dpc/market/storefront.h"
#include "market_assets.h"

namespace dpc::http::market_html {

using namespace dpc::market;

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
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

std::string t(std::string_view key, const std::string& lang) { return std::string(message(key, lang)); }

namespace {

std::string encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A short version tag of an asset's text, so a changed file gets a new URL.
std::string version_of(std::string_view text) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(std::hash<std::string_view>{}(text) & 0xffffffffffULL));
  return buf;
}

const std::string& css_version() {
  static const std::string v = version_of(kMarketCss);
  return v;
}
const std::string& js_version() {
  static const std::string v = version_of(kMarketJs);
  return v;
}

Response asset(const Request& req, std::string_view body, const char* type, const std::string& version) {
  Response r{200, type, std::string(body), {}, nullptr, nullptr};
  std::string etag = "\"" + version + "\"";
  if (req.header("if-none-match") == etag) {
    r.status = 304;
    r.body.clear();
  }
  r.headers.emplace_back("ETag", etag);
  const std::string* v = req.query_param("v");
  r.headers.emplace_back("Cache-Control", v && *v == version ? "public, max-age=31536000, immutable" : "public, max-age=300");
  return r;
}

}  // namespace

std::string link(std::string_view path, const Params& params) {
  std::string out(path);
  char sep = '?';
  for (const auto& [k, v] : params) {
    out += sep;
    out += encode(k) + "=" + encode(v);
    sep = '&';
  }
  return out;
}

std::string language_of(const Request& req) { return choose_language(req.query_param("lang"), req.header("accept-language")); }

Response render(const Request& req, const Page& page) {
  const std::string& lang = page.lang;
  const std::string other = is_polish(lang) ? "en" : "pl";
  Params same;
  for (const auto& [k, v] : req.query) {
    if (k != "lang") same.emplace_back(k, v);
  }
  same.emplace_back("lang", other);
  const std::string switch_url = link(req.path, same);
  same.back().second = lang;
  const std::string self_url = link(req.path, same);
  auto home = link("/market", {{"lang", lang}});
  std::string h;
  h.reserve(page.body.size() + 3000);
  h += "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<title>" + esc(page.title) + " – " + t("site.name", lang) + "</title>";
  if (!page.description.empty()) h += "<meta name=\"description\" content=\"" + esc(page.description) + "\">";
  h += "<link rel=\"canonical\" href=\"" + esc(self_url) + "\">";
  h += "<link rel=\"alternate\" hreflang=\"" + other + "\" href=\"" + esc(switch_url) + "\">";
  h += "<link rel=\"stylesheet\" href=\"/market/assets/market.css?v=" + css_version() + "\">";
  h += "<script src=\"/market/assets/market.js?v=" + js_version() + "\" defer></script></head><body>";
  h += "<a class=\"skip\" href=\"#main\">" + t("site.skip", lang) + "</a>";
  h += "<header class=\"top\"><div class=\"wrap bar\"><a class=\"brand\" href=\"" + esc(home) + "\">" +
       "<span class=\"logo\" aria-hidden=\"true\">d</span>" + t("site.name", lang) + "</a>";
  h += "<nav aria-label=\"" + t("site.nav", lang) + "\"><ul>";
  h += "<li><a href=\"" + esc(home) + "\">" + t("site.products", lang) + "</a></li>";
  h += "<li><a href=\"" + esc(link("/market/offers", {{"lang", lang}})) + "\">" + t("site.offers", lang) + "</a></li>";
  h += "<li><a href=\"" + esc(link("/market/cash-loan", {{"lang", lang}})) + "\">" + t("site.calculator", lang) + "</a></li>";
  h += "<li><a class=\"lang\" href=\"" + esc(switch_url) + "\" lang=\"" + other + "\" hreflang=\"" + other + "\">" +
       t("site.otherLanguage", lang) + "</a></li>";
  h += "</ul></nav></div></header><main id=\"main\" class=\"wrap\" tabindex=\"-1\">";
  h += page.body;
  h += "</main><footer class=\"foot\"><div class=\"wrap\"><p>" + t("site.footer", lang) + "</p></div></footer></body></html>";
  Response r{page.status, "text/html; charset=utf-8", std::move(h), {}, nullptr, nullptr};
  r.headers.emplace_back("Content-Language", lang);
  r.headers.emplace_back("Vary", "Accept-Language");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

std::string error_summary(const std::map<std::string, std::string>& errors, const std::string& lang) {
  if (errors.empty()) return "";
  std::string h = "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>" + t("err.summary", lang) + "</h2><ul>";
  for (const auto& [field, msg] : errors) h += "<li><a href=\"#" + esc(field) + "\">" + esc(msg) + "</a></li>";
  return h + "</ul></div>";
}

std::string input(std::string_view name, std::string_view label, std::string_view value, std::string_view inputmode,
                  const std::map<std::string, std::string>& errors, std::string_view hint) {
  const std::string n(name);
  auto err = errors.find(n);
  std::string describedby;
  std::string h = "<div class=\"field" + std::string(err != errors.end() ? " has-error" : "") + "\">";
  h += "<label for=\"" + n + "\">" + esc(label) + "</label>";
  if (!hint.empty()) {
    h += "<p class=\"hint\" id=\"" + n + "-hint\">" + esc(hint) + "</p>";
    describedby = n + "-hint";
  }
  if (err != errors.end()) {
    h += "<p class=\"error\" id=\"" + n + "-error\">" + esc(err->second) + "</p>";
    describedby += (describedby.empty() ? "" : " ") + n + "-error";
  }
  h += "<input id=\"" + n + "\" name=\"" + n + "\" inputmode=\"" + std::string(inputmode) + "\" value=\"" + esc(value) + "\"";
  if (!describedby.empty()) h += " aria-describedby=\"" + describedby + "\"";
  if (err != errors.end()) h += " aria-invalid=\"true\"";
  return h + "></div>";
}

namespace {

std::string money(Grosz g, const std::string& lang) { return format_money(to_zloty(g), lang); }

std::string date_text(Date d, const std::string& lang) {
  std::string iso = format_date(d);
  return is_polish(lang) ? iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4)
                         : iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string summary_row(const std::string& label, const std::string& value, bool strong = false) {
  return std::string("<div class=\"row") + (strong ? " strong" : "") + "\"><dt>" + esc(label) + "</dt><dd>" + esc(value) + "</dd></div>";
}

}  // namespace

std::string loan_result(const LoanSimulation& sim, const std::string& lang) {
  std::string h = "<h2 id=\"result-title\">" + t("sim.result", lang) + "</h2><dl class=\"summary-list\">";
  h += summary_row(t("sim.apr", lang), format_percent(sim.apr, lang), true);
  h += summary_row(t("sim.instalment", lang), money(sim.instalment + sim.schedule[0].fee, lang), true);
  h += summary_row(t("sim.interest", lang), money(sim.total_interest, lang));
  h += summary_row(t("sim.fees", lang), money(sim.total_fees, lang));
  h += summary_row(t("sim.cost", lang), money(sim.total_cost, lang));
  h += summary_row(t("sim.toPay", lang), money(sim.total_to_pay, lang));
  h += "</dl><details class=\"schedule\"><summary>" + t("sim.schedule", lang) + " (" + std::to_string(sim.schedule.size()) +
       ")</summary><table class=\"stack numeric\"><caption class=\"visually-hidden\">" + t("sim.schedule", lang) +
       "</caption><thead><tr>";
  const std::string cols[] = {t("sim.n", lang), t("sim.date", lang), t("sim.colInstalment", lang), t("sim.colInterest", lang),
                              t("sim.principal", lang), t("sim.fee", lang), t("sim.balance", lang)};
  for (const auto& c : cols) h += "<th scope=\"col\">" + esc(c) + "</th>";
  h += "</tr></thead><tbody>";
  for (const auto& row : sim.schedule) {
    const std::string cells[] = {std::to_string(row.n), date_text(row.date, lang), money(row.instalment, lang),
                                 money(row.interest, lang), money(row.principal, lang), money(row.fee, lang),
                                 money(row.balance, lang)};
    h += "<tr>";
    for (size_t i = 0; i < 7; ++i) {
      h += (i == 0 ? "<th scope=\"row\" data-label=\"" : "<td data-label=\"") + esc(cols[i]) + "\">" + esc(cells[i]) +
           (i == 0 ? "</th>" : "</td>");
    }
    h += "</tr>";
  }
  return h + "</tbody></table></details>";
}

std::string deposit_result(const DepositSimulation& sim, const std::string& lang) {
  std::string h = "<h2 id=\"result-title\">" + t("sim.result", lang) + "</h2><dl class=\"summary-list\">";
  h += summary_row(t("sim.net", lang), money(sim.net_interest, lang), true);
  h += summary_row(t("sim.payout", lang), money(sim.payout, lang), true);
  h += summary_row(t("sim.gross", lang), money(sim.gross_interest, lang));
  h += summary_row(t("sim.tax", lang), money(sim.tax, lang));
  h += summary_row(t("sim.maturity", lang), date_text(sim.maturity, lang));
  return h + "</dl>";
}

std::optional<double> typed_number(const std::string* text) {
  if (!text || text->empty() || text->size() > 32) return std::nullopt;
  std::string s;
  for (char c : *text) {
    if (c == ',') s += '.';  // Polish decimal comma
    else if (c != ' ') s += c;
  }
  return forms::parse_number(s);
}

Response stylesheet(Request& req) { return asset(req, kMarketCss, "text/css; charset=utf-8", css_version()); }
Response script(Request& req) { return asset(req, kMarketJs, "text/javascript; charset=utf-8", js_version()); }

}  // namespace dpc::http::market_html
