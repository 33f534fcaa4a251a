// Dates of simulations: civil dates (no time zone), month arithmetic as loan schedules use it
// (the same day of a later month, or that month's last day when it has fewer days). Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dpc::market {

using Date = std::chrono::year_month_day;

// "2026-01-31" -> a valid date, or nullopt (wrong shape, no such day).
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);
// d plus `months` months; the 31st of January plus one month is the 28th (29th) of February.
Date add_months(Date d, int months);
// Days from `from` to `to` (negative if `to` is earlier).
int days_between(Date from, Date to);
// Today in UTC.
Date today_utc();

}  // namespace dpc::market
