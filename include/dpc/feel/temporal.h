// FEEL temporal values: date, time, date and time, days-and-time and years-and-months
// durations. Plain value types, thread-safe to copy and share. Parsing returns nullopt for
// malformed text; zone ids are IANA names resolved through the OS tz database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dpc::feel {

struct Date {
  int64_t year = 1970;
  int month = 1;
  int day = 1;
  int64_t epoch_day() const;
  static Date from_epoch_day(int64_t days);
  bool operator==(const Date&) const = default;
};

// Time of day; offset in seconds east of UTC when known; zone is an IANA id ("" if none).
struct Time {
  int64_t nanos = 0;  // since midnight, [0, 86400e9)
  std::optional<int32_t> offset;
  std::string zone;
  bool operator==(const Time&) const = default;
};

struct DateTime {
  Date date;
  Time time;
  bool operator==(const DateTime&) const = default;
  // Effective offset: explicit offset, else resolved from zone, else nullopt (local).
  std::optional<int32_t> effective_offset() const;
  // Nanoseconds since the epoch; local values are taken as UTC.
  __int128 instant_nanos() const;
};

struct DaysTimeDuration {
  __int128 nanos = 0;
  bool operator==(const DaysTimeDuration&) const = default;
};

struct YearsMonthsDuration {
  int64_t months = 0;
  bool operator==(const YearsMonthsDuration&) const = default;
};

std::optional<Date> parse_date(std::string_view s);
std::optional<Time> parse_time(std::string_view s);
std::optional<DateTime> parse_date_time(std::string_view s);  // also accepts a plain date
std::optional<DaysTimeDuration> parse_dt_duration(std::string_view s);
std::optional<YearsMonthsDuration> parse_ym_duration(std::string_view s);
bool is_valid_zone(std::string_view zone);
// Offset in seconds of `zone` at the given local date-time; nullopt for unknown zone.
std::optional<int32_t> zone_offset_at(std::string_view zone, const Date& d, int64_t nanos_of_day);

std::string format(const Date& d);
std::string format(const Time& t);
std::string format(const DateTime& dt);
std::string format(const DaysTimeDuration& d);
std::string format(const YearsMonthsDuration& d);

bool is_leap_year(int64_t y);
int days_in_month(int64_t y, int m);

}  // namespace dpc::feel
