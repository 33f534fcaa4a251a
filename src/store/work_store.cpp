// User tasks and external tasks on PostgreSQL (the engine's WorkStore port).
#include "dpc/store/work_store.h"

#include "dpc/core/time_format.h"

#include <spdlog/spdlog.h>

#include "connection_pool.h"
#include "dpc/core/strings.h"
#include "runtime_rows.h"
#include "sql_batch.h"
#include "variable_condition_sql.h"
#include "visibility_sql.h"
#include "where_builder.h"
#include "pooled_transaction.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {


const std::map<std::string, std::string> kTaskSort = {
    {"instanceId", "proc_inst_id"}, {"dueDate", "due"}, {"executionId", "execution_id"},
    {"assignee", "assignee"}, {"created", "created"}, {"lastUpdated", "last_updated"},
    {"followUpDate", "follow_up"}, {"description", "description"}, {"id", "id"},
    {"name", "name"}, {"nameCaseInsensitive", "lower(name)"}, {"priority", "priority"},
    {"tenantId", "tenant_id"}};
const std::map<std::string, std::string> kExternalSort = {
    {"id", "id"}, {"lockExpirationTime", "lock_expiration"}, {"processInstanceId", "proc_inst_id"},
    {"processDefinitionId", "proc_def_id"}, {"processDefinitionKey", "proc_def_key"},
    {"tenantId", "tenant_id"}, {"taskPriority", "priority"}, {"createTime", "created"}};

// ARRAY['a','b']::text[], quoted by the builder's connection.
std::string text_array(const WhereBuilder& w, const std::vector<std::string>& values) {
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "" : ",") + w.q(v);
  return "ARRAY[" + list + "]::text[]";
}

// The task rows a caller may see (visibility.h): assigned to the user, the user or one of
// their groups a candidate (Camunda's default task permissions), READ on the task or
// READ_TASK on the definition key. The array overlaps use the candidate columns' GIN indexes.
void visible_tasks(WhereBuilder& w, const Visibility& v) {
  if (v.unrestricted) return;
  auto value = [&w](const std::string& id) { return w.q(id); };
  std::string c = "(assignee = " + w.q(v.user_id) + " OR candidate_users && " + text_array(w, {v.user_id});
  if (!v.groups.empty()) c += " OR candidate_groups && " + text_array(w, v.groups);
  w.raw(c + " OR " + id_filter_condition(v.tasks, "id", value) + " OR " +
        id_filter_condition(v.definitions, "proc_def_key", value) + ")");
}

// One variable filter as an EXISTS over the variable table: process variables live in the
// instance's root scope (scope_id = the instance id), task variables carry the task's id.
// The (proc_inst_id, name) and (task_id, name) indexes of migration 0013 serve both.
// OFFSET 0 keeps the EXISTS a per-task probe: pulled up into a semi-join, PostgreSQL
// misjudges "v.proc_inst_id = v.scope_id" (it thinks a few hundred rows match, not all
// process variables) and scans every variable before the visibility filter and the sort
// (2.4 s instead of 1-4 ms for the first page with 100,000 open tasks).
std::string variable_exists(pqxx::connection_base& c, const VariableCondition& cond, bool task_local) {
  std::string scope = task_local ? "v.task_id = task.id"
                                 : "v.proc_inst_id = task.proc_inst_id AND v.scope_id = task.proc_inst_id"
                                   " AND v.task_id IS NULL";
  return "EXISTS (SELECT 1 FROM variable v WHERE " + scope + " AND v.name = " + c.quote(cond.name) +
         " AND " + variable_value_condition(c, cond) + " OFFSET 0)";
}

