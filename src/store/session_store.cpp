#include "dpc/store/session_store.h"

#include <pqxx/pqxx>

#include "pooled_transaction.h"

namespace dpc::store {

namespace {

class PgSessionStore : public identity::SessionStore {
 public:
  explicit PgSessionStore(Database& db) : db_(db) {}

  Status create(const std::string& token_hash, const identity::SessionRecord& r) override {
    return done(run<bool>([&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO dpc_session (token_hash, user_id, csrf_token, created, last_seen, expires) "
                     "VALUES ($1, $2, $3, $4, $5, $6)",
                     token_hash, r.user_id, r.csrf_token, r.created_ms, r.last_seen_ms, r.expires_ms);
      return true;
    }));
  }

  Result<std::optional<identity::SessionRecord>> find(const std::string& token_hash) override {
    using Found = std::optional<identity::SessionRecord>;
    return run<Found>([&](pqxx::work& tx) -> Found {
      auto rows = tx.exec_params(
          "SELECT user_id, csrf_token, created, last_seen, expires FROM dpc_session WHERE token_hash = $1",
          token_hash);
      if (rows.empty()) return std::nullopt;
      const auto& row = rows[0];
      return identity::SessionRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                                     row[2].as<int64_t>(), row[3].as<int64_t>(), row[4].as<int64_t>()};
    });
  }

  Status touch(const std::string& token_hash, int64_t now_ms) override {
    return done(run<bool>([&](pqxx::work& tx) {
      tx.exec_params("UPDATE dpc_session SET last_seen = $2 WHERE token_hash = $1", token_hash, now_ms);
      return true;
    }));
  }

  Status remove(const std::string& token_hash) override {
    return done(run<bool>([&](pqxx::work& tx) {
      tx.exec_params("DELETE FROM dpc_session WHERE token_hash = $1", token_hash);
      return true;
    }));
  }

  Status purge(int64_t now_ms, int64_t idle_before_ms) override {
    return done(run<bool>([&](pqxx::work& tx) {
      tx.exec_params("DELETE FROM dpc_session WHERE expires <= $1 OR last_seen < $2", now_ms, idle_before_ms);
      return true;
    }));
  }

 private:
  template <typename T, typename F>
  Result<T> run(F&& f) {
    return in_transaction<T>(db_, "sessions", std::forward<F>(f));
  }
  static Status done(const Result<bool>& r) {
    if (!r) return r.error();
    return {};
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<identity::SessionStore> make_session_store(Database& db) {
  return std::make_unique<PgSessionStore>(db);
}

}  // namespace dpc::store
