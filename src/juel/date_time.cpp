#include "dpc/juel/date_time.h"

#include <cctype>
#include <cstdio>

namespace dpc::juel {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(y + (month <= 2));
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

CivilTime to_civil(std::int64_t ms) {
  CivilTime t;
  const std::int64_t days = floor_div(ms, kMillisPerDay);
  std::int64_t rest = ms - days * kMillisPerDay;
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rest / 3'600'000);
  rest %= 3'600'000;
  t.minute = static_cast<int>(rest / 60'000);
  rest %= 60'000;
  t.second = static_cast<int>(rest / 1000);
  t.millis = static_cast<int>(rest % 1000);
  return t;
}

std::int64_t from_civil(const CivilTime& t) {
  const std::int64_t days = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
  return days * kMillisPerDay + t.hour * 3'600'000LL + t.minute * 60'000LL + t.second * 1000LL + t.millis;
}

std::int64_t plus_months(std::int64_t ms, std::int64_t months) {
  CivilTime t = to_civil(ms);
  const std::int64_t total = static_cast<std::int64_t>(t.year) * 12 + (t.month - 1) + months;
  t.year = static_cast<int>(floor_div(total, 12));
  t.month = static_cast<int>(total - static_cast<std::int64_t>(t.year) * 12) + 1;
  const int last = days_in_month(t.year, t.month);
  if (t.day > last) t.day = last;
  return from_civil(t);
}

int day_of_week(std::int64_t ms) {
  const std::int64_t days = floor_div(ms, kMillisPerDay);
  // 1970-01-01 was a Thursday (4).
  const std::int64_t w = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(w) + 1;
}

static std::string format(std::int64_t ms, const char* zone) {
  const CivilTime t = to_civil(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", t.year, t.month, t.day, t.hour,
                t.minute, t.second, t.millis, zone);
  return buf;
}

std::string format_iso_utc(std::int64_t ms) { return format(ms, "Z"); }
std::string format_camunda_date(std::int64_t ms) { return format(ms, "+0000"); }

std::optional<std::int64_t> parse_iso_date_time(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&](int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k, ++i) {
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  auto take = [&](char c) {
    if (i < s.size() && s[i] == c) { ++i; return true; }
    return false;
  };
  CivilTime t;
  if (!digits(4, t.year) || !take('-') || !digits(2, t.month) || !take('-') || !digits(2, t.day)) return std::nullopt;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month)) return std::nullopt;
  std::int64_t offset_min = 0;
  if (take('T')) {
    if (!digits(2, t.hour) || !take(':') || !digits(2, t.minute)) return std::nullopt;
    if (take(':') && !digits(2, t.second)) return std::nullopt;
    if (take('.')) {
      int frac = 0, n = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        if (n < 3) frac = frac * 10 + (s[i] - '0');
        ++n, ++i;
      }
      if (n == 0) return std::nullopt;
      for (int k = n; k < 3; ++k) frac *= 10;
      t.millis = frac;
    }
    if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
    if (take('Z')) {
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      const int sign = s[i++] == '-' ? -1 : 1;
      int hh = 0, mm = 0;
      if (!digits(2, hh)) return std::nullopt;
      take(':');
      if (!digits(2, mm)) return std::nullopt;
      offset_min = sign * (hh * 60 + mm);
    }
  }
  if (i != s.size()) return std::nullopt;
  return from_civil(t) - offset_min * 60'000;
}

}  // namespace dpc::juel