void task_filters(WhereBuilder& w, pqxx::connection_base& c, const TaskQuery& q) {
  w.eq("id", q.task_id);
  w.eq("assignee", q.assignee);
  w.like("assignee", q.assignee_like);
  w.eq("owner", q.owner);
  w.eq("proc_inst_id", q.process_instance_id);
  w.eq("business_key", q.process_instance_business_key);
  w.like("business_key", q.process_instance_business_key_like);
  w.eq("delegation_state", q.delegation_state);
  w.eq("proc_def_id", q.process_definition_id);
  w.eq("proc_def_key", q.process_definition_key);
  w.eq("task_def_key", q.task_definition_key);
  w.eq("execution_id", q.execution_id);
  w.eq("name", q.name);
  w.like("name", q.name_like);
  w.in("task_def_key", q.task_definition_key_in);
  w.in("proc_def_key", q.process_definition_key_in);
  // Array overlap (&&) rather than = ANY: the GIN indexes of the candidate columns serve it.
  if (q.candidate_user) {
    w.raw("(assignee IS NULL AND candidate_users && " + text_array(w, {*q.candidate_user}) + ")");
  }
  if (q.candidate_group) {
    w.raw("(assignee IS NULL AND candidate_groups && " + text_array(w, {*q.candidate_group}) + ")");
  }
  if (!q.candidate_groups.empty()) {
    w.raw("(assignee IS NULL AND candidate_groups && " + text_array(w, q.candidate_groups) + ")");
  }
  if (q.unassigned) w.raw("assignee IS NULL");
  if (q.assigned) w.raw("assignee IS NOT NULL");
  if (q.with_candidate_groups) w.raw("cardinality(candidate_groups) > 0");
  if (q.without_candidate_groups) w.raw("cardinality(candidate_groups) = 0");
  w.cmp("due", "<", q.due_before);
  w.cmp("due", ">", q.due_after);
  w.cmp("follow_up", "<", q.follow_up_before);
  w.cmp("follow_up", ">", q.follow_up_after);
  w.cmp("created", "<", q.created_before);
  w.cmp("created", ">", q.created_after);
  w.cmp("priority", "=", q.priority);
  w.cmp("priority", ">=", q.min_priority);
  w.cmp("priority", "<=", q.max_priority);
  if (q.suspended) w.raw(std::string("suspended = ") + (*q.suspended ? "true" : "false"));
  for (const auto& cond : q.process_variables) w.raw(variable_exists(c, cond, false));
  for (const auto& cond : q.task_variables) w.raw(variable_exists(c, cond, true));
  visible_tasks(w, q.visibility);
}

void external_filters(WhereBuilder& w, const ExternalTaskQuery& q, Millis now) {
  w.eq("id", q.id);
  w.eq("topic", q.topic);
  w.eq("worker_id", q.worker_id);
  w.eq("proc_inst_id", q.process_instance_id);
  w.eq("proc_def_id", q.process_definition_id);
  w.eq("activity_id", q.activity_id);
  w.eq("execution_id", q.execution_id);
  std::string n = std::to_string(now);
  if (q.locked && *q.locked) w.raw("lock_expiration > " + n);
  if (q.not_locked && *q.not_locked) w.raw("(lock_expiration IS NULL OR lock_expiration <= " + n + ")");
  if (q.with_retries_left && *q.with_retries_left) w.raw("(retries IS NULL OR retries > 0)");
  if (q.no_retries_left && *q.no_retries_left) w.raw("retries = 0");
  if (q.suspended) w.raw(std::string("suspended = ") + (*q.suspended ? "true" : "false"));
  visible_instances(w, q.visibility, "proc_def_key", "proc_inst_id");
}

// The engine clock (the system clock plus the test clock's offset, see time_format.h).
Millis wall_now() { return dpc::now_millis(); }

class PgWorkStore : public WorkStore {
 public:
  explicit PgWorkStore(Database& db) : db_(db) {}

  Result<std::vector<TaskRecord>> find_tasks(const TaskQuery& q) override {
    return with_tx<std::vector<TaskRecord>>([&](pqxx::work& tx) {
      WhereBuilder w(tx.conn());
      task_filters(w, tx.conn(), q);
      std::vector<TaskRecord> out;
      for (const auto& r : tx.exec(std::string("SELECT ") + kTaskColumns + " FROM task" +
                                   w.where() + WhereBuilder::order_by(q.sorting, kTaskSort, "created, id") +
                                   WhereBuilder::limit(q.page))) {
        out.push_back(read_task(r));
      }
      return out;
    });
  }

