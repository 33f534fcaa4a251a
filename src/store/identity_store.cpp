// The identity module's IdentityStore on PostgreSQL (migrations/0011_identity.sql). Every
// value goes in as a statement parameter; list SQL comes from identity_sql.cpp.
#include "dpc/store/identity_store.h"

#include "identity_sql.h"
#include "pooled_transaction.h"
#include "user_operation_sql.h"
#include "sql_queries.h"

namespace dpc::store {

using namespace dpc::identity;

namespace {

const char* nullable(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

Credentials read_credentials(const pqxx::row& r) {
  Credentials c;
  c.password_hash = r[0].c_str();
  c.failed_attempts = r[1].as<int>();
  c.last_failed_time = r[2].is_null() ? 0 : r[2].as<int64_t>();
  c.locked = r[3].as<bool>();
  return c;
}

constexpr const char* kCredentialColumns = "password_hash, failed_attempts, last_failed_time, locked";

void insert_authorization(pqxx::transaction_base& tx, const Authorization& a) {
  tx.exec_params(
      "INSERT INTO identity_authorization (id, type, user_id, group_id, resource_type,"
      " resource_id, permissions) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      a.id, static_cast<int>(a.type), nullable(a.user_id), nullable(a.group_id),
      static_cast<int>(a.resource), a.resource_id, a.permissions);
}

class PgIdentityStore : public IdentityStore {
 public:
  explicit PgIdentityStore(Database& db) : db_(db) {}

  // ---- users ----
  Status create_user(const User& u, const std::string& hash,
                     const std::vector<Authorization>& authorizations) override {
    return write("User with id " + u.id + " already exists", [&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO identity_user (id, first_name, last_name, email, password_hash)"
                     " VALUES ($1, $2, $3, $4, $5)",
                     u.id, u.first_name, u.last_name, u.email, hash);
      for (const auto& a : authorizations) insert_authorization(tx, a);
      return true;
    });
  }
  Result<std::optional<User>> user(const std::string& id) override {
    UserQuery q;
    q.id = id;
    return first_row(users(q));
  }
  Result<std::vector<User>> users(const UserQuery& q) override {
    return list<User>(user_select(q, false), &read_user);
  }
  Result<long long> count_users(const UserQuery& q) override { return count(user_select(q, true)); }
  Result<bool> update_user(const User& u) override {
    return changed("UPDATE identity_user SET first_name = $2, last_name = $3, email = $4 WHERE id = $1",
                   u.id, u.first_name, u.last_name, u.email);
  }
  Result<bool> set_password_hash(const std::string& id, const std::string& hash) override {
    return changed("UPDATE identity_user SET password_hash = $2, failed_attempts = 0,"
                   " last_failed_time = NULL, locked = false WHERE id = $1",
                   id, hash);
  }
  Result<bool> delete_user(const std::string& id) override {
    return run<bool>([&](pqxx::work& tx) -> Result<bool> {
      tx.exec_params("DELETE FROM identity_authorization WHERE user_id = $1"
                     " OR (resource_type = $2 AND resource_id = $1)",
                     id, static_cast<int>(Resource::kUser));
      return logged(tx, tx.exec_params("DELETE FROM identity_user WHERE id = $1", id).affected_rows() > 0);
    });
  }

  // ---- credentials ----
  Result<std::optional<Credentials>> credentials(const std::string& id) override {
    return one_credentials(std::string("SELECT ") + kCredentialColumns +
                               " FROM identity_user WHERE id = $1",
                           id);
  }
  Result<std::optional<Credentials>> record_failed_login(const std::string& id, int64_t now_ms,
                                                         int lock_after) override {
    return one_credentials(
        std::string("UPDATE identity_user SET failed_attempts = failed_attempts + 1,"
                    " last_failed_time = $2, locked = locked OR failed_attempts + 1 >= $3"
                    " WHERE id = $1 RETURNING ") + kCredentialColumns,
        id, now_ms, lock_after);
  }
  Result<bool> clear_failed_logins(const std::string& id) override {
    return changed("UPDATE identity_user SET failed_attempts = 0, last_failed_time = NULL,"
                   " locked = false WHERE id = $1",
                   id);
  }

  // ---- groups ----
  Status create_group(const Group& g, const std::vector<Authorization>& authorizations) override {
    return write("Group with id " + g.id + " already exists", [&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO identity_group (id, name, type) VALUES ($1, $2, $3)", g.id,
                     g.name, g.type);
      for (const auto& a : authorizations) insert_authorization(tx, a);
      return true;
    });
  }
  Result<std::optional<Group>> group(const std::string& id) override {
    GroupQuery q;
    q.id = id;
    return first_row(groups(q));
  }
  Result<std::vector<Group>> groups(const GroupQuery& q) override {
    return list<Group>(group_select(q, false), &read_group);
  }
  Result<long long> count_groups(const GroupQuery& q) override { return count(group_select(q, true)); }
  Result<bool> update_group(const Group& g) override {
    return changed("UPDATE identity_group SET name = $2, type = $3 WHERE id = $1", g.id, g.name, g.type);
  }
  Result<bool> delete_group(const std::string& id) override {
    return run<bool>([&](pqxx::work& tx) -> Result<bool> {
      tx.exec_params("DELETE FROM identity_authorization WHERE group_id = $1"
                     " OR (resource_type = $2 AND resource_id = $1)",
                     id, static_cast<int>(Resource::kGroup));
      return logged(tx, tx.exec_params("DELETE FROM identity_group WHERE id = $1", id).affected_rows() > 0);
    });
  }
  Status add_membership(const std::string& user_id, const std::string& group_id) override {
    auto r = changed("INSERT INTO identity_membership (user_id, group_id) VALUES ($1, $2)"
                     " ON CONFLICT DO NOTHING",
                     user_id, group_id);
    if (!r) return r.error();
    return {};
  }
  Result<bool> remove_membership(const std::string& user_id, const std::string& group_id) override {
    return changed("DELETE FROM identity_membership WHERE user_id = $1 AND group_id = $2", user_id,
                   group_id);
  }
  Result<std::vector<std::string>> group_ids_of(const std::string& user_id) override {
    SqlQuery q{"SELECT group_id FROM identity_membership WHERE user_id = $1 ORDER BY group_id", {user_id}};
    return query_rows<std::string>(db_, "identity store", q,
                                   +[](const pqxx::row& r) { return std::string(r[0].c_str()); });
  }

