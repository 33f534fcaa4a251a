// The catalogue's rules over its store: product types and dictionaries (a new version on
// every change), products and promotions with the TMF620 lifecycle (In design → In test →
// Active → Retired), immutable once submitted, published by someone other than the
// submitter (maker-checker), every change in the audit trail; assets; offer evaluation.
// Thread-safe: the store is, and the offer cache is guarded by its mutex.
//
// Errors: kInvalidArgument naming the field (e.g. "features.interest.rate: must be at most
// 30"), kNotFound, kConflict (a version that cannot change, a stale status, a duplicate key),
// kForbidden (maker-checker).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "dpc/catalogue/catalogue_store.h"
#include "dpc/catalogue/offers.h"

namespace dpc::catalogue {

// What a lifecycle action does; "submit", "reject", "publish", "retire".
enum class Action { kSubmit, kReject, kPublish, kRetire };

class CatalogueService {
 public:
  explicit CatalogueService(CatalogueStore& store);

  // Product types ({"key", "name", "description", "schema"}) and dictionaries ({"key",
  // "name", "entries": [{"code", "labels"}]}): `put` creates the key (version 1) or its next
  // version, Active at once (a schema or code list applies to drafts from then on).
  Result<Item> put_type(const std::string& user, const std::string& key, const Json& body);
  Result<Item> put_dictionary(const std::string& user, const std::string& key, const Json& body);

  // Products ("product") and promotions ("promotion"): create version 1 In design; a new
  // draft version (a copy of the latest, or `body` when given; kConflict while a draft or a
  // version in review exists); change a draft (kConflict for any other status).
  Result<Item> create(const std::string& user, const std::string& kind, const Json& body);
  Result<Item> new_version(const std::string& user, const std::string& kind, const std::string& key,
                           const Json& body);
  Result<Item> update(const std::string& user, const std::string& kind, const std::string& key, int version,
                      const Json& body);
  Result<Item> transition(const std::string& user, const std::string& kind, const std::string& key, int version,
                          Action action, const std::string& comment);

  // Field-by-field differences between two versions of an item.
  Result<Json> compare(const std::string& kind, const std::string& key, int from, int to);

  Result<Asset> upload(const std::string& user, std::string bytes, const std::string& file_name);

  // Offers over the Active products and promotions (cached a few seconds; this node's
  // changes clear the cache at once).
  Result<Json> offers(const OfferRequest& request);

  CatalogueStore& store() { return store_; }

  // The body keys each kind accepts (others are 400).
  static Status check_body_keys(const std::string& kind, const Json& body);

 private:
  Result<Item> put_simple(const std::string& user, const std::string& kind, const std::string& key, const Json& body);
  Status check_item(Item& item);  // validates and normalises the body (sanitized HTML)
  Status apply(const std::vector<Change>& changes, const std::vector<AuditEntry>& audit);
  AuditEntry audit(const std::string& user, const Item& item, const std::string& action, Json detail = Json::object());

  CatalogueStore& store_;
  std::mutex mu_;
  std::shared_ptr<const OfferCatalogue> cached_;  // guarded by mu_
  std::chrono::steady_clock::time_point cached_at_;  // guarded by mu_
};

Result<Action> action_from_name(const std::string& name);
// Today's date (UTC), YYYY-MM-DD, and now as an ISO date-time.
std::string today();
std::string now_iso();

}  // namespace dpc::catalogue
