// The catalogue's data as the service and its store see it. Every entity (product type,
// dictionary, product, promotion) is an Item: a key, a version, a TMF620 lifecycleStatus, a
// validity period and a JSON body whose shape depends on the kind (documented in
// src/catalogue/README.md). Plain values; no behaviour.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dpc::catalogue {

using Json = nlohmann::json;

// The kinds of items, as stored in catalogue_item.kind and named in the audit trail.
inline constexpr const char* kProductType = "productType";
inline constexpr const char* kDictionary = "dictionary";
inline constexpr const char* kProduct = "product";
inline constexpr const char* kPromotion = "promotion";
// A communication template (e-mail, SMS, push; dpc/catalogue/templates.h); its channel is
// kept in Item::type_key as well, so lists filter on it.
inline constexpr const char* kTemplate = "template";

// TMF620 lifecycle names (TM Forum's lifecycle guideline): a draft is "In design", a version
// submitted for review "In test", a published one "Active", a withdrawn one "Retired".
inline constexpr const char* kInDesign = "In design";
inline constexpr const char* kInTest = "In test";
inline constexpr const char* kActive = "Active";
inline constexpr const char* kRetired = "Retired";

struct Item {
  std::string kind;
  std::string key;
  int version = 1;
  std::string lifecycle_status = kInDesign;
  std::string type_key;  // products: the product type; templates: the channel
  std::optional<std::string> valid_from, valid_to;  // ISO date or date-time; to is exclusive
  Json body = Json::object();
  std::string created_by, created_at, updated_by, updated_at;
  std::optional<std::string> submitted_by, submitted_at, published_by, published_at;
};

struct AuditEntry {
  long long id = 0;
  std::string at, user_id, kind, key;
  std::optional<int> version;
  std::string action;
  Json detail = Json::object();
};

struct Asset {
  std::string sha256, content_type;
  long long size = 0;
  std::string file_name;
  std::string data;  // empty in lists
  std::string created_by, created_at;
};

struct ItemQuery {
  std::string kind;
  std::optional<std::string> key, key_like, lifecycle_status, type_key, name_like;
  // Only versions valid at this ISO date or date-time.
  std::optional<std::string> valid_at;
  bool latest_only = true;  // one row per key: its highest version
  long long first_result = 0;
  long long max_results = -1;  // -1 = all
};

// One change of an atomic batch (CatalogueStore::apply).
struct Change {
  Item item;
  bool insert = false;  // insert: kConflict when (kind, key, version) exists
  // Update: the status the stored row must still have (kConflict otherwise), so that two
  // reviewers publishing at once cannot both win.
  std::optional<std::string> expected_status;
};

}  // namespace dpc::catalogue