  // ---- authorizations ----
  Status create_authorization(const Authorization& a) override {
    return write(duplicate(a), [&](pqxx::work& tx) {
      insert_authorization(tx, a);
      return true;
    });
  }
  Result<std::optional<Authorization>> authorization(const std::string& id) override {
    AuthorizationQuery q;
    q.id = id;
    return first_row(authorizations(q));
  }
  Result<std::vector<Authorization>> authorizations(const AuthorizationQuery& q) override {
    return list<Authorization>(authorization_select(q, false), &read_authorization);
  }
  Result<long long> count_authorizations(const AuthorizationQuery& q) override {
    return count(authorization_select(q, true));
  }
  Result<bool> update_authorization(const Authorization& a) override {
    bool found = false;
    Status st = write(duplicate(a), [&](pqxx::work& tx) {
      found = tx.exec_params("UPDATE identity_authorization SET type = $2, user_id = $3,"
                             " group_id = $4, resource_type = $5, resource_id = $6,"
                             " permissions = $7 WHERE id = $1",
                             a.id, static_cast<int>(a.type), nullable(a.user_id),
                             nullable(a.group_id), static_cast<int>(a.resource), a.resource_id,
                             a.permissions)
                  .affected_rows() > 0;
      return found;  // logged only when it changed something
    });
    if (!st) return st.error();
    return found;
  }
  Result<bool> delete_authorization(const std::string& id) override {
    return changed("DELETE FROM identity_authorization WHERE id = $1", id);
  }
  Result<std::vector<Authorization>> authorizations_for(const std::string& user_id,
                                                        const std::vector<std::string>& group_ids,
                                                        Resource resource,
                                                        const std::string& resource_id) override {
    SqlQuery q;
    q.params = {std::to_string(static_cast<int>(resource)), resource_id, user_id};
    std::string groups;
    for (const auto& g : group_ids) {
      q.params.push_back(g);
      groups += (groups.empty() ? "" : ", ") + ("$" + std::to_string(q.params.size()));
    }
    q.text = std::string("SELECT ") + kAuthorizationColumns +
             " FROM identity_authorization a WHERE a.resource_type = $1::integer"
             " AND ($2 = '' OR a.resource_id IN ($2, '*')) AND (a.type = 0 OR a.user_id IN ($3, '*')" +
             (groups.empty() ? "" : " OR a.group_id IN (" + groups + ")") + ")";
    return list<Authorization>(q, &read_authorization);
  }

 private:
  static std::string duplicate(const Authorization& a) {
    return "An authorization of type " + std::to_string(static_cast<int>(a.type)) + " for " +
           (a.group_id.empty() ? "user '" + a.user_id : "group '" + a.group_id) +
           "' on resource type " + std::to_string(static_cast<int>(a.resource)) + " and id '" +
           a.resource_id + "' already exists";
  }

  template <typename T, typename F>
  Result<T> run(F&& body) {
    return store::in_transaction<T>(db_, "identity store", std::forward<F>(body));
  }
  // A write whose unique violation is the expected conflict `duplicate_message`.
  template <typename F>
  Status write(const std::string& duplicate_message, F&& body) {
    auto r = run<bool>([&](pqxx::work& tx) -> Result<bool> {
      try {
        return logged(tx, body(tx));
      } catch (const pqxx::unique_violation&) {
        return Error::conflict(duplicate_message);
      }
    });
    if (!r) return r.error();
    return {};
  }
  // One statement; true when it touched a row.
  template <typename... Args>
  Result<bool> changed(const char* sql, const Args&... args) {
    return run<bool>([&](pqxx::work& tx) -> Result<bool> {
      return logged(tx, tx.exec_params(sql, args...).affected_rows() > 0);
    });
  }
  // Every change of this store is an Admin operation for the user operation log: written in
  // its transaction when it changed something (an operation on nothing fails, logging nothing).
  static bool logged(pqxx::work& tx, bool changed) {
    if (changed) write_user_operation(tx);
    return changed;
  }
  template <typename... Args>
  Result<std::optional<Credentials>> one_credentials(const std::string& sql, const Args&... args) {
    return run<std::optional<Credentials>>([&](pqxx::work& tx) -> Result<std::optional<Credentials>> {
      auto rows = tx.exec_params(sql, args...);
      if (rows.empty()) return std::optional<Credentials>{};
      return std::optional<Credentials>{read_credentials(rows[0])};
    });
  }
  template <typename Record>
  Result<std::vector<Record>> list(const SqlQuery& q, Record (*read)(const pqxx::row&)) {
    return query_rows(db_, "identity store", q, read);
  }
  Result<long long> count(const SqlQuery& q) { return query_count(db_, "identity store", q); }

  Database& db_;
};

}  // namespace

std::unique_ptr<IdentityStore> make_identity_store(Database& db) {
  return std::make_unique<PgIdentityStore>(db);
}

}  // namespace dpc::store
