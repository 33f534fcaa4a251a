// Internal: the building blocks of the Market's server-rendered pages (market_html.cpp):
// the page frame (header, language switch, footer, one stylesheet and one small script),
// escaping, links, form fields with GOV.UK-style errors, and the simulators' result blocks.
// Texts come from dpc/market/messages.h. Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dpc/http/router.h"
#include "dpc/market/cash_loan.h"
#include "dpc/market/term_deposit.h"

namespace dpc::http::market_html {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string esc(std::string_view s);
// The visitor's text for `key`.
std::string t(std::string_view key, const std::string& lang);
// `path` with the query `params` (percent-encoded), e.g. /market/products/x?lang=en.
std::string link(std::string_view path, const Params& params);

struct Page {
  std::string lang;
  std::string title;        // <title> and nothing else (the body has its own h1)
  std::string description;  // <meta name=description>
  std::string body;         // inside <main>
  int status = 200;
};
// The whole HTML answer, with the language switch pointing at the same page in the other
// language (the request's query kept, lang replaced).
Response render(const Request& req, const Page& page);

// The language of the request (?lang= or Accept-Language).
std::string language_of(const Request& req);

// The error summary at the top (links to each field) for field -> message.
std::string error_summary(const std::map<std::string, std::string>& errors, const std::string& lang);
// A labelled text input with an optional hint and its error beside it.
std::string input(std::string_view name, std::string_view label, std::string_view value, std::string_view inputmode,
                  const std::map<std::string, std::string>& errors, std::string_view hint = {});

// The results of a loan or deposit simulation (a summary list, the schedule as a table that
// stacks on a phone).
std::string loan_result(const market::LoanSimulation& sim, const std::string& lang);
std::string deposit_result(const market::DepositSimulation& sim, const std::string& lang);

// A number the visitor typed (Polish comma allowed), or nullopt.
std::optional<double> typed_number(const std::string* text);

// GET /market/assets/market.css and /market/assets/market.js.
Response stylesheet(Request& req);
Response script(Request& req);

}  // namespace dpc::http::market_html
