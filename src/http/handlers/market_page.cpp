// The public cash-loan calculator on explicit terms (for partners and the curious), rendered on
// the server in the Market's frame: works without scripts (a GET form whose answer is the
// same page with the results; the Market's script swaps the result in place), Polish or
// English by Accept-Language (or ?lang=pl|en), errors in a summary at the top linking to each
// field and beside the field (the GOV.UK pattern of STYLE.md). The arithmetic is src/market's.
#include "market_page.h"

#include <map>

#include "dpc/market/cash_loan.h"
#include "market_html.h"

namespace dpc::http {

using namespace dpc::market;
using namespace dpc::http::market_html;

Response cash_loan_page(Request& req) {
  const std::string lang = language_of(req);
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
      auto n = typed_number(&values[field]);
      if (!n) errors[field] = t("err.number", lang);
      else out = *n;
    };
    double months = 0;
    read("amount", terms.amount);
    read("months", months);
    read("annualRate", terms.annual_rate);
    read("upfrontFee", terms.upfront_fee);
    read("monthlyFee", terms.monthly_fee);
    terms.months = static_cast<int>(months);
    if (static_cast<double>(terms.months) != months && !errors.contains("months")) errors["months"] = t("err.whole", lang);
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

  std::string h = "<h1>" + t("sim.calcTitle", lang) + "</h1><p class=\"lead\">" + t("sim.calcIntro", lang) + "</p>";
  h += "<section id=\"calculator\" class=\"panel\" aria-label=\"" + t("sim.calcTitle", lang) + "\">";
  h += error_summary(errors, lang);
  h += "<form method=\"get\" action=\"/market/cash-loan#calculator\" data-live=\"calculator\" novalidate>"
       "<input type=\"hidden\" name=\"lang\" value=\"" + lang + "\"><div class=\"sim-fields\">";
  h += input("amount", t("sim.amountLoan", lang), values["amount"], "decimal", errors);
  h += input("months", t("sim.months", lang), values["months"], "numeric", errors);
  h += input("annualRate", t("sim.rate", lang), values["annualRate"], "decimal", errors);
  h += input("upfrontFee", t("sim.upfront", lang), values["upfrontFee"], "decimal", errors);
  h += input("monthlyFee", t("sim.monthly", lang), values["monthlyFee"], "decimal", errors);
  bool decreasing = values["instalments"] == "decreasing";
  h += "<div class=\"field\"><label for=\"instalments\">" + t("sim.kind", lang) + "</label><select id=\"instalments\" name=\"instalments\">";
  h += "<option value=\"equal\"" + std::string(decreasing ? "" : " selected") + ">" + t("sim.equal", lang) + "</option>";
  h += "<option value=\"decreasing\"" + std::string(decreasing ? " selected" : "") + ">" + t("sim.decreasing", lang) + "</option>";
  h += "</select></div></div><button class=\"button\" type=\"submit\">" + t("product.simulate", lang) + "</button></form>";
  if (sim) h += loan_result(*sim, lang);
  h += "</section>";
  return render(req, {lang, t("sim.calcTitle", lang), t("sim.calcIntro", lang), h, errors.empty() ? 200 : 400});
}

}  // namespace dpc::http
