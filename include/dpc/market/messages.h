// The Market's texts in Polish and English: every word the public pages and the storefront
// show (src/market/messages.cpp is the message file). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dpc::market {

// "pl" for Polish, anything else English.
inline bool is_polish(std::string_view language) { return language == "pl"; }

// The text of `key` in `language`; the key itself when it is unknown (a missing text shows
// up on the page instead of an empty space).
std::string_view message(std::string_view key, std::string_view language);

// The language a visitor asked for: "pl" or "en" from `explicit_choice` (?lang=) when it is
// one of them, else the first of those in an Accept-Language header, else Polish.
std::string choose_language(const std::string* explicit_choice, std::string_view accept_language);

}  // namespace dpc::market
