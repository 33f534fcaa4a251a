// Camunda's REST date format, yyyy-MM-dd'T'HH:mm:ss.SSSZ (e.g. 2016-01-25T13:33:42.165+0000),
// for every module that renders or reads dates. dpc works in milliseconds since the Unix
// epoch and always writes UTC ("+0000"). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dpc {

// Milliseconds since 1970-01-01T00:00:00Z, read from the system clock plus the test offset
// (0 unless a test moved the clock; see set_clock_offset).
std::int64_t now_millis();

// The test clock: an offset added to now_millis() process-wide, so timer tests can jump
// ahead instead of waiting (`dpc serve --test-clock` exposes it as POST /api/test/clock).
// Only ever set by tests; thread-safe.
void set_clock_offset(std::int64_t millis);
std::int64_t clock_offset();

// Formats epoch milliseconds as yyyy-MM-dd'T'HH:mm:ss.SSS+0000.
std::string format_date_time(std::int64_t epoch_millis);

// Parses Camunda's format. Also accepts what clients commonly send instead: no
// milliseconds, an offset with a colon ("+01:00"), "Z", or no offset at all (read as UTC).
// nullopt when the text is not such a date or a field is out of range.
std::optional<std::int64_t> parse_date_time(std::string_view text);

}  // namespace dpc
