// The engine's RepositoryStore on PostgreSQL. A deployment is written in one transaction;
// versions are assigned under transaction-scoped advisory locks (one per process key and
// tenant; one per deployment name for duplicate filtering), so concurrent deployments of the
// same key on any number of nodes get consecutive versions.
#include "dpc/store/repository_store.h"

#include <spdlog/spdlog.h>

#include "connection_pool.h"
#include "repository_sql.h"
#include "runtime_rows.h"
#include "sql_batch.h"
#include "pooled_transaction.h"
#include "user_operation_sql.h"
#include "sql_queries.h"

namespace dpc::store {

using namespace dpc::engine;

namespace {

// Advisory lock classes (first key of the two-int form): "DPC1", "DPC2".
constexpr int kNameLockClass = 0x44504331;
constexpr int kKeyLockClass = 0x44504332;
constexpr int kDecisionKeyLockClass = 0x44504333;  // "DPC3"
constexpr int kFormKeyLockClass = 0x44504334;      // "DPC4"

constexpr const char* kFormColumns =
    "id, key, version, resource_name, deployment_id, tenant_id, deploy_time";

FormDefinitionRecord read_form(const pqxx::row& r) {
  FormDefinitionRecord f;
  f.id = r[0].c_str();
  f.key = r[1].c_str();
  f.version = r[2].as<int>();
  f.resource_name = r[3].c_str();
  f.deployment_id = r[4].c_str();
  f.tenant_id = r[5].is_null() ? "" : r[5].c_str();
  f.deploy_time = r[6].as<std::int64_t>();
  return f;
}


class PgRepositoryTransaction : public RepositoryTransaction {
 public:
  explicit PgRepositoryTransaction(pqxx::work& tx) : tx_(tx) {}

  Status lock_deployment_name(const std::string& name) override {
    tx_.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kNameLockClass, name);
    return {};
  }

  Result<std::optional<DeploymentRecord>> latest_deployment(const std::string& name,
                                                            const std::string& source,
                                                            const std::string& tenant_id) override {
    auto r = tx_.exec_params(std::string("SELECT ") + kDeploymentColumns +
                                 " FROM deployment WHERE name = $1"
                                 " AND source IS NOT DISTINCT FROM $2::text"
                                 " AND tenant_id IS NOT DISTINCT FROM $3::text"
                                 " ORDER BY seq DESC LIMIT 1",
                             name, nullable(source), nullable(tenant_id));
    if (r.empty()) return std::optional<DeploymentRecord>{};
    return std::optional<DeploymentRecord>{read_deployment(r[0])};
  }

  Result<std::map<std::string, std::string>> latest_resource_hashes(
      const std::string& name, const std::string& source, const std::string& tenant_id) override {
    auto rows = tx_.exec_params(
        "SELECT DISTINCT ON (r.name) r.name, r.content_hash FROM deployment_resource r"
        " JOIN deployment d ON d.id = r.deployment_id WHERE d.name = $1"
        " AND d.source IS NOT DISTINCT FROM $2::text AND d.tenant_id IS NOT DISTINCT FROM $3::text"
        " ORDER BY r.name, d.seq DESC",
        name, nullable(source), nullable(tenant_id));
    std::map<std::string, std::string> out;
    for (const auto& r : rows) out[r[0].c_str()] = r[1].c_str();
    return out;
  }

