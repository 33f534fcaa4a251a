// camunda:historyTimeToLive as Camunda 7 reads it on processes and decisions
// (ParseUtil.parseHistoryTimeToLive): a whole number of days ("5") or an ISO-8601 period of
// days only ("P5D"). Anything else, an expression "${...}" included, is not a time to live
// in Camunda 7 and fails its deployment; so here too.
#pragma once

#include <optional>
#include <string_view>

namespace dpc {

// Days, or nullopt when `text` (surrounding blanks ignored) is neither form or is negative.
// An empty text is no time to live at all: callers check for it before.
std::optional<int> parse_history_time_to_live(std::string_view text);

}  // namespace dpc
