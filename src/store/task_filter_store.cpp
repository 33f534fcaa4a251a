// Saved task filters on PostgreSQL (the engine's TaskFilterStore port, table task_filter).
#include "dpc/store/task_filter_store.h"

#include <map>

#include "pooled_transaction.h"
#include "visibility_sql.h"
#include "where_builder.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

const char* const kColumns = "id, resource_type, name, owner, query::text, properties::text";
// Camunda's filter sort keys; firstResult sorts by nothing (Camunda's own quirk), so by id.
const std::map<std::string, std::string> kSort = {
    {"filterId", "id"}, {"firstResult", "id"}, {"resourceType", "resource_type"},
    {"name", "name"}, {"owner", "owner"}};

std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

TaskFilter read_filter(const pqxx::row& r) {
  return {str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5])};
}

std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

void filters(WhereBuilder& w, const TaskFilterQuery& q) {
  w.eq("id", q.id);
  w.eq("resource_type", q.resource_type);
  w.eq("name", q.name);
  w.like("name", q.name_like);
  w.eq("owner", q.owner);
  if (q.unrestricted) return;
  auto value = [&w](const std::string& id) { return w.q(id); };
  w.raw("(owner = " + w.q(q.owner_of_readable) + " OR " +
        id_filter_condition(q.readable, "id", value) + ")");
}

class PgTaskFilterStore : public TaskFilterStore {
 public:
  explicit PgTaskFilterStore(Database& db) : db_(db) {}

  Status create(const TaskFilter& f) override {
    return status(tx<bool>([&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO task_filter (id, resource_type, name, owner, query, properties) "
                     "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)",
                     f.id, f.resource_type, f.name, opt(f.owner), f.query_json, f.properties_json);
      return true;
    }));
  }

  Status update(const TaskFilter& f) override {
    return status(tx<bool>([&](pqxx::work& tx) -> Result<bool> {
      auto r = tx.exec_params("UPDATE task_filter SET resource_type = $2, name = $3, owner = $4, "
                              "query = $5::jsonb, properties = $6::jsonb WHERE id = $1",
                              f.id, f.resource_type, f.name, opt(f.owner), f.query_json,
                              f.properties_json);
      if (r.affected_rows() == 0) return Error::not_found("Filter with id " + f.id + " does not exist.");
      return true;
    }));
  }

  Status remove(const std::string& id) override {
    return status(tx<bool>([&](pqxx::work& tx) -> Result<bool> {
      auto r = tx.exec_params("DELETE FROM task_filter WHERE id = $1", id);
      if (r.affected_rows() == 0) return Error::not_found("Filter with id " + id + " does not exist.");
      // Its authorizations go with it, as Camunda's DeleteFilterCmd removes them.
      tx.exec_params("DELETE FROM identity_authorization WHERE resource_type = 5 AND resource_id = $1", id);
      return true;
    }));
  }

  Result<std::optional<TaskFilter>> get(const std::string& id) override {
    return tx<std::optional<TaskFilter>>([&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT " + std::string(kColumns) + " FROM task_filter WHERE id = $1", id);
      return r.empty() ? std::optional<TaskFilter>{} : std::optional<TaskFilter>{read_filter(r[0])};
    });
  }

  Result<std::vector<TaskFilter>> find(const TaskFilterQuery& q) override {
    return tx<std::vector<TaskFilter>>([&](pqxx::work& tx) {
      WhereBuilder w(tx.conn());
      filters(w, q);
      std::vector<TaskFilter> out;
      for (const auto& r : tx.exec("SELECT " + std::string(kColumns) + " FROM task_filter" + w.where() +
                                   WhereBuilder::order_by(q.sorting, kSort, "id") +
                                   WhereBuilder::limit(q.page))) {
        out.push_back(read_filter(r));
      }
      return out;
    });
  }

  Result<long long> count(const TaskFilterQuery& q) override {
    return tx<long long>([&](pqxx::work& tx) {
      WhereBuilder w(tx.conn());
      filters(w, q);
      return tx.exec("SELECT count(*) FROM task_filter" + w.where())[0][0].as<long long>();
    });
  }

 private:
  template <typename T, typename F>
  Result<T> tx(F&& f) {
    return in_transaction<T>(db_, "task filter store", std::forward<F>(f));
  }
  static Status status(const Result<bool>& r) { return r ? Status{} : Status(r.error()); }

  Database& db_;
};

}  // namespace

std::unique_ptr<TaskFilterStore> make_task_filter_store(Database& db) {
  return std::make_unique<PgTaskFilterStore>(db);
}

}  // namespace dpc::store
