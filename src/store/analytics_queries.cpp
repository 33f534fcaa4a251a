// PgAnalyticsStore: the dashboard's reads. The funnel reads each selected instance's first
// and last occurrence of the asked elements from analytics_step (kept by migration 0025's
// trigger on engine_event, in the events' own transaction); for the few instances those
// cannot settle it reads their occurrences of the asked elements from engine_event (whose parallel arrays hold one entry
// per event) as one compact text per instance, and the analytics module matches the steps;
// the heatmap and KPIs aggregate in SQL (percentile_disc is the nearest-rank quantile the
// module documents). Instances are selected by hi_proc_inst (definition key, start time;
// index hi_proc_inst_key_start of migration 0020).
#include <algorithm>
#include <charconv>

#include "dpc/store/analytics_store.h"
#include "pooled_transaction.h"
#include "read_queries_sql.h"
#include "where_builder.h"

namespace dpc::store {

using namespace dpc::analytics;

namespace {

using ReadTransaction = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

std::string text_array(pqxx::connection_base& c, const std::vector<std::string>& values) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + c.quote(values[i]);
  return out + "]::text[]";
}

// The selected instances of hi_proc_inst `p`.
std::string instance_where(pqxx::connection_base& c, const InstanceFilter& f) {
  WhereBuilder w(c);
  w.eq("p.definition_key", f.process_definition_key);
  w.cmp("p.definition_version", "=", f.version);
  w.cmp("p.start_time", ">=", f.from);
  w.cmp("p.start_time", "<=", f.to);
  if (!f.instance_ids.empty()) w.raw("p.id = ANY(" + text_array(c, f.instance_ids) + ")");
  return w.where();
}

// A dimension's value for instance `p`: its business key or a variable's last value.
std::string dimension_sql(pqxx::connection_base& c, const std::string& group_by) {
  if (group_by.empty()) return "NULL::text";
  if (group_by == kBusinessKeyDimension) return "p.business_key";
  return "(SELECT CASE WHEN u.deleted THEN NULL ELSE coalesce(u.text_value, u.long_value::text, "
         "u.double_value::text) END FROM hi_var_update u WHERE u.proc_inst_id = p.id AND u.name = " +
         c.quote(group_by) + " ORDER BY u.seq DESC LIMIT 1)";
}

std::string numeric_variable_sql(pqxx::connection_base& c, const std::string& name) {
  return "(SELECT CASE WHEN u.deleted THEN NULL ELSE coalesce(u.double_value, u.long_value::double precision) END "
         "FROM hi_var_update u WHERE u.proc_inst_id = p.id AND u.name = " +
         c.quote(name) + " ORDER BY u.seq DESC LIMIT 1)";
}


std::optional<std::int64_t> optional_int(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::int64_t>();
}

// "e:t,e:t,..." (element index, time) into the path.
void parse_occurrences(const char* s, std::size_t n, InstancePath& path) {
  const char* end = s + n;
  while (s < end) {
    int e = 0;
    std::int64_t t = 0;
    s = std::from_chars(s, end, e).ptr + 1;  // past ':'
    s = std::from_chars(s, end, t).ptr + 1;  // past ','
    path.elements.push_back(e);
    path.times.push_back(t);
  }
}

const char* interval_name(Interval i) {
  switch (i) {
    case Interval::kDay: return "day";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
  }
  return "day";
}

class PgAnalyticsStore : public AnalyticsStore {
 public:
  PgAnalyticsStore(Database& db, Database& read_db) : db_(db), read_db_(read_db) {}