  Result<int> lock_latest_version(const std::string& key, const std::string& tenant_id) override {
    tx_.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2 || '|' || $3))", kKeyLockClass,
                    key, tenant_id);
    auto r = tx_.exec_params(
        "SELECT COALESCE(max(version), 0) FROM process_definition"
        " WHERE key = $1 AND COALESCE(tenant_id, '') = $2",
        key, tenant_id);
    return r[0][0].as<int>();
  }

  Status insert(const DeploymentRecord& d, const std::vector<ResourceRecord>& resources,
                const std::vector<ProcessDefinitionRecord>& definitions) override {
    tx_.exec_params(
        "INSERT INTO deployment (id, name, source, tenant_id, deploy_time) VALUES ($1, $2, $3, $4, $5)",
        d.id, nullable(d.name), nullable(d.source), nullable(d.tenant_id), d.deploy_time);
    for (const auto& r : resources) {
      tx_.exec_params(
          "INSERT INTO deployment_resource (id, deployment_id, name, content_hash, bytes)"
          " VALUES ($1, $2, $3, $4, $5)",
          r.id, r.deployment_id, r.name, r.content_hash,
          pqxx::binarystring(r.bytes.data(), r.bytes.size()));
    }
    for (const auto& p : definitions) {
      std::string ttl = p.history_ttl_days ? std::to_string(*p.history_ttl_days) : std::string();
      tx_.exec_params(
          "INSERT INTO process_definition (id, key, version, name, category, description,"
          " resource_name, deployment_id, version_tag, history_ttl, startable_in_tasklist,"
          " suspended, tenant_id, deploy_time)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::integer, $11, $12, $13, $14)",
          p.id, p.key, p.version, nullable(p.name), nullable(p.category), nullable(p.description),
          p.resource_name, p.deployment_id, nullable(p.version_tag), nullable(ttl),
          p.startable_in_tasklist, p.suspended, nullable(p.tenant_id), p.deploy_time);
    }
    write_user_operation(tx_);  // the deployment's Create entry (user_operation_sql.h)
    return {};
  }

  Result<int> lock_latest_decision_version(const std::string& key,
                                           const std::string& tenant_id) override {
    tx_.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2 || '|' || $3))",
                    kDecisionKeyLockClass, key, tenant_id);
    auto r = tx_.exec_params(
        "SELECT COALESCE(max(version), 0) FROM decision_definition"
        " WHERE key = $1 AND COALESCE(tenant_id, '') = $2",
        key, tenant_id);
    return r[0][0].as<int>();
  }

  Status insert_decisions(const std::vector<DecisionDefinitionRecord>& decisions) override {
    for (const auto& d : decisions) {
      std::string ttl = d.history_ttl_days ? std::to_string(*d.history_ttl_days) : std::string();
      tx_.exec_params(
          "INSERT INTO decision_definition (id, key, version, name, category, resource_name,"
          " deployment_id, version_tag, history_ttl, tenant_id, deploy_time)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::integer, $10, $11)",
          d.id, d.key, d.version, nullable(d.name), nullable(d.category), d.resource_name,
          d.deployment_id, nullable(d.version_tag), nullable(ttl), nullable(d.tenant_id),
          d.deploy_time);
    }
    return {};
  }

  Result<int> lock_latest_form_version(const std::string& key, const std::string& tenant_id) override {
    tx_.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2 || '|' || $3))", kFormKeyLockClass,
                    key, tenant_id);
    auto r = tx_.exec_params(
        "SELECT COALESCE(max(version), 0) FROM form_definition WHERE key = $1 AND COALESCE(tenant_id, '') = $2",
        key, tenant_id);
    return r[0][0].as<int>();
  }

  Status insert_forms(const std::vector<FormDefinitionRecord>& forms) override {
    for (const auto& f : forms) {
      tx_.exec_params(std::string("INSERT INTO form_definition (") + kFormColumns +
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      f.id, f.key, f.version, f.resource_name, f.deployment_id, nullable(f.tenant_id),
                      f.deploy_time);
    }
    return {};
  }

  // Start-timer jobs belong to no instance (proc_inst_id ''); see timer_start.h.
  Status replace_start_timers(const std::string& key, const std::string& tenant_id,
                              const std::vector<engine::JobRecord>& jobs) override {
    tx_.exec_params("DELETE FROM job WHERE proc_inst_id = '' AND proc_def_key = $1 AND "
                    "COALESCE(tenant_id, '') = $2", key, tenant_id);
    if (jobs.empty()) return {};
    SqlBatch b(tx_.conn());
    std::vector<std::string> rows;
    for (const auto& j : jobs) rows.push_back(values_of(b, j));
    b.insert("job", kJobColumns, rows);
    b.statement("NOTIFY dpc_job");
    tx_.exec(b.sql());
    return {};
  }

 private:
  pqxx::work& tx_;
};

class PgRepositoryStore : public RepositoryStore {
 public:
  explicit PgRepositoryStore(Database& db) : db_(db) {}

  Status in_transaction(const std::function<Status(RepositoryTransaction&)>& work) override {
    auto done = run<bool>([&](pqxx::work& tx) -> Result<bool> {
      PgRepositoryTransaction t(tx);
      Status st = work(t);
      if (!st) return st.error();  // rolled back
      return true;
    });
    if (!done) return done.error();
    return {};
  }

  Result<std::vector<DeploymentRecord>> deployments(const DeploymentQuery& q) override {
    return list<DeploymentRecord>(deployment_select(q, false), &read_deployment);
  }
  Result<long long> count_deployments(const DeploymentQuery& q) override {
    return count(deployment_select(q, true));
  }
  Result<std::optional<DeploymentRecord>> deployment(const std::string& id) override {
    DeploymentQuery q;
    q.id = id;
    return first_row(deployments(q));
  }

