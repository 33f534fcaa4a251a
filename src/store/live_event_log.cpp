// PgLiveEventLog: reads the ui_event rows (migration 0015) back for the event hub, and
// prunes them. Each call is one short read on a pooled connection.
#include <nlohmann/json.hpp>

#include "dpc/store/live_queries.h"
#include "pooled_transaction.h"
#include "read_queries_sql.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

using ReadTransaction = pqxx::transaction<pqxx::isolation_level::read_committed, pqxx::readwrite_policy::read_only>;

constexpr const char* kColumns =
    "SELECT id, kind, type, task_id, incident_id, name, proc_inst_id, proc_def_key, activity_id, "
    "assignee, previous_assignee, array_to_json(candidate_users)::text, array_to_json(candidate_groups)::text "
    "FROM ui_event ";

std::vector<std::string> text_list(const pqxx::field& f) {
  std::vector<std::string> out;
  if (f.is_null()) return out;
  auto j = nlohmann::json::parse(f.c_str(), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<LiveEvent> read_events(const pqxx::result& rows) {
  std::vector<LiveEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    LiveEvent e;
    e.id = r[0].as<long long>();
    e.kind = read_sql::text_of(r[1]);
    e.type = read_sql::text_of(r[2]);
    e.task_id = read_sql::text_of(r[3]);
    e.incident_id = read_sql::text_of(r[4]);
    e.name = read_sql::text_of(r[5]);
    e.process_instance_id = read_sql::text_of(r[6]);
    e.process_definition_key = read_sql::text_of(r[7]);
    e.activity_id = read_sql::text_of(r[8]);
    e.assignee = read_sql::text_of(r[9]);
    e.previous_assignee = read_sql::text_of(r[10]);
    e.candidate_users = text_list(r[11]);
    e.candidate_groups = text_list(r[12]);
    out.push_back(std::move(e));
  }
  return out;
}

class PgLiveEventLog : public LiveEventLog {
 public:
  explicit PgLiveEventLog(Database& db) : db_(db) {}

  Result<std::vector<LiveEvent>> after(int64_t after, int limit, const std::vector<int64_t>& also) override {
    return in_transaction<std::vector<LiveEvent>, ReadTransaction>(db_, "live events", [&](auto& tx) {
      std::string late;
      for (int64_t id : also) late += (late.empty() ? "" : ",") + std::to_string(id);
      std::string sql = std::string(kColumns) + "WHERE id > $1" +
                        (late.empty() ? "" : " OR id IN (" + late + ")") + " ORDER BY id LIMIT $2";
      return read_events(tx.exec_params(sql, static_cast<long long>(after), limit));
    });
  }

  Result<int64_t> last_id() override {
    return in_transaction<int64_t, ReadTransaction>(db_, "live events", [&](auto& tx) -> int64_t {
      return tx.exec("SELECT coalesce(max(id), 0) FROM ui_event")[0][0].template as<long long>();
    });
  }

  Result<long long> prune(std::chrono::seconds age) override {
    // By id, which follows time: the primary key finds the first row young enough to keep,
    // and everything before it goes (no index on the time needed).
    return in_transaction<long long>(db_, "live events", [&](pqxx::work& tx) {
      auto r = tx.exec_params(
          "DELETE FROM ui_event WHERE id < (SELECT coalesce((SELECT id FROM ui_event "
          "WHERE created >= now() - make_interval(secs => $1) ORDER BY id LIMIT 1), "
          "(SELECT coalesce(max(id) + 1, 0) FROM ui_event)))",
          static_cast<long long>(age.count()));
      return static_cast<long long>(r.affected_rows());
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<LiveEventLog> make_live_event_log(Database& db) {
  return std::make_unique<PgLiveEventLog>(db);
}

}  // namespace dpc::store
