// dpc's analytics resources (the Dashboard app's and any BI tool's), all needing
// READ_HISTORY on the process definition key (403 otherwise); bad input is a 400 naming the
// field (missing processDefinitionKey, unknown key/version/step, a malformed date, from
// after to). Dates: ISO 8601 / Camunda format; durations in milliseconds.
//   POST /api/analytics/funnel  {"processDefinitionKey", "steps": [ids], "from", "to",
//        "version"?, "groupBy"? ("businessKey" or a variable name)} ->
//        {"started", "steps": [{"id", "reached", "conversionFromPrevious",
//        "conversionFromStart", "dropOff", "medianMillisFromPrevious", "p90MillisFromPrevious"}],
//        "groups"?: [{"value", "started", "steps"}]}
//   GET  /api/analytics/heatmap?processDefinitionKey=&from=&to=&version= ->
//        {"instances", "activities": [{"id", "type", "count", "completed", "waiting",
//        "incidents", "medianMillis", "p90Millis"}], "flows": [{"id", "taken"}],
//        "bottlenecks": [{"activityId", "waiting", "oldestWaitMillis", "p90Millis", "incidents"}]}
//   GET  /api/analytics/bottlenecks?... -> the heatmap's "bottlenecks" alone
//   GET  /api/analytics/kpis?processDefinitionKey=&from=&to=&version=&interval=day|week|month
//        &groupBy=&sumVariable= -> {"buckets": [{"start", "group"?, "started", "completed",
//        "conversion", "leadTimeMedianMillis", "sum"?}]}
#pragma once

#include "dpc/analytics/analytics_service.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `service` must outlive the router.
void add_analytics_routes(Router& router, analytics::AnalyticsService& service);

}  // namespace dpc::http
