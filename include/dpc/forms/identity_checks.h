// Checks of Polish and European identifiers that application forms ask for, by their
// checksums: PESEL (the Polish national identification number), IBAN (ISO 13616, mod 97),
// Polish phone numbers, e-mail addresses. Pure functions; thread-safe.
//
// A form field asks for one through its form-js custom properties (the editor's "Custom
// properties" group): "properties": {"validationType": "pesel" | "iban" | "phonePL" | "email"}.
#pragma once

#include <string_view>

namespace dpc::forms {

// 11 digits, weights 1-3-7-9 checksum, and a real date of birth (the month carries the
// century: +80 for the 1800s, +0, +20, +40, +60 for the 1900s to the 2200s).
bool is_pesel(std::string_view text);
// Spaces allowed between groups; the country's length where known (PL: 28), else 15..34
// characters; letters and digits only; mod-97 remainder 1.
bool is_iban(std::string_view text);
// A Polish number: nine digits, the first not 0, optionally after +48 or 0048; spaces,
// dashes and brackets between groups allowed.
bool is_polish_phone(std::string_view text);
// form-js's e-mail rule.
bool is_email(std::string_view text);

}  // namespace dpc::forms
