// Parsing, formatting and calendar arithmetic for FEEL temporal values.
#include <cctype>
#include "dpc/feel/temporal.h"

#include <date/tz.h>

#include <cstdio>

namespace dpc::feel {

namespace {
constexpr int64_t kNanosPerSec = 1000000000;
constexpr int64_t kNanosPerDay = 86400 * kNanosPerSec;

bool digits(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::string two(int64_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", static_cast<int>(v));
  return b;
}

// Parses "Z", "+hh:mm[:ss]" or "@zone"; the rest of s from pos must be consumed.
bool parse_zone_part(std::string_view s, size_t pos, Time& t) {
  if (pos == s.size()) return true;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    t.offset = 0;
    return true;
  }
  if (s[pos] == '@') {
    std::string zone(s.substr(pos + 1));
    if (!is_valid_zone(zone)) return false;
    t.zone = zone;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  int64_t h, m, sec = 0;
  if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, m)) return false;
  size_t end = pos + 6;
  if (end < s.size()) {
    if (s[end] != ':' || !digits(s, end + 1, 2, sec) || end + 3 != s.size()) return false;
  }
  if (h > 14 || m > 59) return false;
  t.offset = static_cast<int32_t>(sign * (h * 3600 + m * 60 + sec));
  return true;
}

std::string format_offset(const Time& t) {
  if (!t.zone.empty()) return "@" + t.zone;
  if (!t.offset) return "";
  int32_t o = *t.offset;
  if (o == 0) return "Z";
  std::string s = o < 0 ? "-" : "+";
  if (o < 0) o = -o;
  s += two(o / 3600) + ":" + two((o / 60) % 60);
  if (o % 60) s += ":" + two(o % 60);
  return s;
}

std::string format_seconds_fraction(int64_t nanos) {
  if (nanos == 0) return "";
  char b[16];
  std::snprintf(b, sizeof b, "%09lld", static_cast<long long>(nanos));
  std::string f = b;
  while (!f.empty() && f.back() == '0') f.pop_back();
  return "." + f;
}
}  // namespace

bool is_leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && is_leap_year(y)) return 29;
  return d[m - 1];
}

int64_t Date::epoch_day() const {
  int64_t y = year - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_epoch_day(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{y + (m <= 2 ? 1 : 0), m, d};
}

std::optional<int32_t> DateTime::effective_offset() const {
  if (time.offset) return time.offset;
  if (!time.zone.empty()) return zone_offset_at(time.zone, date, time.nanos);
  return std::nullopt;
}

__int128 DateTime::instant_nanos() const {
  __int128 n = static_cast<__int128>(date.epoch_day()) * kNanosPerDay + time.nanos;
  if (auto o = effective_offset()) n -= static_cast<__int128>(*o) * kNanosPerSec;
  return n;
}

bool is_valid_zone(std::string_view zone) {
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (...) {
    return false;
  }
}

std::optional<int32_t> zone_offset_at(std::string_view zone, const Date& d, int64_t nanos_of_day) {
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    auto local = date::local_seconds{std::chrono::seconds{d.epoch_day() * 86400 + nanos_of_day / kNanosPerSec}};
    auto info = tz->get_info(local);
    return static_cast<int32_t>(info.first.offset.count());
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<Date> parse_date(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  // XML Schema dates allow a leading '-' but no '+' (TCK 1115 041, 1117 068).
  if (!s.empty() && s[0] == '-') { neg = true; i = 1; }
  size_t ystart = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t ylen = i - ystart;
  if (ylen < 4 || ylen > 9 || (ylen > 4 && s[ystart] == '0')) return std::nullopt;
  int64_t y, m, d;
  digits(s, ystart, ylen, y);
  if (i + 6 != s.size() || s[i] != '-' || s[i + 3] != '-') return std::nullopt;
  if (!digits(s, i + 1, 2, m) || !digits(s, i + 4, 2, d)) return std::nullopt;
  if (neg) y = -y;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, static_cast<int>(m))) return std::nullopt;
  return Date{y, static_cast<int>(m), static_cast<int>(d)};
}

std::optional<Time> parse_time(std::string_view s) {
  int64_t h, m, sec;
  if (!digits(s, 0, 2, h) || s.size() < 8 || s[2] != ':' || !digits(s, 3, 2, m) || s[5] != ':' ||
      !digits(s, 6, 2, sec))
    return std::nullopt;
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  size_t i = 8;
  int64_t frac = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n < 9) { frac = frac * 10 + (s[i] - '0'); ++n; }
      ++i;
    }
    if (n == 0) return std::nullopt;
    while (n < 9) { frac *= 10; ++n; }
  }
  Time t;
  t.nanos = ((h * 60 + m) * 60 + sec) * kNanosPerSec + frac;
  if (!parse_zone_part(s, i, t)) return std::nullopt;
  return t;
}

