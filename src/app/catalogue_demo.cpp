// Loads the --demo catalogue (see catalogue_demo.h).
#include "catalogue_demo.h"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

namespace dpc::app {

namespace cat = dpc::catalogue;

namespace {

constexpr const char* kMaker = "anna";
constexpr const char* kChecker = "maria";

void join_editors(identity::IdentityService& identity) {
  const identity::Principal system{"dpc-demo-setup", {std::string(identity::kAdminGroup)}, true};
  auto created = identity.create_group(system, {"catalogue-editors", "Catalogue editors", "WORKFLOW"});
  if (!created && created.error().kind != ErrorKind::kConflict) {
    spdlog::error("demo catalogue: group catalogue-editors: {}", created.error().message);
  }
  for (const char* user : {kMaker, kChecker}) {
    auto added = identity.add_member(system, "catalogue-editors", user);
    if (!added && added.error().kind != ErrorKind::kConflict) {
      spdlog::error("demo catalogue: {} into catalogue-editors: {}", user, added.error().message);
    }
  }
  // The editors open the catalogue console (Application "catalogue", as /api/auth/me lists it).
  identity::Authorization console;
  console.type = identity::AuthType::kGrant;
  console.group_id = "catalogue-editors";
  console.resource = identity::Resource::kApplication;
  console.resource_id = "catalogue";
  console.permissions = identity::perm::kAccess;
  auto granted = identity.create_authorization(system, console);
  if (!granted && granted.error().kind != ErrorKind::kConflict) {
    spdlog::error("demo catalogue: console access for catalogue-editors: {}", granted.error().message);
  }
}

// The coming spring: this year's if it has not ended, else next year's.
std::pair<std::string, std::string> spring(const std::string& today) {
  int year = std::stoi(today.substr(0, 4));
  if (today.substr(5) >= "06-01") ++year;
  return {std::to_string(year) + "-03-01", std::to_string(year) + "-06-01"};
}

bool publish(cat::CatalogueService& s, const char* kind, cat::Json body) {
  std::string key = body.value("key", "");
  auto item = s.create(kMaker, kind, body);
  if (!item) {
    spdlog::error("demo catalogue: {} {}: {}", kind, key, item.error().message);
    return false;
  }
  for (auto [who, action] : {std::pair{kMaker, cat::Action::kSubmit}, std::pair{kChecker, cat::Action::kPublish}}) {
    auto done = s.transition(who, kind, key, item->version, action, "demo catalogue");
    if (!done) {
      spdlog::error("demo catalogue: {} {}: {}", kind, key, done.error().message);
      return false;
    }
  }
  return true;
}

}  // namespace

void load_catalogue_demo(cat::CatalogueService& s, identity::IdentityService& identity, const std::string& samples_dir) {
  join_editors(identity);
  cat::ItemQuery any;
  any.kind = cat::kProduct;
  any.max_results = 1;
  auto count = s.store().count(any);
  if (!count) {
    spdlog::error("demo catalogue: {}", count.error().message);
    return;
  }
  if (*count > 0) return;
  std::string path = samples_dir + "/catalogue/demo-catalogue.json";
  std::ifstream in(path);
  if (!in) {
    spdlog::warn("demo catalogue: {} not found; no demo catalogue", path);
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  cat::Json demo = cat::Json::parse(text.str(), nullptr, false);
  if (demo.is_discarded()) {
    spdlog::error("demo catalogue: {} is not valid JSON", path);
    return;
  }
  for (const auto& d : demo.value("dictionaries", cat::Json::array())) {
    auto r = s.put_dictionary(kMaker, d.value("key", ""), d);
    if (!r) spdlog::error("demo catalogue: dictionary {}: {}", d.value("key", ""), r.error().message);
  }
  for (const auto& t : demo.value("productTypes", cat::Json::array())) {
    auto r = s.put_type(kMaker, t.value("key", ""), t);
    if (!r) spdlog::error("demo catalogue: product type {}: {}", t.value("key", ""), r.error().message);
  }
  const std::string today = cat::today();
  int published = 0;
  for (auto p : demo.value("products", cat::Json::array())) {
    p["validFor"] = {{"startDateTime", today.substr(0, 4) + "-01-01"}};
    published += publish(s, cat::kProduct, p);
  }
  auto [from, to] = spring(today);
  for (auto p : demo.value("promotions", cat::Json::array())) {
    p["validFor"] = {{"startDateTime", from}, {"endDateTime", to}};
    publish(s, cat::kPromotion, p);
  }
  int templates = 0;
  for (const auto& t : demo.value("templates", cat::Json::array())) templates += publish(s, cat::kTemplate, t);
  spdlog::info("demo catalogue: {} products active from {}-01-01; spring promotion {} to {}; {} templates (anna prepares, maria publishes)",
               published, today.substr(0, 4), from, to, templates);
}

}  // namespace dpc::app
