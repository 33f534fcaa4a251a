// The catalogue's storage port, implemented on PostgreSQL by dpc/store/catalogue_store.h.
// It persists and queries; it decides nothing (the service does). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/catalogue/model.h"
#include "dpc/core/result.h"

namespace dpc::catalogue {

class CatalogueStore {
 public:
  virtual ~CatalogueStore() = default;

  // One version of an item; `version` unset = its highest version. nullopt when none.
  virtual Result<std::optional<Item>> get(const std::string& kind, const std::string& key,
                                          std::optional<int> version) = 0;
  // Every version of an item, oldest first.
  virtual Result<std::vector<Item>> versions(const std::string& kind, const std::string& key) = 0;
  virtual Result<std::vector<Item>> find(const ItemQuery& q) = 0;
  virtual Result<long long> count(const ItemQuery& q) = 0;
  // Applies every change and writes every audit entry in one transaction; on an error
  // (kConflict for a duplicate insert or a stale expected status) nothing is written.
  virtual Status apply(const std::vector<Change>& changes, const std::vector<AuditEntry>& audit) = 0;
  virtual Result<std::vector<AuditEntry>> audit(const std::string& kind, const std::string& key,
                                                long long first_result, long long max_results) = 0;

  // Stores an asset once (an existing sha256 is left as it is: same bytes). True when new.
  virtual Result<bool> put_asset(const Asset& asset, const AuditEntry& audit) = 0;
  virtual Result<std::optional<Asset>> get_asset(const std::string& sha256, bool with_data) = 0;
  virtual Result<std::vector<Asset>> list_assets(long long first_result, long long max_results) = 0;
};

}  // namespace dpc::catalogue