std::optional<DateTime> parse_date_time(std::string_view s) {
  size_t t = s.find('T');
  if (t == std::string_view::npos) {
    auto d = parse_date(s);
    if (!d) return std::nullopt;
    return DateTime{*d, Time{}};
  }
  auto d = parse_date(s.substr(0, t));
  std::string_view time_part = s.substr(t + 1);
  // "T24:00:00" is the end of the day, i.e. midnight of the next day (ISO 8601).
  bool end_of_day = time_part.substr(0, 8) == "24:00:00" &&
                    (time_part.size() == 8 || time_part[8] != '.' ||
                     time_part.find_first_not_of('0', 9) == std::string_view::npos ||
                     !std::isdigit(static_cast<unsigned char>(time_part[time_part.find_first_not_of('0', 9)])));
  std::string patched;
  if (end_of_day) {
    patched = "00" + std::string(time_part.substr(2));
    time_part = patched;
  }
  auto tm = parse_time(time_part);
  if (!d || !tm) return std::nullopt;
  if (end_of_day) d = Date::from_epoch_day(d->epoch_day() + 1);
  return DateTime{*d, *tm};
}

namespace {
struct DurationParts {
  bool neg = false;
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, frac = 0;
  bool has_ym = false, has_dt = false;
};

std::optional<DurationParts> parse_duration_parts(std::string_view s) {
  DurationParts p;
  size_t i = 0;
  if (i < s.size() && s[i] == '-') { p.neg = true; ++i; }
  if (i >= s.size() || s[i] != 'P') return std::nullopt;
  ++i;
  bool in_time = false, any = false;
  while (i < s.size()) {
    if (s[i] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      if (i == s.size()) return std::nullopt;
      continue;
    }
    int64_t v = 0;
    size_t st = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (v > 999999999999LL) return std::nullopt;
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i == st || i >= s.size()) return std::nullopt;
    int64_t frac = 0;
    if (s[i] == '.') {
      ++i;
      int n = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n < 9) { frac = frac * 10 + (s[i] - '0'); ++n; }
        ++i;
      }
      while (n < 9) { frac *= 10; ++n; }
      if (i >= s.size() || s[i] != 'S' || !in_time) return std::nullopt;
    }
    char u = s[i++];
    any = true;
    if (!in_time && u == 'Y') { p.y = v; p.has_ym = true; }
    else if (!in_time && u == 'M') { p.mo = v; p.has_ym = true; }
    else if (!in_time && u == 'D') { p.d = v; p.has_dt = true; }
    else if (in_time && u == 'H') { p.h = v; p.has_dt = true; }
    else if (in_time && u == 'M') { p.mi = v; p.has_dt = true; }
    else if (in_time && u == 'S') { p.s = v; p.frac = frac; p.has_dt = true; }
    else return std::nullopt;
  }
  if (!any) return std::nullopt;
  return p;
}
}  // namespace

std::optional<DaysTimeDuration> parse_dt_duration(std::string_view s) {
  auto p = parse_duration_parts(s);
  if (!p || p->has_ym) return std::nullopt;
  __int128 n = ((static_cast<__int128>(p->d) * 24 + p->h) * 60 + p->mi) * 60 + p->s;
  n = n * kNanosPerSec + p->frac;
  return DaysTimeDuration{p->neg ? -n : n};
}

std::optional<YearsMonthsDuration> parse_ym_duration(std::string_view s) {
  auto p = parse_duration_parts(s);
  if (!p || p->has_dt) return std::nullopt;
  int64_t m = p->y * 12 + p->mo;
  return YearsMonthsDuration{p->neg ? -m : m};
}

std::string format(const Date& d) {
  char b[32];
  int64_t y = d.year < 0 ? -d.year : d.year;
  std::snprintf(b, sizeof b, "%s%04lld-%02d-%02d", d.year < 0 ? "-" : "", static_cast<long long>(y), d.month, d.day);
  return b;
}

std::string format(const Time& t) {
  int64_t secs = t.nanos / kNanosPerSec;
  return two(secs / 3600) + ":" + two((secs / 60) % 60) + ":" + two(secs % 60) +
         format_seconds_fraction(t.nanos % kNanosPerSec) + format_offset(t);
}

std::string format(const DateTime& dt) { return format(dt.date) + "T" + format(dt.time); }

std::string format(const DaysTimeDuration& d) {
  __int128 n = d.nanos < 0 ? -d.nanos : d.nanos;
  if (n == 0) return "PT0S";
  int64_t frac = static_cast<int64_t>(n % kNanosPerSec);
  __int128 secs = n / kNanosPerSec;
  int64_t days = static_cast<int64_t>(secs / 86400);
  int64_t h = static_cast<int64_t>((secs / 3600) % 24), m = static_cast<int64_t>((secs / 60) % 60);
  int64_t s = static_cast<int64_t>(secs % 60);
  std::string out = d.nanos < 0 ? "-P" : "P";
  if (days) out += std::to_string(days) + "D";
  if (h || m || s || frac) {
    out += "T";
    if (h) out += std::to_string(h) + "H";
    if (m) out += std::to_string(m) + "M";
    if (s || frac) out += std::to_string(s) + format_seconds_fraction(frac) + "S";
  }
  return out;
}

std::string format(const YearsMonthsDuration& d) {
  int64_t m = d.months < 0 ? -d.months : d.months;
  std::string out = d.months < 0 ? "-P" : "P";
  if (m == 0) return "P0M";
  if (m / 12) out += std::to_string(m / 12) + "Y";
  if (m % 12) out += std::to_string(m % 12) + "M";
  return out;
}

}  // namespace dpc::feel