  Result<long long> count_tasks(const TaskQuery& q) override {
    return with_tx<long long>([&](pqxx::work& tx) {
      WhereBuilder w(tx.conn());
      task_filters(w, tx.conn(), q);
      return tx.exec("SELECT count(*) FROM task" + w.where())[0][0].as<long long>();
    });
  }

  Result<std::optional<TaskRecord>> task(const std::string& id) override {
    return with_tx<std::optional<TaskRecord>>([&](pqxx::work& tx) {
      auto r = tx.exec_params(std::string("SELECT ") + kTaskColumns + " FROM task WHERE id = $1", id);
      return r.empty() ? std::optional<TaskRecord>{} : std::optional<TaskRecord>{read_task(r[0])};
    });
  }

  Result<std::vector<ExternalTaskRecord>> find_external_tasks(const ExternalTaskQuery& q) override {
    return with_tx<std::vector<ExternalTaskRecord>>([&](pqxx::work& tx) {
      WhereBuilder w(tx.conn());
      external_filters(w, q, wall_now());
      std::vector<ExternalTaskRecord> out;
      for (const auto& r : tx.exec(std::string("SELECT ") + kExternalTaskColumns +
                                   " FROM external_task" + w.where() +
                                   WhereBuilder::order_by(q.sorting, kExternalSort, "created, id") +
                                   WhereBuilder::limit(q.page))) {
        out.push_back(read_external_task(r));
      }
      return out;
    });
  }

  Result<long long> count_external_tasks(const ExternalTaskQuery& q) override {
    return with_tx<long long>([&](pqxx::work& tx) {
      WhereBuilder w(tx.conn());
      external_filters(w, q, wall_now());
      return tx.exec("SELECT count(*) FROM external_task" + w.where())[0][0].as<long long>();
    });
  }

  Result<std::optional<ExternalTaskRecord>> external_task(const std::string& id) override {
    return with_tx<std::optional<ExternalTaskRecord>>([&](pqxx::work& tx) {
      auto r = tx.exec_params(std::string("SELECT ") + kExternalTaskColumns +
                                  " FROM external_task WHERE id = $1", id);
      return r.empty() ? std::optional<ExternalTaskRecord>{}
                       : std::optional<ExternalTaskRecord>{read_external_task(r[0])};
    });
  }

  Result<std::vector<LockedTask>> fetch_and_lock(const std::string& worker_id,
                                                 const std::vector<FetchTopic>& topics,
                                                 int max_tasks, bool use_priority,
                                                 Millis now, const IdFilter& definitions) override;

  Result<VariableMap> task_variables(const std::string& task_id, bool local_only) override;
  Result<VariableMap> instance_variables(const std::string& instance_id) override;

 private:
  template <typename T, typename F>
  Result<T> with_tx(F&& f) {
    return in_transaction<T>(db_, "work store", std::forward<F>(f));
  }

  Database& db_;
};

