// Civil-date helpers for the simulators (see calendar.h).
#include "dpc/market/calendar.h"

#include <cstdio>

namespace dpc::market {

using namespace std::chrono;

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  Date d{year{num(0, 4)}, month{static_cast<unsigned>(num(5, 2))}, day{static_cast<unsigned>(num(8, 2))}};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string format_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

Date add_months(Date d, int n) {
  year_month ym = year_month{d.year(), d.month()} + months{n};
  Date candidate{ym.year(), ym.month(), d.day()};
  if (candidate.ok()) return candidate;
  return Date{year_month_day_last{ym.year(), month_day_last{ym.month()}}};
}

int days_between(Date from, Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

Date today_utc() { return Date{floor<days>(system_clock::now())}; }

}  // namespace dpc::market
