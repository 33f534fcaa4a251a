// Public form applications on PostgreSQL (the market's ApplicationStore port).
#include "dpc/store/application_store.h"

#include "pooled_transaction.h"

namespace dpc::store {

using market::Application;

namespace {

const char* const kSelect =
    "SELECT number, status_token, form_key, form_version, COALESCE(process_instance_id, ''), "
    "COALESCE(idempotency_key, ''), (extract(epoch FROM created_at) * 1000)::bigint FROM form_application ";

Application read(const pqxx::row& r) {
  return {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<int>(),
          r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<long long>()};
}

std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

class PgApplicationStore : public market::ApplicationStore {
 public:
  explicit PgApplicationStore(Database& db) : db_(db) {}

  Result<std::optional<Application>> reserve(const Application& a) override {
    return in_transaction<std::optional<Application>>(
        db_, "reserve form application", [&](pqxx::work& tx) -> Result<std::optional<Application>> {
          // ON CONFLICT DO NOTHING covers both keys; which one clashed is read back below.
          auto inserted = tx.exec_params(
              "INSERT INTO form_application (number, status_token, form_key, form_version, idempotency_key) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING number",
              a.number, a.token, a.form_key, a.form_version, opt(a.idempotency_key));
          if (!inserted.empty()) return std::optional<Application>();
          if (!a.idempotency_key.empty()) {
            auto existing = tx.exec_params(std::string(kSelect) + "WHERE idempotency_key = $1", a.idempotency_key);
            if (!existing.empty()) return std::optional<Application>(read(existing[0]));
          }
          return Error::conflict("application number " + a.number + " is taken");
        });
  }

  Status attach_instance(const std::string& number, const std::string& instance_id) override {
    auto r = in_transaction<bool>(db_, "attach form application", [&](pqxx::work& tx) -> Result<bool> {
      tx.exec_params("UPDATE form_application SET process_instance_id = $2 WHERE number = $1", number, instance_id);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Status release(const std::string& number) override {
    auto r = in_transaction<bool>(db_, "release form application", [&](pqxx::work& tx) -> Result<bool> {
      tx.exec_params("DELETE FROM form_application WHERE number = $1 AND process_instance_id IS NULL", number);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Status save_draft(const market::Draft& d, int ttl_days) override {
    auto r = in_transaction<bool>(db_, "save form draft", [&](pqxx::work& tx) -> Result<bool> {
      tx.exec_params(
          "INSERT INTO form_draft (token_hash, form_key, form_version, data, expires_at) "
          "VALUES ($1, $2, $3, $4::jsonb, now() + make_interval(days => $5)) "
          "ON CONFLICT (token_hash) DO UPDATE SET form_version = EXCLUDED.form_version, data = EXCLUDED.data, "
          "updated_at = now(), expires_at = EXCLUDED.expires_at",
          d.token_hash, d.form_key, d.form_version, d.data_json, ttl_days);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<std::optional<market::Draft>> find_draft(const std::string& token_hash) override {
    return in_transaction<std::optional<market::Draft>>(
        db_, "find form draft", [&](pqxx::work& tx) -> Result<std::optional<market::Draft>> {
          tx.exec("DELETE FROM form_draft WHERE expires_at < now()");
          auto rows = tx.exec_params(
              "SELECT token_hash, form_key, form_version, data::text FROM form_draft WHERE token_hash = $1",
              token_hash);
          if (rows.empty()) return std::optional<market::Draft>();
          const auto& r = rows[0];
          return std::optional<market::Draft>(market::Draft{r[0].as<std::string>(), r[1].as<std::string>(),
                                                            r[2].as<int>(), r[3].as<std::string>()});
        });
  }

  Status save_upload(const market::Upload& u, int ttl_hours) override {
    auto r = in_transaction<bool>(db_, "save form upload", [&](pqxx::work& tx) -> Result<bool> {
      tx.exec("DELETE FROM form_upload WHERE expires_at < now()");
      // The bytes as an escaped bytea literal (libpqxx 6 has no binary parameters).
      std::string bytes = tx.conn().quote_raw(reinterpret_cast<const unsigned char*>(u.bytes.data()), u.bytes.size());
      tx.exec_params(
          "INSERT INTO form_upload (token_hash, form_key, file_name, content_type, content, expires_at) "
          "VALUES ($1, $2, $3, $4, " + bytes + ", now() + make_interval(hours => $5))",
          u.token_hash, u.form_key, u.file_name, u.content_type, ttl_hours);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<std::optional<market::Upload>> find_upload(const std::string& token_hash) override {
    return in_transaction<std::optional<market::Upload>>(
        db_, "find form upload", [&](pqxx::work& tx) -> Result<std::optional<market::Upload>> {
          auto rows = tx.exec_params(
              "SELECT token_hash, form_key, file_name, content_type, content FROM form_upload "
              "WHERE token_hash = $1 AND expires_at >= now()",
              token_hash);
          if (rows.empty()) return std::optional<market::Upload>();
          const auto& r = rows[0];
          pqxx::binarystring bin(r[4]);
          return std::optional<market::Upload>(market::Upload{r[0].as<std::string>(), r[1].as<std::string>(),
                                                              r[2].as<std::string>(), r[3].as<std::string>(), bin.str()});
        });
  }

  Result<std::optional<Application>> find(const std::string& number) override {
    return in_transaction<std::optional<Application>>(
        db_, "find form application", [&](pqxx::work& tx) -> Result<std::optional<Application>> {
          auto rows = tx.exec_params(std::string(kSelect) + "WHERE number = $1", number);
          if (rows.empty()) return std::optional<Application>();
          return std::optional<Application>(read(rows[0]));
        });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<market::ApplicationStore> make_application_store(Database& db) {
  return std::make_unique<PgApplicationStore>(db);
}

}  // namespace dpc::store
