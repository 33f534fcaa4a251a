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

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "dpc/catalogue/catalogue_store.h"
#include "dpc/catalogue/offers.h"

namespace dpc::catalogue {

// What a lifecycle action does; "submit", "reject", "publish", "retire".
enum class Action { kSubmit, kReject, kPublish, kRetire };

// The Active products, promotions and templates as one node loaded them, compiled (FEEL
// parsed once per version) and immutable: offers and processes read it from any thread.
struct ActiveCatalogue {
  std::shared_ptr<const OfferCatalogue> offers;
  std::map<std::string, Item> products;   // the Active version of each product key
  std::map<std::string, Item> templates;  // the Active version of each template key
  std::chrono::steady_clock::time_point loaded_at;
};

// What POST /api/catalogue/templates/{key}/render asks.
struct RenderRequest {
  std::string language;
  std::optional<Json> data;               // unset: the version's sampleData
  std::optional<int> version;             // unset: the Active version
  std::optional<std::string> product;     // for {{product.*}}; else data.productId, else the template's
};
// Reads {"language", "data", "version", "product"} (a preview: "channel" and "content" too,
// no "version"); 400 naming the field.
Result<RenderRequest> read_render_request(const Json& body, bool preview = false);
// Renders one template version in `language` with `data` (plus {{product.*}} from
// `product` when given): {"key", "version", "channel", "language", ...the channel's fields}.
Result<Json> render_version(const Item& item, const std::string& language, Json data, const Item* product);

class CatalogueService {
 public:
  explicit CatalogueService(CatalogueStore& store);
  ~CatalogueService();
  // How eligibility rules reach DMN decisions deployed in dpc; set once at start-up, before
  // the first request (without it, a rule naming a decision is a 400).
  void set_decisions(DecisionResolver decisions) { decisions_ = std::move(decisions); }

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

  // Templates: renders a saved version (the Active one unless the request names a version),
  // or unsaved content (`body` as a template holds it: {"channel", "content", "product"}),
  // for the editor's preview. See dpc/catalogue/templates.h for the answer.
  Result<Json> render(const std::string& key, const RenderRequest& request);
  Result<Json> preview(const Json& body, const RenderRequest& request);

  // For processes, which must not wait for a database connection while their command holds
  // one: the Active catalogue this node holds, without database work. A copy older than
  // 5 s is refreshed in the background (this node's own changes are in at once); nullptr
  // until the first load (`load_active` at start-up).
  std::shared_ptr<const ActiveCatalogue> active_at_hand();
  // Loads the Active catalogue now (start-up, and requests that may wait for it).
  Result<std::shared_ptr<const ActiveCatalogue>> load_active();

  CatalogueStore& store() { return store_; }

  // The body keys each kind accepts (others are 400).
  static Status check_body_keys(const std::string& kind, const Json& body);

 private:
  Result<Item> put_simple(const std::string& user, const std::string& kind, const std::string& key, const Json& body);
  Status check_item(Item& item);  // validates and normalises the body (sanitized HTML)
  Status apply(const std::vector<Change>& changes, const std::vector<AuditEntry>& audit);
  AuditEntry audit(const std::string& user, const Item& item, const std::string& action, Json detail = Json::object());

  Result<std::shared_ptr<const ActiveCatalogue>> fresh_active();  // the cache, or loaded if 5 s old
  void load_in_background();
  // The Active product whose {{product.*}} variables a template's content uses, if it uses any.
  Result<std::optional<Item>> template_product(const Json& body, const RenderRequest& request, const Json& data);

  CatalogueStore& store_;
  DecisionResolver decisions_;
  std::mutex mu_;
  std::shared_ptr<const ActiveCatalogue> cached_;  // guarded by mu_
  std::mutex loader_mu_;
  std::thread loader_;  // the background load; guarded by loader_mu_
  std::atomic<bool> loading_{false};
  bool stopping_ = false;  // guarded by loader_mu_
};

Result<Action> action_from_name(const std::string& name);
// Today's date (UTC), YYYY-MM-DD, and now as an ISO date-time.
std::string today();
std::string now_iso();

}  // namespace dpc::catalogue
