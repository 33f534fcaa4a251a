// The catalogue on PostgreSQL (see dpc/store/catalogue_store.h). Item bodies are JSONB; the
// columns beside them are what lists filter and sort on.
#include "dpc/store/catalogue_store.h"

#include "pooled_transaction.h"
#include "sql_conditions.h"

namespace dpc::store {

using namespace dpc::catalogue;

namespace {

const char* const kColumns =
    "kind, key, version, lifecycle_status, type_key, valid_from, valid_to, body::text, created_by, created_at, "
    "updated_by, updated_at, submitted_by, submitted_at, published_by, published_at";

std::optional<std::string> opt(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<std::string>(f.as<std::string>());
}
std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

Item read_item(const pqxx::row& r) {
  Item i;
  i.kind = str(r[0]);
  i.key = str(r[1]);
  i.version = r[2].as<int>();
  i.lifecycle_status = str(r[3]);
  i.type_key = str(r[4]);
  i.valid_from = opt(r[5]);
  i.valid_to = opt(r[6]);
  i.body = Json::parse(str(r[7]));
  i.created_by = str(r[8]);
  i.created_at = str(r[9]);
  i.updated_by = str(r[10]);
  i.updated_at = str(r[11]);
  i.submitted_by = opt(r[12]);
  i.submitted_at = opt(r[13]);
  i.published_by = opt(r[14]);
  i.published_at = opt(r[15]);
  return i;
}

std::optional<std::string> nonempty(const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); }

std::string where(pqxx::work& tx, const ItemQuery& q) {
  auto quote = [&](const std::string& s) { return tx.quote(s); };
  std::string w = " WHERE kind = " + quote(q.kind);
  if (q.key) w += " AND key = " + quote(*q.key);
  if (q.key_like) w += " AND key LIKE " + quote(safe_like_pattern(*q.key_like));
  if (q.lifecycle_status) w += " AND lifecycle_status = " + quote(*q.lifecycle_status);
  if (q.type_key) w += " AND type_key = " + quote(*q.type_key);
  if (q.name_like) w += " AND (body->'name')::text ILIKE " + quote("%" + *q.name_like + "%");
  if (q.valid_at) {
    std::string d = quote(q.valid_at->substr(0, 10));
    w += " AND (valid_from IS NULL OR left(valid_from, 10) <= " + d + ") AND (valid_to IS NULL OR left(valid_to, 10) > " + d + ")";
  }
  return w;
}

std::string page(const ItemQuery& q) {
  std::string out;
  if (q.max_results >= 0) out += " LIMIT " + std::to_string(q.max_results);
  if (q.first_result > 0) out += " OFFSET " + std::to_string(q.first_result);
  return out;
}

void insert_audit(pqxx::work& tx, const AuditEntry& a) {
  tx.exec_params("INSERT INTO catalogue_audit (at, user_id, kind, key, version, action, detail) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                 a.at, a.user_id, a.kind, a.key, a.version, a.action, a.detail.dump());
}

class PgCatalogueStore : public CatalogueStore {
 public:
  explicit PgCatalogueStore(Database& db) : db_(db) {}

  Result<std::optional<Item>> get(const std::string& kind, const std::string& key, std::optional<int> version) override {
    return tx<std::optional<Item>>([&](pqxx::work& tx) {
      auto r = version ? tx.exec_params(std::string("SELECT ") + kColumns +
                                            " FROM catalogue_item WHERE kind = $1 AND key = $2 AND version = $3",
                                        kind, key, *version)
                       : tx.exec_params(std::string("SELECT ") + kColumns +
                                            " FROM catalogue_item WHERE kind = $1 AND key = $2 ORDER BY version DESC LIMIT 1",
                                        kind, key);
      return r.empty() ? std::optional<Item>{} : std::optional<Item>{read_item(r[0])};
    });
  }

  Result<std::vector<Item>> versions(const std::string& kind, const std::string& key) override {
    return tx<std::vector<Item>>([&](pqxx::work& tx) {
      std::vector<Item> out;
      for (const auto& r : tx.exec_params(std::string("SELECT ") + kColumns +
                                              " FROM catalogue_item WHERE kind = $1 AND key = $2 ORDER BY version",
                                          kind, key)) {
        out.push_back(read_item(r));
      }
      return out;
    });
  }

  Result<std::vector<Item>> find(const ItemQuery& q) override {
    return tx<std::vector<Item>>([&](pqxx::work& tx) {
      std::string sql = q.latest_only
          ? std::string("SELECT * FROM (SELECT DISTINCT ON (key) ") + kColumns + " FROM catalogue_item" + where(tx, q) +
                " ORDER BY key, version DESC) latest ORDER BY key" + page(q)
          : std::string("SELECT ") + kColumns + " FROM catalogue_item" + where(tx, q) + " ORDER BY key, version" + page(q);
      std::vector<Item> out;
      for (const auto& r : tx.exec(sql)) out.push_back(read_item(r));
      return out;
    });
  }

  Result<long long> count(const ItemQuery& q) override {
    return tx<long long>([&](pqxx::work& tx) {
      std::string what = q.latest_only ? "count(DISTINCT key)" : "count(*)";
      return tx.exec("SELECT " + what + " FROM catalogue_item" + where(tx, q))[0][0].as<long long>();
    });
  }

  Status apply(const std::vector<Change>& changes, const std::vector<AuditEntry>& audit) override {
    auto r = tx<bool>([&](pqxx::work& tx) -> Result<bool> {
      for (const auto& c : changes) {
        const Item& i = c.item;
        if (c.insert) {
          auto done = tx.exec_params(
              "INSERT INTO catalogue_item (kind, key, version, lifecycle_status, type_key, valid_from, valid_to, body, "
              "created_by, created_at, updated_by, updated_at, submitted_by, submitted_at, published_by, published_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16) "
              "ON CONFLICT DO NOTHING",
              i.kind, i.key, i.version, i.lifecycle_status, nonempty(i.type_key), i.valid_from, i.valid_to, i.body.dump(),
              i.created_by, i.created_at, i.updated_by, i.updated_at, i.submitted_by, i.submitted_at, i.published_by,
              i.published_at);
          if (done.affected_rows() == 0) {
            return Error::conflict("version " + std::to_string(i.version) + " of " + i.kind + " " + i.key +
                                   " was created by someone else at the same time; read it again");
          }
          continue;
        }
        auto done = tx.exec_params(
            "UPDATE catalogue_item SET lifecycle_status = $4, valid_from = $5, valid_to = $6, body = $7::jsonb, "
            "updated_by = $8, updated_at = $9, submitted_by = $10, submitted_at = $11, published_by = $12, "
            "published_at = $13 WHERE kind = $1 AND key = $2 AND version = $3 AND lifecycle_status = $14",
            i.kind, i.key, i.version, i.lifecycle_status, i.valid_from, i.valid_to, i.body.dump(), i.updated_by,
            i.updated_at, i.submitted_by, i.submitted_at, i.published_by, i.published_at,
            c.expected_status.value_or(i.lifecycle_status));
        if (done.affected_rows() == 0) {
          return Error::conflict("version " + std::to_string(i.version) + " of " + i.kind + " " + i.key +
                                 " changed meanwhile (it is no longer " + c.expected_status.value_or("") + "); read it again");
        }
      }
      for (const auto& a : audit) insert_audit(tx, a);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  Result<std::vector<AuditEntry>> audit(const std::string& kind, const std::string& key, long long first,
                                        long long max) override {
    return tx<std::vector<AuditEntry>>([&](pqxx::work& tx) {
      std::string sql = "SELECT id, at, user_id, kind, key, version, action, detail::text FROM catalogue_audit";
      std::string w;
      if (!kind.empty()) w += " WHERE kind = " + tx.quote(kind);
      if (!key.empty()) w += std::string(w.empty() ? " WHERE " : " AND ") + "key = " + tx.quote(key);
      sql += w + " ORDER BY id DESC";
      if (max >= 0) sql += " LIMIT " + std::to_string(max);
      if (first > 0) sql += " OFFSET " + std::to_string(first);
      std::vector<AuditEntry> out;
      for (const auto& r : tx.exec(sql)) {
        AuditEntry a;
        a.id = r[0].as<long long>();
        a.at = str(r[1]);
        a.user_id = str(r[2]);
        a.kind = str(r[3]);
        a.key = str(r[4]);
        if (!r[5].is_null()) a.version = r[5].as<int>();
        a.action = str(r[6]);
        a.detail = Json::parse(str(r[7]));
        out.push_back(std::move(a));
      }
      return out;
    });
  }

  Result<bool> put_asset(const Asset& a, const AuditEntry& audit) override {
    return tx<bool>([&](pqxx::work& tx) {
      pqxx::binarystring bytes(a.data.data(), a.data.size());
      auto done = tx.exec_params(
          "INSERT INTO catalogue_asset (sha256, content_type, size, file_name, data, created_by, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING",
          a.sha256, a.content_type, a.size, nonempty(a.file_name), bytes, a.created_by, a.created_at);
      bool created = done.affected_rows() > 0;
      if (created) insert_audit(tx, audit);
      return created;
    });
  }

  Result<std::optional<Asset>> get_asset(const std::string& sha256, bool with_data) override {
    return tx<std::optional<Asset>>([&](pqxx::work& tx) {
      auto r = tx.exec_params(std::string("SELECT sha256, content_type, size, file_name, created_by, created_at") +
                                  (with_data ? ", data" : "") + " FROM catalogue_asset WHERE sha256 = $1",
                              sha256);
      if (r.empty()) return std::optional<Asset>{};
      Asset a;
      a.sha256 = str(r[0][0]);
      a.content_type = str(r[0][1]);
      a.size = r[0][2].as<long long>();
      a.file_name = str(r[0][3]);
      a.created_by = str(r[0][4]);
      a.created_at = str(r[0][5]);
      if (with_data) {
        pqxx::binarystring b(r[0][6]);
        a.data = b.str();
      }
      return std::optional<Asset>{std::move(a)};
    });
  }

  Result<std::vector<Asset>> list_assets(long long first, long long max) override {
    return tx<std::vector<Asset>>([&](pqxx::work& tx) {
      std::string sql = "SELECT sha256, content_type, size, file_name, created_by, created_at FROM catalogue_asset "
                        "ORDER BY created_at DESC, sha256";
      if (max >= 0) sql += " LIMIT " + std::to_string(max);
      if (first > 0) sql += " OFFSET " + std::to_string(first);
      std::vector<Asset> out;
      for (const auto& r : tx.exec(sql)) {
        out.push_back({str(r[0]), str(r[1]), r[2].as<long long>(), str(r[3]), "", str(r[4]), str(r[5])});
      }
      return out;
    });
  }

 private:
  template <typename T, typename F>
  Result<T> tx(F&& f) {
    return in_transaction<T>(db_, "catalogue store", std::forward<F>(f));
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<CatalogueStore> make_catalogue_store(Database& db) { return std::make_unique<PgCatalogueStore>(db); }

}  // namespace dpc::store