  Status instance_paths(const InstanceFilter& filter, const std::vector<std::string>& element_ids,
                        const std::string& group_by,
                        const std::function<void(const InstancePath&)>& visit) override {
    auto r = read<bool>([&](ReadTransaction& tx) {
      auto& c = tx.conn();
      const std::string ids = text_array(c, element_ids);
      WhereBuilder ev(c);
      ev.eq("ev.definition_key", filter.process_definition_key);
      ev.cmp("ev.definition_version", "=", filter.version);
      // An instance's events come after its start (a minute's margin: the start command's
      // first event and the instance's start time are read from the clock separately).
      std::optional<std::int64_t> events_from;
      if (filter.from) events_from = *filter.from - 60000;
      ev.cmp("ev.time", ">=", events_from);
      if (!filter.instance_ids.empty()) ev.raw("ev.proc_inst_id = ANY(" + text_array(c, filter.instance_ids) + ")");
      ev.raw("f.element = ANY(" + ids + ")");
      ev.raw("f.event IN ('start', 'take')");
      std::string sql =
          "WITH inst AS (SELECT p.id, p.start_time, " + dimension_sql(c, group_by) +
          " AS g FROM hi_proc_inst p" + instance_where(c, filter) +
          "), occ AS (SELECT ev.proc_inst_id, ev.seq, f.n, array_position(" + ids +
          ", f.element) - 1 AS e, f.at FROM engine_event ev, "
          "unnest(ev.element_ids, ev.events, ev.times) WITH ORDINALITY AS f(element, event, at, n)" +
          ev.where() +
          ") SELECT i.start_time, i.g, string_agg(o.e::text || ':' || o.at::text, ',' ORDER BY o.seq, o.n) "
          "FROM inst i LEFT JOIN occ o ON o.proc_inst_id = i.id GROUP BY i.id, i.start_time, i.g";
      // One big grouping per question: sort in memory rather than on disk, and no JIT
      // compilation (a fifth of a second per question, for a plan that runs once).
      tx.exec("SET LOCAL work_mem = '256MB'");
      tx.exec("SET LOCAL jit = off");
      InstancePath path;
      for (const auto& row : tx.exec(sql)) {
        path.start_time = row[0].as<std::int64_t>();
        path.group = row[1].is_null() ? std::nullopt : std::optional<std::string>(row[1].c_str());
        path.elements.clear();
        path.times.clear();
        if (!row[2].is_null()) parse_occurrences(row[2].c_str(), row[2].size(), path);
        visit(path);
      }
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<long long> instance_steps(const InstanceFilter& filter, const std::vector<std::string>& element_ids,
                                   const std::string& group_by,
                                   const std::function<void(const InstanceSteps&)>& visit) override {
    return read<long long>([&](ReadTransaction& tx) -> long long {
      auto& c = tx.conn();
      // One row per instance with any asked element: per element its first time, first and
      // last order, from one index-only range scan per element (analytics_step's key).
      WhereBuilder w(c);
      w.eq("s.definition_key", filter.process_definition_key);
      w.raw("s.element_id = ANY(" + text_array(c, element_ids) + ")");
      w.cmp("s.instance_start", ">=", filter.from);
      w.cmp("s.instance_start", "<=", filter.to);
      w.cmp("s.definition_version", "=", filter.version);
      std::string columns;
      for (const auto& id : element_ids) {
        const std::string only = " FILTER (WHERE s.element_id = " + c.quote(id) + ")";
        columns += ", max(s.first_time)" + only + ", max(s.first_ord)" + only + ", max(s.last_ord)" + only;
      }
      const std::string steps = "SELECT s.proc_inst_id, min(s.instance_start) AS instance_start" + columns +
                                " FROM analytics_step s" + w.where() + " GROUP BY s.proc_inst_id";
      tx.exec("SET LOCAL work_mem = '256MB'");
      tx.exec("SET LOCAL jit = off");
      const bool grouped = !group_by.empty();
      // Grouped: every selected instance (its dimension needs hi_proc_inst anyway).
      const std::string sql =
          grouped ? "SELECT p.id, p.start_time, " + dimension_sql(c, group_by) + ", s.* FROM hi_proc_inst p LEFT JOIN (" +
                        steps + ") s ON s.proc_inst_id = p.id" + instance_where(c, filter)
                  : "SELECT s.proc_inst_id, s.instance_start, NULL::text, s.* FROM (" + steps + ") s";
      const std::size_t first = 5;  // columns before the elements' (id, start, group, s.proc_inst_id, s.start)
      InstanceSteps row_steps;
      row_steps.elements.resize(element_ids.size());
      long long visited = 0;
      for (const auto& row : tx.exec(sql)) {
        row_steps.id = row[0].c_str();
        row_steps.start_time = row[1].as<std::int64_t>();
        row_steps.group = row[2].is_null() ? std::nullopt : std::optional<std::string>(row[2].c_str());
        for (std::size_t i = 0; i < element_ids.size(); ++i) {
          const std::size_t col = first + 3 * i;
          if (row[static_cast<int>(col)].is_null()) {
            row_steps.elements[i].reset();
          } else {
            row_steps.elements[i] = StepOccurrence{row[static_cast<int>(col)].as<std::int64_t>(),
                                                   row[static_cast<int>(col + 1)].as<std::int64_t>(),
                                                   row[static_cast<int>(col + 2)].as<std::int64_t>()};
          }
        }
        visit(row_steps);
        ++visited;
      }
      if (grouped) return 0;
      const long long selected = tx.exec("SELECT count(*) FROM hi_proc_inst p" + instance_where(c, filter))[0][0]
                                     .as<long long>();
      return std::max(0LL, selected - visited);
    });
  }

  Result<ReachedCounts> reached_counts(const InstanceFilter& filter, const std::vector<std::string>& element_ids) override {
    fold();
    return read<ReachedCounts>([&](ReadTransaction& tx) {
      auto& c = tx.conn();
      // analytics_daily: element '' counts instances started; whole UTC days of instance start.
      auto day_of = [](std::int64_t t) { return t - (((t % 86400000) + 86400000) % 86400000); };
      std::optional<std::int64_t> from_day, to_day;
      if (filter.from) from_day = day_of(*filter.from);
      if (filter.to) to_day = day_of(*filter.to);
      std::vector<std::string> asked = element_ids;
      asked.push_back("");
      WhereBuilder w(c);
      w.eq("d.definition_key", filter.process_definition_key);
      w.raw("d.bucket IS NULL");
      w.raw("d.element_id = ANY(" + text_array(c, asked) + ")");
      w.cmp("d.day", ">=", from_day);
      w.cmp("d.day", "<=", to_day);
      w.cmp("d.definition_version", "=", filter.version);
      ReachedCounts counts;
      counts.reached.assign(element_ids.size(), 0);
      for (const auto& r : tx.exec("SELECT d.element_id, sum(d.reached) FROM analytics_daily d" + w.where() +
                                   " GROUP BY d.element_id")) {
        const std::string id = r[0].c_str();
        const long long n = r[1].as<long long>();
        if (id.empty()) counts.started = n;
        for (std::size_t i = 0; i < element_ids.size(); ++i) {
          if (element_ids[i] == id) counts.reached[i] = n;
        }
      }
      return counts;
    });
  }

  Result<Heatmap> heatmap(const InstanceFilter& filter) override {
    return read<Heatmap>([&](ReadTransaction& tx) {
      auto& c = tx.conn();
      tx.exec("SET LOCAL work_mem = '64MB'");
      tx.exec("SET LOCAL jit = off");
      const std::string where = instance_where(c, filter);
      Heatmap h;
      h.instances = tx.exec("SELECT count(*) FROM hi_proc_inst p" + where)[0][0].as<long long>();
      const char* done = "a.end_time IS NOT NULL AND NOT a.canceled";
      const char* waiting = "a.end_time IS NULL AND p.end_time IS NULL";
      std::map<std::string, ActivityHeat> acts;
      for (const auto& r : tx.exec(
               std::string("SELECT a.activity_id, min(a.activity_type), count(*), count(*) FILTER (WHERE ") + done +
               "), count(*) FILTER (WHERE " + waiting +
               "), percentile_disc(0.5) WITHIN GROUP (ORDER BY a.end_time - a.start_time) FILTER (WHERE " + done +
               "), percentile_disc(0.9) WITHIN GROUP (ORDER BY a.end_time - a.start_time) FILTER (WHERE " + done +
               "), min(a.start_time) FILTER (WHERE " + waiting +
               "), round(avg(a.end_time - a.start_time) FILTER (WHERE " + done + "))::bigint"
               " FROM hi_proc_inst p JOIN hi_act_inst a ON a.proc_inst_id = p.id" + where +
               " GROUP BY a.activity_id")) {
        ActivityHeat& a = acts[r[0].c_str()];
        a.activity_id = r[0].c_str();
        a.activity_type = read_sql::text_of(r[1]);
        a.count = r[2].as<long long>();
        a.completed = r[3].as<long long>();
        a.waiting = r[4].as<long long>();
        a.median_millis = optional_int(r[5]);
        a.p90_millis = optional_int(r[6]);
        a.oldest_waiting_since = optional_int(r[7]);
        a.avg_millis = optional_int(r[8]);
      }
      for (const auto& r : tx.exec("SELECT i.activity_id, count(*) FROM hi_proc_inst p JOIN incident i "
                                   "ON i.proc_inst_id = p.id" + where +
                                   " AND i.activity_id IS NOT NULL GROUP BY i.activity_id")) {
        ActivityHeat& a = acts[r[0].c_str()];
        a.activity_id = r[0].c_str();
        a.incidents = r[1].as<long long>();
      }
      for (auto& [id, a] : acts) h.activities.push_back(std::move(a));
      WhereBuilder ev(c);
      ev.eq("ev.definition_key", filter.process_definition_key);
      std::optional<std::int64_t> events_from;  // as in instance_paths
      if (filter.from) events_from = *filter.from - 60000;
      ev.cmp("ev.time", ">=", events_from);
      for (const auto& r : tx.exec(
               "SELECT f.element, count(*) FROM (SELECT p.id FROM hi_proc_inst p" + where +
               ") i JOIN (SELECT ev.proc_inst_id, f.element FROM engine_event ev, "
               "unnest(ev.element_ids, ev.element_types, ev.events) AS f(element, type, event)" + ev.where() +
               " AND f.type = 'sequenceFlow' AND f.event = 'take') f ON f.proc_inst_id = i.id "
               "GROUP BY f.element ORDER BY f.element")) {
        h.flows.push_back({r[0].c_str(), r[1].as<long long>()});
      }
      return h;
    });
  }

  Result<std::vector<KpiBucket>> kpis(const KpiQuery& q) override {
    return read<std::vector<KpiBucket>>([&](ReadTransaction& tx) {
      auto& c = tx.conn();
      const std::string bucket = std::string("(extract(epoch FROM date_trunc('") + interval_name(q.interval) +
                                 "', to_timestamp(p.start_time / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint";
      const std::string sum = q.sum_variable.empty() ? "NULL::double precision"
                                                     : "sum(" + numeric_variable_sql(c, q.sum_variable) + ")";
      std::vector<KpiBucket> out;
      for (const auto& r : tx.exec(
               "SELECT " + bucket + " AS b, " + dimension_sql(c, q.group_by) +
               " AS g, count(*), count(*) FILTER (WHERE p.state = 'COMPLETED'), "
               "percentile_disc(0.5) WITHIN GROUP (ORDER BY p.end_time - p.start_time) "
               "FILTER (WHERE p.state = 'COMPLETED'), " + sum + " FROM hi_proc_inst p" +
               instance_where(c, q.filter) + " GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST")) {
        KpiBucket b;
        b.start = r[0].as<std::int64_t>();
        if (!r[1].is_null()) b.group = r[1].c_str();
        b.started = r[2].as<long long>();
        b.completed = r[3].as<long long>();
        b.lead_time_median_millis = optional_int(r[4]);
        if (!r[5].is_null()) b.sum = r[5].as<double>();
        out.push_back(std::move(b));
      }
      return out;
    });
  }

 private:
  template <typename T, typename F>
  Result<T> read(F&& f) {
    return in_transaction<T, ReadTransaction>(read_db_, "analytics", std::forward<F>(f));
  }
  // Folds analytics_daily's new rows (migration 0025's analytics_fold: one node at a time,
  // cheap when few are new), so that reads sum one row per key and day. A failure leaves
  // the rows as they are: the reads sum them anyway.
  void fold() {
    (void)in_transaction<bool, pqxx::work>(db_, "analytics fold", [](pqxx::work& tx) {
      tx.exec("SELECT analytics_fold()");
      return true;
    });
  }
  Database& db_;       // writes (the fold)
  Database& read_db_;  // the dashboard's reads: db_ or DPC_ANALYTICS_DATABASE_URL
};

}  // namespace

std::unique_ptr<AnalyticsStore> make_analytics_store(Database& db, Database* read_db) {
  return std::make_unique<PgAnalyticsStore>(db, read_db ? *read_db : db);
}

}  // namespace dpc::store
