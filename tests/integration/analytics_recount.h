// The dashboard's incremental aggregates (migration 0025: analytics_step, analytics_daily)
// against a recount from the raw engine_event log, for the integration tests. The recount is
// written independently of the trigger: plain grouping over the whole log (no windows, no
// transition table), each end paired with the latest earlier start of its element in its
// instance by a correlated subquery. Both sides come back as sorted text lines, so a test
// compares them with EXPECT_EQ and prints the difference.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace dpc::test {

inline std::vector<std::string> analytics_lines(pqxx::connection& c, const std::string& sql) {
  pqxx::read_transaction tx(c);
  std::vector<std::string> out;
  for (const auto& r : tx.exec(sql)) out.push_back(r[0].c_str());
  return out;
}

// The raw log's events of process `key`, with each instance's start (hi_proc_inst).
inline std::string analytics_raw_events(pqxx::connection& c, const std::string& key) {
  return "WITH ev AS (SELECT e.proc_inst_id, e.definition_version AS v, f.element_id, f.event, f.at, "
         "e.seq * 65536 + f.n AS ord, p.start_time AS instance_start, "
         "p.start_time - ((p.start_time % 86400000) + 86400000) % 86400000 AS day "
         "FROM engine_event e JOIN hi_proc_inst p ON p.id = e.proc_inst_id, "
         "unnest(e.element_ids, e.events, e.times) WITH ORDINALITY AS f(element_id, event, at, n) "
         "WHERE e.definition_key = " + c.quote(key) + "), "
         "ends AS (SELECT x.v, x.element_id, x.day, x.event, x.at - (SELECT max(b.at) FROM ev b "
         "WHERE b.proc_inst_id = x.proc_inst_id AND b.element_id = x.element_id AND b.event = 'start' "
         "AND b.ord < x.ord) AS d FROM ev x WHERE x.event IN ('end', 'cancel')) ";
}

// Per process version, element ('': instances started) and day: reached|occurrences|ended|canceled|duration sum.
inline std::vector<std::string> analytics_daily_aggregates(pqxx::connection& c, const std::string& key) {
  return analytics_lines(
      c, "SELECT concat_ws('|', definition_version, element_id, day, sum(reached), sum(occurrences), sum(ended), "
         "sum(canceled), sum(duration_sum)) AS l FROM analytics_daily WHERE bucket IS NULL AND definition_key = " +
             c.quote(key) + " GROUP BY definition_version, element_id, day ORDER BY l");
}
inline std::vector<std::string> analytics_daily_recount(pqxx::connection& c, const std::string& key) {
  return analytics_lines(
      c, analytics_raw_events(c, key) +
             "SELECT concat_ws('|', v, element_id, day, sum(reached), sum(occurrences), sum(ended), sum(canceled), "
             "sum(duration_sum)) AS l FROM ("
             "SELECT v, element_id, day, count(DISTINCT proc_inst_id) AS reached, count(*) AS occurrences, "
             "0 AS ended, 0 AS canceled, 0 AS duration_sum FROM ev WHERE event IN ('start', 'take') GROUP BY 1, 2, 3 "
             "UNION ALL SELECT min(v), '', min(day), 1, 0, 0, 0, 0 FROM ev GROUP BY proc_inst_id "
             "UNION ALL SELECT v, element_id, day, 0, 0, count(*) FILTER (WHERE event = 'end'), "
             "count(*) FILTER (WHERE event = 'cancel'), coalesce(sum(d) FILTER (WHERE event = 'end'), 0) "
             "FROM ends GROUP BY 1, 2, 3) x GROUP BY v, element_id, day ORDER BY l");
}

// Per process version, element, day and duration bucket: how many completed durations.
inline std::vector<std::string> analytics_histogram_aggregates(pqxx::connection& c, const std::string& key) {
  return analytics_lines(c, "SELECT concat_ws('|', definition_version, element_id, day, bucket, sum(ended)) AS l "
                            "FROM analytics_daily WHERE bucket IS NOT NULL AND definition_key = " +
                                c.quote(key) + " GROUP BY definition_version, element_id, day, bucket ORDER BY l");
}
inline std::vector<std::string> analytics_histogram_recount(pqxx::connection& c, const std::string& key) {
  return analytics_lines(c, analytics_raw_events(c, key) +
                                "SELECT concat_ws('|', v, element_id, day, floor(4 * log(2, greatest(d, 0) + 1)), "
                                "count(*)) AS l FROM ends WHERE event = 'end' AND d IS NOT NULL "
                                "GROUP BY v, element_id, day, floor(4 * log(2, greatest(d, 0) + 1)) ORDER BY l");
}

// Per instance and element ('': the instance, over all its events): first time, first order, last time, last order.
inline std::vector<std::string> analytics_step_rows(pqxx::connection& c, const std::string& key) {
  return analytics_lines(c, "SELECT concat_ws('|', proc_inst_id, element_id, instance_start, definition_version, "
                            "first_time, first_ord, last_time, last_ord) AS l FROM analytics_step "
                            "WHERE definition_key = " + c.quote(key) + " ORDER BY l");
}
inline std::vector<std::string> analytics_step_recount(pqxx::connection& c, const std::string& key) {
  return analytics_lines(
      c, analytics_raw_events(c, key) +
             "SELECT concat_ws('|', proc_inst_id, element_id, min(instance_start), min(v), "
             "(array_agg(at ORDER BY ord))[1], min(ord), (array_agg(at ORDER BY ord DESC))[1], max(ord)) AS l "
             "FROM (SELECT * FROM ev WHERE event IN ('start', 'take') UNION ALL SELECT proc_inst_id, v, '', event, at, "
             "ord, instance_start, day FROM ev) x GROUP BY proc_inst_id, element_id ORDER BY l");
}

}  // namespace dpc::test
