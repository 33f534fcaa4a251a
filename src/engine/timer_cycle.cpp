// timeCycle: ISO 8601 repeating intervals (R3/PT10M, R/PT1H, R2/<start>/PT1H) and Quartz
// cron expressions (sec min hour day-of-month month day-of-week [year]), in UTC. See jobs.h.
#include <array>
#include <bitset>
#include <cctype>
#include <ctime>
#include <map>
#include <sstream>

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/engine/jobs.h"

namespace dpc::engine {

namespace {

// ---- cron ----

struct Cron {
  std::bitset<60> seconds, minutes;
  std::bitset<24> hours;
  std::bitset<32> days;      // 1..31
  std::bitset<13> months;    // 1..12
  std::bitset<8> weekdays;   // 1..7 = SUN..SAT (Quartz)
  bool any_day = true, any_weekday = true;
  std::optional<std::pair<int, int>> years;
};

int name_value(const std::string& s, bool month) {
  static const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const char* kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  std::string up;
  for (char c : s) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (month) {
    for (int i = 0; i < 12; ++i) if (up == kMonths[i]) return i + 1;
  } else {
    for (int i = 0; i < 7; ++i) if (up == kDays[i]) return i + 1;
  }
  auto n = parse_int(s);
  return n ? static_cast<int>(*n) : -1;
}

// One field: *, ?, a, a-b, */n, a/n, a-b/n, lists. Sets bits lo..hi; false when malformed.
template <size_t N>
bool cron_field(const std::string& text, int lo, int hi, bool month, bool weekday, std::bitset<N>& out,
                bool* any) {
  if (text == "?" || text == "*") {
    if (any) *any = true;
    for (int i = lo; i <= hi; ++i) out.set(static_cast<size_t>(i));
    return true;
  }
  if (any) *any = false;
  for (auto part_view : split(text, ',')) {
    std::string part(part_view);
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      auto s = parse_int(std::string_view(part).substr(slash + 1));
      if (!s || *s <= 0) return false;
      step = static_cast<int>(*s);
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*") {
      auto dash = part.find('-');
      a = name_value(part.substr(0, dash), month);
      b = dash == std::string::npos ? (step > 1 ? hi : a) : name_value(part.substr(dash + 1), month);
      (void)weekday;
    }
    if (a < lo || b > hi || a > b) return false;
    for (int i = a; i <= b; i += step) out.set(static_cast<size_t>(i));
  }
  return true;
}

std::optional<Cron> parse_cron(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> f;
  for (std::string w; in >> w;) f.push_back(w);
  if (f.size() != 6 && f.size() != 7) return std::nullopt;
  Cron c;
  if (!cron_field(f[0], 0, 59, false, false, c.seconds, nullptr)) return std::nullopt;
  if (!cron_field(f[1], 0, 59, false, false, c.minutes, nullptr)) return std::nullopt;
  if (!cron_field(f[2], 0, 23, false, false, c.hours, nullptr)) return std::nullopt;
  if (!cron_field(f[3], 1, 31, false, false, c.days, &c.any_day)) return std::nullopt;
  if (!cron_field(f[4], 1, 12, true, false, c.months, nullptr)) return std::nullopt;
  if (!cron_field(f[5], 1, 7, false, true, c.weekdays, &c.any_weekday)) return std::nullopt;
  if (f.size() == 7 && f[6] != "*") {
    auto dash = f[6].find('-');
    auto a = parse_int(std::string_view(f[6]).substr(0, dash));
    auto b = dash == std::string::npos ? a : parse_int(std::string_view(f[6]).substr(dash + 1));
    if (!a || !b) return std::nullopt;
    c.years = std::make_pair(static_cast<int>(*a), static_cast<int>(*b));
  }
  return c;
}

bool day_matches(const Cron& c, const std::tm& tm) {
  bool dom = c.days.test(static_cast<size_t>(tm.tm_mday));
  bool dow = c.weekdays.test(static_cast<size_t>(tm.tm_wday + 1));
  if (c.any_day && c.any_weekday) return true;
  if (c.any_day) return dow;
  if (c.any_weekday) return dom;
  return dom && dow;
}

// The first time strictly after `after` that the cron matches (within 5 years).
std::optional<Millis> next_cron(const Cron& c, Millis after) {
  std::time_t t = static_cast<std::time_t>(after / 1000) + 1;
  std::time_t day_start = t - t % 86400;
  for (int d = 0; d < 366 * 5; ++d, day_start += 86400) {
    std::tm tm{};
    gmtime_r(&day_start, &tm);
    if (c.years && (tm.tm_year + 1900 < c.years->first || tm.tm_year + 1900 > c.years->second)) continue;
    if (!c.months.test(static_cast<size_t>(tm.tm_mon + 1)) || !day_matches(c, tm)) continue;
    for (int h = 0; h < 24; ++h) {
      if (!c.hours.test(static_cast<size_t>(h))) continue;
      for (int m = 0; m < 60; ++m) {
        if (!c.minutes.test(static_cast<size_t>(m))) continue;
        for (int s = 0; s < 60; ++s) {
          if (!c.seconds.test(static_cast<size_t>(s))) continue;
          std::time_t at = day_start + h * 3600 + m * 60 + s;
          if (at >= t) return static_cast<Millis>(at) * 1000;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Result<CycleStep> cycle_step(std::string_view text_view, Millis base) {
  std::string text = std::string(trim(text_view));
  if (text.empty()) return Error::invalid("empty timeCycle");
  if (text[0] != 'R' && text[0] != 'r') {
    auto cron = parse_cron(text);
    if (!cron) return Error::invalid("'" + text + "' is neither an ISO 8601 repeating interval nor a cron expression");
    auto due = next_cron(*cron, base);
    if (!due) return Error::invalid("cron expression '" + text + "' never fires");
    return CycleStep{*due, text};
  }
  std::vector<std::string> parts;
  for (auto p : split(text, '/')) parts.emplace_back(trim(p));
  if (parts.size() < 2 || parts.size() > 3) return Error::invalid("'" + text + "' is not an ISO 8601 repeating interval");
  std::optional<long long> reps;  // nullopt: unbounded
  if (parts[0].size() > 1) {
    reps = parse_int(std::string_view(parts[0]).substr(1));
    if (!reps || *reps < 0) return Error::invalid("'" + text + "': bad repetition count");
  }
  if (reps && *reps == 0) return Error::invalid("'" + text + "' never repeats");
  std::string duration = parts.back();
  Millis due = 0;
  if (parts.size() == 3) {
    auto start = parse_date_time(parts[1]);
    if (!start) return Error::invalid("'" + text + "': '" + parts[1] + "' is not a date-time");
    if (!add_iso_duration(duration, 0)) return Error::invalid("'" + text + "': bad duration");
    due = *start;
  } else {
    auto d = add_iso_duration(duration, base);
    if (!d) return Error::invalid("'" + text + "': '" + duration + "' is not an ISO 8601 duration");
    due = *d;
  }
  std::string next;
  if (!reps) next = "R/" + duration;
  else if (*reps > 1) next = "R" + std::to_string(*reps - 1) + "/" + duration;
  return CycleStep{due, next};
}

}  // namespace dpc::engine
