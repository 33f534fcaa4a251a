// Calendar arithmetic and ISO 8601 text for expression dates (UTC, proleptic Gregorian).
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dpc::juel {

struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
};

CivilTime to_civil(std::int64_t epoch_millis);
std::int64_t from_civil(const CivilTime& t);

// Joda-style month arithmetic: the day of month is clamped to the last day of the target
// month (Jan 31 + 1 month = Feb 28/29).
std::int64_t plus_months(std::int64_t epoch_millis, std::int64_t months);

// 1 = Monday ... 7 = Sunday (Joda's getDayOfWeek).
int day_of_week(std::int64_t epoch_millis);

// "2024-01-31T10:00:00.000Z" (Joda DateTime.toString in UTC).
std::string format_iso_utc(std::int64_t epoch_millis);
// "2024-01-31T10:00:00.000+0000" (the Camunda REST date format).
std::string format_camunda_date(std::int64_t epoch_millis);

// Parses "yyyy-MM-dd", "yyyy-MM-ddTHH:mm[:ss[.SSS]]" with optional "Z" or "+hh[:]mm" offset
// (no offset = UTC). nullopt when the text is not such a date.
std::optional<std::int64_t> parse_iso_date_time(std::string_view text);

}  // namespace dpc::juel
