// /api/analytics/...: JSON and query strings to the analytics service's questions and back.
// See analytics_routes.h.
#include "dpc/http/handlers/analytics_routes.h"

#include <nlohmann/json.hpp>

#include "dpc/core/time_format.h"
#include "dpc/http/authorize.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"

namespace dpc::http {

using nlohmann::json;
using namespace dpc::analytics;

namespace {

json optional_number(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

Result<std::optional<std::int64_t>> date_of(const std::optional<std::string>& text, const char* field) {
  if (!text) return std::optional<std::int64_t>{};
  auto t = parse_date_time(*text);
  if (!t) return Error::invalid(std::string(field) + ": '" + *text + "' is not a date (e.g. 2026-01-01T00:00:00Z)");
  return std::optional<std::int64_t>{*t};
}

// The instance filter from named text values (query string or JSON strings).
Result<InstanceFilter> filter_of(const std::optional<std::string>& key, const std::optional<std::string>& from,
                                 const std::optional<std::string>& to, std::optional<long long> version) {
  InstanceFilter f;
  if (!key || key->empty()) return Error::invalid("processDefinitionKey is required");
  f.process_definition_key = *key;
  auto a = date_of(from, "from");
  if (!a) return a.error();
  auto b = date_of(to, "to");
  if (!b) return b.error();
  f.from = *a;
  f.to = *b;
  if (f.from && f.to && *f.from > *f.to) return Error::invalid("from: must not be after to");
  if (version) {
    if (*version < 1 || *version > 1000000000) return Error::invalid("version: must be a positive version number");
    f.version = static_cast<int>(*version);
  }
  return f;
}

// The period to compare with (compareFrom/compareTo, both or neither): the same filter over
// that range; nullopt when not asked.
Result<std::optional<InstanceFilter>> comparison_of(const InstanceFilter& f, const std::optional<std::string>& from,
                                                    const std::optional<std::string>& to) {
  if (!from && !to) return std::optional<InstanceFilter>{};
  if (!from) return Error::invalid("compareFrom: required with compareTo");
  if (!to) return Error::invalid("compareTo: required with compareFrom");
  auto a = date_of(from, "compareFrom");
  if (!a) return a.error();
  auto b = date_of(to, "compareTo");
  if (!b) return b.error();
  if (**a > **b) return Error::invalid("compareFrom: must not be after compareTo");
  InstanceFilter other = f;
  other.from = *a;
  other.to = *b;
  return std::optional<InstanceFilter>{other};
}

Result<InstanceFilter> filter_from_query(const Request& req) {
  Params p = Params::from_query(req);
  auto version = p.integer("version");
  if (!version) return version.error();
  return filter_of(p.text("processDefinitionKey"), p.text("from"), p.text("to"), *version);
}

Status may_read(const Request& req, const InstanceFilter& f) {
  return authorize(req, identity::Resource::kProcessDefinition, f.process_definition_key,
                   identity::perm::kReadHistory);
}

json figures_json(const FunnelFigures& f) {
  json steps = json::array();
  for (const auto& s : f.steps) {
    steps.push_back({{"id", s.id},
                     {"reached", s.reached},
                     {"conversionFromPrevious", optional_number(s.conversion_from_previous)},
                     {"conversionFromStart", optional_number(s.conversion_from_start)},
                     {"dropOff", s.drop_off},
                     {"medianMillisFromPrevious", optional_number(s.median_millis_from_previous)},
                     {"p90MillisFromPrevious", optional_number(s.p90_millis_from_previous)}});
  }
  return {{"started", f.started}, {"steps", steps}};
}

Result<FunnelQuery> funnel_query(const json& body) {
  auto key = string_field(body, "processDefinitionKey");
  if (!key) return key.error();
  auto from = string_field(body, "from");
  if (!from) return from.error();
  auto to = string_field(body, "to");
  if (!to) return to.error();
  auto version = integer_field(body, "version");
  if (!version) return version.error();
  auto group = string_field(body, "groupBy");
  if (!group) return group.error();
  auto durations = body.find("durations");
  if (durations != body.end() && !durations->is_null() && !durations->is_boolean()) {
    return Error::invalid("durations: must be true or false");
  }
  auto filter = filter_of(*key, *from, *to, *version);
  if (!filter) return filter.error();
  FunnelQuery q;
  q.filter = std::move(*filter);
  q.group_by = group->value_or("");
  q.durations = durations == body.end() || !durations->is_boolean() || durations->get<bool>();
  auto steps = body.find("steps");
  if (steps == body.end() || !steps->is_array() || steps->empty()) {
    return Error::invalid("steps: a non-empty array of activity, event or sequence flow ids is required");
  }
  if (steps->size() > 50) return Error::invalid("steps: at most 50 steps");
  for (const auto& s : *steps) {
    if (!s.is_string() || s.get<std::string>().empty()) return Error::invalid("steps: every step must be an id (a string)");
    q.steps.push_back(s.get<std::string>());
  }
  return q;
}

json heatmap_json(const HeatmapAnswer& a) {
  json acts = json::array(), flows = json::array(), bottlenecks = json::array();
  for (const auto& h : a.heatmap.activities) {
    acts.push_back({{"id", h.activity_id}, {"type", h.activity_type}, {"count", h.count},
                    {"completed", h.completed}, {"waiting", h.waiting}, {"incidents", h.incidents},
                    {"medianMillis", optional_number(h.median_millis)}, {"p90Millis", optional_number(h.p90_millis)},
                    {"avgMillis", optional_number(h.avg_millis)}});
  }
  for (const auto& f : a.heatmap.flows) flows.push_back({{"id", f.flow_id}, {"taken", f.taken}});
  for (const auto& b : a.bottlenecks) {
    bottlenecks.push_back({{"activityId", b.activity_id}, {"waiting", b.waiting},
                           {"oldestWaitMillis", optional_number(b.oldest_wait_millis)},
                           {"p90Millis", optional_number(b.p90_millis)}, {"incidents", b.incidents}});
  }
  return {{"instances", a.heatmap.instances}, {"activities", acts}, {"flows", flows}, {"bottlenecks", bottlenecks}};
}

Result<KpiQuery> kpi_query(const Request& req) {
  auto filter = filter_from_query(req);
  if (!filter) return filter.error();
  Params p = Params::from_query(req);
  KpiQuery q;
  q.filter = std::move(*filter);
  std::string interval = p.text("interval").value_or("day");
  if (interval == "day") q.interval = Interval::kDay;
  else if (interval == "week") q.interval = Interval::kWeek;
  else if (interval == "month") q.interval = Interval::kMonth;
  else return Error::invalid("interval: must be day, week or month");
  q.group_by = p.text("groupBy").value_or("");
  q.sum_variable = p.text("sumVariable").value_or("");
  return q;
}

json kpi_buckets_json(const KpiQuery& q, const std::vector<KpiBucket>& buckets) {
  json out = json::array();
  for (const auto& b : buckets) {
    json j = {{"start", format_date_time(b.start)},
              {"started", b.started},
              {"completed", b.completed},
              {"conversion", b.started ? json(static_cast<double>(b.completed) / static_cast<double>(b.started)) : json(nullptr)},
              {"leadTimeMedianMillis", optional_number(b.lead_time_median_millis)}};
    if (!q.group_by.empty()) j["group"] = b.group ? json(*b.group) : json(nullptr);
    if (!q.sum_variable.empty()) j["sum"] = optional_number(b.sum);
    out.push_back(std::move(j));
  }
  return out;
}

// A period's totals: started, completed, conversion, and the sum when asked.
json kpi_totals_json(const std::vector<KpiBucket>& buckets) {
  long long started = 0, completed = 0;
  std::optional<double> sum;
  for (const auto& b : buckets) {
    started += b.started;
    completed += b.completed;
    if (b.sum) sum = sum.value_or(0) + *b.sum;
  }
  return {{"started", started},
          {"completed", completed},
          {"conversion", started ? json(static_cast<double>(completed) / static_cast<double>(started)) : json(nullptr)},
          {"sum", optional_number(sum)}};
}

}  // namespace

void add_analytics_routes(Router& router, AnalyticsService& service) {
  auto* svc = &service;
  router.add(Method::kPost, "/api/analytics/funnel", [svc](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto q = funnel_query(*body);
    if (!q) return error_response(q.error());
    auto compare_from = string_field(*body, "compareFrom");
    if (!compare_from) return error_response(compare_from.error());
    auto compare_to = string_field(*body, "compareTo");
    if (!compare_to) return error_response(compare_to.error());
    auto comparison = comparison_of(q->filter, *compare_from, *compare_to);
    if (!comparison) return error_response(comparison.error());
    if (auto a = may_read(req, q->filter); !a) return error_response(a.error());
    auto answer = svc->funnel(*q);
    if (!answer) return error_response(answer.error());
    json out = figures_json(answer->total);
    if (*comparison) {
      // The same funnel over the other period (e.g. last month beside this month).
      FunnelQuery other = *q;
      other.filter = **comparison;
      other.group_by.clear();
      auto previous = svc->funnel(other);
      if (!previous) return error_response(previous.error());
      out["comparison"] = figures_json(previous->total);
      out["comparison"]["from"] = format_date_time(*other.filter.from);
      out["comparison"]["to"] = format_date_time(*other.filter.to);
    }
    if (!q->group_by.empty()) {
      json groups = json::array();
      for (const auto& g : answer->groups) {
        json j = figures_json(g.figures);
        j["value"] = g.value ? json(*g.value) : json(nullptr);
        groups.push_back(std::move(j));
      }
      out["groupBy"] = q->group_by;
      out["groups"] = std::move(groups);
    }
    // How it was answered (src/analytics/README.md): the per-instance step table, and how
    // many instances (loops around a step) were read again from the raw event log.
    out["source"] = answer->source == FunnelSource::kAggregates ? "aggregates" : "instanceSteps";
    out["instancesReadFromLog"] = answer->read_from_log;
    return json_ok(out);
  });

  auto heatmap = [svc](Request& req, bool bottlenecks_only) {
    auto f = filter_from_query(req);
    if (!f) return error_response(f.error());
    if (auto a = may_read(req, *f); !a) return error_response(a.error());
    auto answer = svc->heatmap(*f);
    if (!answer) return error_response(answer.error());
    json out = heatmap_json(*answer);
    return json_ok(bottlenecks_only ? out["bottlenecks"] : out);
  };
  router.add(Method::kGet, "/api/analytics/heatmap", [heatmap](Request& req) { return heatmap(req, false); });
  router.add(Method::kGet, "/api/analytics/bottlenecks", [heatmap](Request& req) { return heatmap(req, true); });

  router.add(Method::kGet, "/api/analytics/kpis", [svc](Request& req) {
    auto q = kpi_query(req);
    if (!q) return error_response(q.error());
    Params p = Params::from_query(req);
    auto comparison = comparison_of(q->filter, p.text("compareFrom"), p.text("compareTo"));
    if (!comparison) return error_response(comparison.error());
    if (auto a = may_read(req, q->filter); !a) return error_response(a.error());
    auto buckets = svc->kpis(*q);
    if (!buckets) return error_response(buckets.error());
    json result = {{"buckets", kpi_buckets_json(*q, *buckets)}};
    if (*comparison) {
      // The same KPIs over the other period, and each period's totals side by side.
      KpiQuery other = *q;
      other.filter = **comparison;
      auto previous = svc->kpis(other);
      if (!previous) return error_response(previous.error());
      result["totals"] = kpi_totals_json(*buckets);
      result["comparison"] = {{"from", format_date_time(*other.filter.from)},
                              {"to", format_date_time(*other.filter.to)},
                              {"buckets", kpi_buckets_json(other, *previous)},
                              {"totals", kpi_totals_json(*previous)}};
    }
    return json_ok(result);
  });
}

}  // namespace dpc::http