Result<std::vector<LockedTask>> PgWorkStore::fetch_and_lock(const std::string& worker_id,
                                                            const std::vector<FetchTopic>& topics,
                                                            int max_tasks, bool use_priority,
                                                            Millis now,
                                                            const IdFilter& definitions) {
  return with_tx<std::vector<LockedTask>>([&](pqxx::work& tx) {
    std::vector<LockedTask> out;
    if (topics.empty() || max_tasks <= 0) return out;
    pqxx::connection_base& c = tx.conn();
    std::string lock_case = "CASE t.topic";
    std::string topic_filter;
    for (const auto& t : topics) {
      std::string cond = "(topic = " + c.quote(t.name);
      if (t.business_key) cond += " AND business_key = " + c.quote(*t.business_key);
      if (t.process_definition_key) cond += " AND proc_def_key = " + c.quote(*t.process_definition_key);
      topic_filter += (topic_filter.empty() ? "" : " OR ") + cond + ")";
      lock_case += " WHEN " + c.quote(t.name) + " THEN " + std::to_string(now + t.lock_duration);
    }
    lock_case += " END";
    // RETURNING needs the shared column list qualified with the table alias.
    std::string returning;
    for (auto col : split(kExternalTaskColumns, ',')) {
      returning += std::string(returning.empty() ? "t." : ", t.") + std::string(trim(col));
    }
    std::string n = std::to_string(now);
    std::string sql =
        "WITH picked AS (SELECT id FROM external_task WHERE (" + topic_filter + ")"
        " AND (lock_expiration IS NULL OR lock_expiration <= " + n + ")"
        " AND NOT suspended AND (retries IS NULL OR retries > 0)"
        " AND " + id_filter_condition(definitions, "proc_def_key",
                                      [&c](const std::string& id) { return c.quote(id); }) +
        " ORDER BY " + std::string(use_priority ? "priority DESC, " : "") + "created, id"
        " LIMIT " + std::to_string(max_tasks) + " FOR UPDATE SKIP LOCKED) "
        "UPDATE external_task t SET worker_id = " + c.quote(worker_id) +
        ", lock_expiration = " + lock_case + " FROM picked WHERE t.id = picked.id RETURNING " +
        returning;
    auto rows = tx.exec(sql);
    std::map<std::string, const FetchTopic*> by_name;
    for (const auto& t : topics) by_name[t.name] = &t;
    for (const auto& r : rows) {
      LockedTask lt;
      lt.task = read_external_task(r);
      const FetchTopic* topic = by_name[lt.task.topic];
      std::string scope_filter = topic && topic->local_variables
                                     ? "scope_id = " + c.quote(lt.task.execution_id)
                                     : "(scope_id = proc_inst_id OR scope_id = " +
                                           c.quote(lt.task.execution_id) + ")";
      std::string var_sql = std::string("SELECT ") + kVariableColumns +
                            " FROM variable WHERE proc_inst_id = " +
                            c.quote(lt.task.process_instance_id) + " AND task_id IS NULL AND " +
                            scope_filter;
      if (topic && !topic->all_variables) {
        if (topic->variables.empty()) var_sql += " AND false";
        std::string list;
        for (const auto& v : topic->variables) list += (list.empty() ? "" : ",") + c.quote(v);
        if (!list.empty()) var_sql += " AND name IN (" + list + ")";
      }
      for (const auto& vr : tx.exec(var_sql + " ORDER BY (scope_id = proc_inst_id) DESC")) {
        auto v = read_variable(vr);
        lt.variables[v.name] = v.value;  // the execution's own value wins (read last)
      }
      out.push_back(std::move(lt));
    }
    return out;
  });
}

Result<VariableMap> PgWorkStore::task_variables(const std::string& task_id, bool local_only) {
  return with_tx<VariableMap>([&](pqxx::work& tx) {
    VariableMap out;
    auto t = tx.exec_params("SELECT proc_inst_id, execution_id FROM task WHERE id = $1", task_id);
    if (t.empty()) return out;
    std::string sql = std::string("SELECT ") + kVariableColumns + " FROM variable WHERE ";
    if (local_only) {
      sql += "task_id = " + tx.quote(task_id);
    } else {
      // Process variables, the scopes above the task (subprocesses), then the task's own.
      sql += "proc_inst_id = " + tx.quote(t[0][0].as<std::string>()) +
             " AND (task_id IS NULL OR task_id = " + tx.quote(task_id) + ")" +
             " ORDER BY (scope_id = proc_inst_id) DESC, (task_id IS NOT NULL)";
    }
    for (const auto& r : tx.exec(sql)) {
      auto v = read_variable(r);
      out[v.name] = v.value;
    }
    return out;
  });
}

Result<VariableMap> PgWorkStore::instance_variables(const std::string& instance_id) {
  return with_tx<VariableMap>([&](pqxx::work& tx) {
    VariableMap out;
    for (const auto& r : tx.exec_params(std::string("SELECT ") + kVariableColumns +
                                            " FROM variable WHERE proc_inst_id = $1 AND "
                                            "scope_id = proc_inst_id AND task_id IS NULL",
                                        instance_id)) {
      auto v = read_variable(r);
      out[v.name] = v.value;
    }
    return out;
  });
}

}  // namespace

std::unique_ptr<WorkStore> make_work_store(Database& db) {
  return std::make_unique<PgWorkStore>(db);
}

}  // namespace dpc::store
