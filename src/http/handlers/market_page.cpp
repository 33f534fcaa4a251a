// The public cash-loan simulator page, rendered on the server: works without scripts (a GET
// form whose answer is the same page with the results), Polish or English by the browser's
// Accept-Language (or ?lang=pl|en), errors in a summary at the top linking to each field and
// beside the field (the GOV.UK pattern of STYLE.md). The arithmetic is src/market's.
#include "market_page.h"

#include <cstdio>
#include <map>

#include "dpc/forms/form_validation.h"
#include "dpc/market/cash_loan.h"

namespace dpc::http {

namespace {

using namespace dpc::market;

struct Texts {
  const char* lang;
  const char* title;
  const char* intro;
  const char* amount;
  const char* months;
  const char* rate;
  const char* upfront;
  const char* monthly;
  const char* kind;
  const char* equal;
  const char* decreasing;
  const char* submit;
  const char* errors;
  const char* instalment;
  const char* interest;
  const char* cost;
  const char* apr;
  const char* schedule;
  const char* n;
  const char* date;
  const char* principal;
  const char* fee;
  const char* balance;
  const char* currency;
  const char* other;
  const char* other_href;
  const char* col_instalment;  // schedule columns
  const char* col_interest;
};

const Texts kPl = {"pl", "Kalkulator kredytu gotówkowego",
                   "Policz ratę, całkowity koszt i RRSO kredytu. Wyniki mają charakter informacyjny.",
                   "Kwota kredytu (zł)", "Okres (miesiące)", "Oprocentowanie nominalne (% rocznie)",
                   "Prowizja płatna z góry (zł)", "Opłata miesięczna (zł)", "Raty", "równe", "malejące", "Oblicz",
                   "Popraw błędy", "Pierwsza rata", "Odsetki razem", "Całkowity koszt kredytu", "RRSO",
                   "Harmonogram spłat", "Nr", "Data", "Kapitał", "Opłata", "Saldo", "zł", "English", "?lang=en", "Rata", "Odsetki"};
const Texts kEn = {"en", "Cash loan calculator",
                   "Work out the instalment, the total cost and the APR of a loan. The results are for information.",
                   "Loan amount (PLN)", "Term (months)", "Nominal interest rate (% a year)", "Upfront fee (PLN)",
                   "Monthly fee (PLN)", "Instalments", "equal", "decreasing", "Calculate", "There is a problem",
                   "First instalment", "Total interest", "Total cost of credit", "APR", "Repayment schedule", "No.",
                   "Date", "Principal", "Fee", "Balance", "PLN", "Polski", "?lang=pl", "Instalment", "Interest"};

std::string escape(const std::string& s) {
  std::string out;
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

std::string money(Grosz g, const Texts& t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld%s%02lld", static_cast<long long>(g / 100), t.lang[0] == 'p' ? "," : ".",
                static_cast<long long>(std::llabs(g % 100)));
  return std::string(buf) + "\u00a0" + t.currency;
}

const Texts& texts_for(const Request& req) {
  if (const std::string* lang = req.query_param("lang")) return *lang == "en" ? kEn : kPl;
  std::string_view accept = req.header("accept-language");
  // The first language listed decides; Polish unless it is English.
  return accept.substr(0, 2) == "en" ? kEn : kPl;
}

std::optional<double> number(const std::string* text) {
  if (!text || text->empty() || text->size() > 32) return std::nullopt;
  std::string s = *text;
  for (char& c : s) {
    if (c == ',') c = '.';  // Polish decimal comma
  }
  return forms::parse_number(s);
}

}  // namespace

Response cash_loan_page(Request& req) {
  const Texts& t = texts_for(req);
  const bool asked = req.query_param("amount") != nullptr;
  std::map<std::string, std::string> values = {{"amount", "20000"}, {"months", "36"}, {"annualRate", "9.99"},
                                               {"upfrontFee", "0"}, {"monthlyFee", "0"}, {"instalments", "equal"}};
  for (auto& [k, v] : values) {
    if (const std::string* given = req.query_param(k)) v = given->substr(0, 32);
  }
  std::map<std::string, std::string> errors;  // field -> message
  std::optional<LoanSimulation> sim;
  if (asked) {
    LoanTerms terms;
    auto read = [&](const char* field, double& out) {
      auto n = number(&values[field]);
      if (!n) errors[field] = t.lang[0] == 'p' ? "Podaj liczbę" : "Enter a number";
      else out = *n;
    };
    double months = 0;
    read("amount", terms.amount);
    read("months", months);
    read("annualRate", terms.annual_rate);
    read("upfrontFee", terms.upfront_fee);
    read("monthlyFee", terms.monthly_fee);
    terms.months = static_cast<int>(months);
    if (static_cast<double>(terms.months) != months && !errors.contains("months")) {
      errors["months"] = t.lang[0] == 'p' ? "Podaj liczbę całkowitą" : "Enter a whole number";
    }
    terms.kind = values["instalments"] == "decreasing" ? InstalmentKind::kDecreasing : InstalmentKind::kEqual;
    terms.start = today_utc();
    if (errors.empty()) {
      auto result = simulate_cash_loan(terms);
      if (result) {
        sim = std::move(*result);
      } else {
        // The message starts with the field's name (cash_loan.h); shown beside that field.
        const std::string& m = result.error().message;
        std::string field = m.substr(0, m.find(' '));
        errors[values.contains(field) ? field : "amount"] = m;
      }
    }
  }

  std::string h;
  h += "<!doctype html><html lang=\"" + std::string(t.lang) + "\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + std::string(t.title) + "</title>";
  h += "<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:56rem;padding:1rem;line-height:1.5}"
       "label{display:block;font-weight:600;margin-top:1rem}input,select{font-size:1rem;padding:.4rem;width:100%;"
       "max-width:20rem;box-sizing:border-box}button{display:block;margin-top:1.2rem;font-size:1rem;padding:.6rem 1.2rem}"
       ".error{color:#b00020;font-weight:600}.summary{border:3px solid #b00020;padding:.5rem 1rem}"
       "dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0;text-align:right}"
       ".table{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;text-align:right;"
       "border-bottom:1px solid #ccc;white-space:nowrap}</style></head><body><main>";
  h += "<p><a href=\"" + std::string(t.other_href) + "\" lang=\"" + (t.lang[0] == 'p' ? "en" : "pl") + "\">" +
       t.other + "</a></p>";
  h += "<h1>" + std::string(t.title) + "</h1><p>" + t.intro + "</p>";
  if (!errors.empty()) {
    h += "<div class=\"summary\" role=\"alert\"><h2>" + std::string(t.errors) + "</h2><ul>";
    for (const auto& [field, message] : errors) {
      h += "<li><a href=\"#" + field + "\">" + escape(message) + "</a></li>";
    }
    h += "</ul></div>";
  }
  h += "<form method=\"get\" action=\"/market/cash-loan\"><input type=\"hidden\" name=\"lang\" value=\"" +
       std::string(t.lang) + "\">";
  auto field = [&](const char* name, const char* label, const char* mode) {
    h += "<label for=\"" + std::string(name) + "\">" + label + "</label>";
    if (errors.contains(name)) {
      h += "<p class=\"error\" id=\"" + std::string(name) + "-error\">" + escape(errors[name]) + "</p>";
    }
    h += "<input id=\"" + std::string(name) + "\" name=\"" + name + "\" inputmode=\"" + mode + "\" value=\"" +
         escape(values[name]) + "\"" +
         (errors.contains(name) ? " aria-invalid=\"true\" aria-describedby=\"" + std::string(name) + "-error\"" : "") +
         ">";
  };
  field("amount", t.amount, "decimal");
  field("months", t.months, "numeric");
  field("annualRate", t.rate, "decimal");
  field("upfrontFee", t.upfront, "decimal");
  field("monthlyFee", t.monthly, "decimal");
  bool decreasing = values["instalments"] == "decreasing";
  h += "<label for=\"instalments\">" + std::string(t.kind) + "</label><select id=\"instalments\" name=\"instalments\">";
  h += "<option value=\"equal\"" + std::string(decreasing ? "" : " selected") + ">" + t.equal + "</option>";
  h += "<option value=\"decreasing\"" + std::string(decreasing ? " selected" : "") + ">" + t.decreasing + "</option>";
  h += "</select><button type=\"submit\">" + std::string(t.submit) + "</button></form>";
  if (sim) {
    char apr[32];
    std::snprintf(apr, sizeof apr, "%.2f", sim->apr);
    std::string apr_text = apr;
    if (t.lang[0] == 'p') apr_text.replace(apr_text.find('.'), 1, ",");
    h += "<h2>" + std::string(t.apr) + ": " + apr_text + "%</h2><dl>";
    h += "<dt>" + std::string(t.instalment) + "</dt><dd>" + money(sim->instalment + sim->schedule[0].fee, t) + "</dd>";
    h += "<dt>" + std::string(t.interest) + "</dt><dd>" + money(sim->total_interest, t) + "</dd>";
    h += "<dt>" + std::string(t.cost) + "</dt><dd>" + money(sim->total_cost, t) + "</dd></dl>";
    h += "<h2>" + std::string(t.schedule) + "</h2><div class=\"table\" tabindex=\"0\" role=\"region\" aria-label=\"" +
         t.schedule + "\"><table><thead><tr><th scope=\"col\">" + t.n + "</th><th scope=\"col\">" + t.date +
         "</th><th scope=\"col\">" + t.col_instalment + "</th><th scope=\"col\">" + t.col_interest + "</th><th scope=\"col\">" +
         t.principal + "</th><th scope=\"col\">" + t.fee + "</th><th scope=\"col\">" + t.balance +
         "</th></tr></thead><tbody>";
    for (const auto& row : sim->schedule) {
      h += "<tr><td>" + std::to_string(row.n) + "</td><td>" + format_date(row.date) + "</td><td>" +
           money(row.instalment, t) + "</td><td>" + money(row.interest, t) + "</td><td>" + money(row.principal, t) +
           "</td><td>" + money(row.fee, t) + "</td><td>" + money(row.balance, t) + "</td></tr>";
    }
    h += "</tbody></table></div>";
  }
  h += "</main></body></html>";
  Response r{errors.empty() ? 200 : 400, "text/html; charset=utf-8", std::move(h), {}, nullptr, nullptr};
  r.headers.emplace_back("Content-Language", t.lang);
  r.headers.emplace_back("Vary", "Accept-Language");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace dpc::http
