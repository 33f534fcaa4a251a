// Small string helpers shared by every module. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpc {

std::vector<std::string_view> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
// Text made safe inside HTML elements and quoted attributes: & < > " ' as entities.
std::string html_escape(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Parses a whole decimal integer; nullopt on anything else (sign allowed, no spaces).
std::optional<long long> parse_int(std::string_view s);
// A new time-ordered (version 7) UUID in its canonical text form: ids made later sort later.
std::string new_uuid();

}  // namespace dpc