  Result<std::vector<ResourceRecord>> resources(const std::string& deployment_id) override {
    return read_only<std::vector<ResourceRecord>>([&](pqxx::transaction_base& tx) -> Result<std::vector<ResourceRecord>> {
      std::vector<ResourceRecord> out;
      for (const auto& r : tx.exec_params(
               "SELECT id, deployment_id, name, content_hash FROM deployment_resource"
               " WHERE deployment_id = $1 ORDER BY name, id",
               deployment_id)) {
        out.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str(), {}});
      }
      return out;
    });
  }
  Result<std::optional<ResourceRecord>> resource(const std::string& deployment_id,
                                                 const std::string& resource_id) override {
    return one_resource("id", deployment_id, resource_id);
  }
  Result<std::optional<ResourceRecord>> resource_by_name(const std::string& deployment_id,
                                                         const std::string& name) override {
    return one_resource("name", deployment_id, name);
  }

  Result<std::vector<ProcessDefinitionRecord>> definitions(const ProcessDefinitionQuery& q) override {
    return list<ProcessDefinitionRecord>(definition_select(q, false), &read_definition);
  }
  Result<long long> count_definitions(const ProcessDefinitionQuery& q) override {
    return count(definition_select(q, true));
  }
  Result<std::optional<ProcessDefinitionRecord>> definition(const std::string& id) override {
    ProcessDefinitionQuery q;
    q.id = id;
    return first_row(definitions(q));
  }

  Result<std::vector<DecisionDefinitionRecord>> decisions(const DecisionDefinitionQuery& q) override {
    return list<DecisionDefinitionRecord>(decision_select(q, false), &read_decision);
  }
  Result<long long> count_decisions(const DecisionDefinitionQuery& q) override {
    return count(decision_select(q, true));
  }

  Result<std::optional<FormDefinitionRecord>> form_definition(const FormLookup& l) override {
    return read_only<std::optional<FormDefinitionRecord>>(
        [&](pqxx::transaction_base& tx) -> Result<std::optional<FormDefinitionRecord>> {
          auto rows = tx.exec_params(
              std::string("SELECT ") + kFormColumns +
                  " FROM form_definition WHERE key = $1 AND COALESCE(tenant_id, '') = $2"
                  " AND ($3::text IS NULL OR deployment_id = $3::text)"
                  " AND ($4::integer IS NULL OR version = $4::integer)"
                  " ORDER BY version DESC LIMIT 1",
              l.key, l.tenant_id, nullable(l.deployment_id),
              l.version ? std::optional<int>(*l.version) : std::nullopt);
          if (rows.empty()) return std::optional<FormDefinitionRecord>{};
          return std::optional<FormDefinitionRecord>{read_form(rows[0])};
        });
  }

  Result<bool> delete_deployment(const std::string& id) override {
    return run<bool>([&](pqxx::work& tx) -> Result<bool> {
      // Resources and definitions go with it (ON DELETE CASCADE), and their timer start jobs.
      tx.exec_params("DELETE FROM job WHERE proc_inst_id = '' AND proc_def_id IN "
                     "(SELECT id FROM process_definition WHERE deployment_id = $1)", id);
      auto r = tx.exec_params("DELETE FROM deployment WHERE id = $1", id);
      if (r.affected_rows() == 0) return false;
      write_user_operation(tx);
      return true;
    });
  }
  Result<bool> delete_definition(const std::string& id) override {
    return run<bool>([&](pqxx::work& tx) -> Result<bool> {
      tx.exec_params("DELETE FROM job WHERE proc_inst_id = '' AND proc_def_id = $1", id);
      auto r = tx.exec_params("DELETE FROM process_definition WHERE id = $1", id);
      if (r.affected_rows() == 0) return false;
      write_user_operation(tx);
      return true;
    });
  }
  Status set_suspended(const std::vector<std::string>& ids, bool suspended) override {
    auto done = run<bool>([&](pqxx::work& tx) -> Result<bool> {
      for (const auto& id : ids) {
        tx.exec_params("UPDATE process_definition SET suspended = $1 WHERE id = $2", suspended, id);
      }
      write_user_operation(tx);
      return true;
    });
    if (!done) return done.error();
    return {};
  }

  void announce_definitions_changed() override {
    auto sent = read_only<bool>([](pqxx::transaction_base& tx) -> Result<bool> {
      tx.exec("NOTIFY dpc_definition");
      return true;
    });
    // Not fatal: the change is committed; other nodes see it when their listener reconnects.
    if (!sent) spdlog::warn("NOTIFY dpc_definition: {}", sent.error().message);
  }

 private:
  template <typename T, typename F>
  Result<T> run(F&& body) {
    return store::in_transaction<T>(db_, "repository store", std::forward<F>(body));
  }
  // One statement needs no BEGIN/COMMIT around it.
  template <typename T, typename F>
  Result<T> read_only(F&& body) {
    return store::in_transaction<T, pqxx::nontransaction>(db_, "repository store", std::forward<F>(body));
  }

  template <typename Record>
  Result<std::vector<Record>> list(const SqlQuery& q, Record (*read)(const pqxx::row&)) {
    return query_rows(db_, "repository store", q, read);
  }
  Result<long long> count(const SqlQuery& q) { return query_count(db_, "repository store", q); }
  Result<std::optional<ResourceRecord>> one_resource(const char* column,
                                                     const std::string& deployment_id,
                                                     const std::string& value) {
    return read_only<std::optional<ResourceRecord>>(
        [&](pqxx::transaction_base& tx) -> Result<std::optional<ResourceRecord>> {
          auto rows = tx.exec_params(
              std::string("SELECT id, deployment_id, name, content_hash, bytes FROM deployment_resource"
                          " WHERE deployment_id = $1 AND ") + column + " = $2",
              deployment_id, value);
          if (rows.empty()) return std::optional<ResourceRecord>{};
          const auto& r = rows[0];
          pqxx::binarystring bytes(r[4]);
          return std::optional<ResourceRecord>{
              ResourceRecord{r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str(), bytes.str()}};
        });
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<RepositoryStore> make_repository_store(Database& db) {
  return std::make_unique<PgRepositoryStore>(db);
}

}  // namespace dpc::store
