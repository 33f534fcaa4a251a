// PESEL, IBAN, Polish phone and e-mail checks (see identity_checks.h).
#include "dpc/forms/identity_checks.h"

#include <cctype>
#include <map>
#include <regex>
#include <string>

namespace dpc::forms {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool valid_birth_date(int yy, int mm, int dd) {
  int century;
  if (mm >= 81 && mm <= 92) century = 1800, mm -= 80;
  else if (mm >= 1 && mm <= 12) century = 1900;
  else if (mm >= 21 && mm <= 32) century = 2000, mm -= 20;
  else if (mm >= 41 && mm <= 52) century = 2100, mm -= 40;
  else if (mm >= 61 && mm <= 72) century = 2200, mm -= 60;
  else return false;
  int year = century + yy;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[mm - 1] + (mm == 2 && leap ? 1 : 0);
  return dd >= 1 && dd <= days;
}

}  // namespace

bool is_pesel(std::string_view s) {
  if (s.size() != 11) return false;
  for (char c : s) {
    if (!digit(c)) return false;
  }
  static const int kWeights[] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += (s[i] - '0') * kWeights[i];
  int check = (10 - sum % 10) % 10;
  if (check != s[10] - '0') return false;
  auto two = [&](int at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
  return valid_birth_date(two(0), two(2), two(4));
}

bool is_iban(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (s.size() < 15 || s.size() > 34) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0])) || !std::isalpha(static_cast<unsigned char>(s[1])) ||
      !digit(s[2]) || !digit(s[3])) {
    return false;
  }
  // Lengths of the IBANs customers of a Polish bank meet most (SWIFT's IBAN registry).
  static const std::map<std::string, size_t> kLengths = {
      {"PL", 28}, {"DE", 22}, {"GB", 22}, {"FR", 27}, {"CZ", 24}, {"SK", 24}, {"LT", 20},
      {"UA", 29}, {"NL", 18}, {"IE", 22}, {"ES", 24}, {"IT", 27}, {"AT", 20}, {"BE", 16}};
  if (auto it = kLengths.find(s.substr(0, 2)); it != kLengths.end() && it->second != s.size()) return false;
  std::string rotated = s.substr(4) + s.substr(0, 4);
  int remainder = 0;
  for (char c : rotated) {
    int v = digit(c) ? c - '0' : c - 'A' + 10;
    remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
  }
  return remainder == 1;
}

bool is_polish_phone(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
    s += c;
  }
  if (s.starts_with("+48")) s = s.substr(3);
  else if (s.starts_with("0048")) s = s.substr(4);
  if (s.size() != 9 || s[0] == '0') return false;
  for (char c : s) {
    if (!digit(c)) return false;
  }
  return true;
}

bool is_email(std::string_view text) {
  // form-js's EMAIL_PATTERN (as form_validation.cpp).
  static const std::regex r(
      R"(^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$)",
      std::regex::ECMAScript);
  return text.size() <= 254 && std::regex_match(text.begin(), text.end(), r);
}

}  // namespace dpc::forms
