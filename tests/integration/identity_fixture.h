// In-process identity stack over a real test database: the PostgreSQL store, an
// IdentityService and a Router with the identity routes, called with a chosen Principal (as
// the server's authentication step will set it). One database per test executable; each test
// starts from empty identity tables with one admin user ("admin", in camunda-admin).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "dpc/http/handlers/identity_routes.h"
#include "dpc/http/query.h"
#include "dpc/http/router.h"
#include "dpc/identity/identity_service.h"
#include "dpc/store/database.h"
#include "dpc/store/identity_store.h"
#include "server_process.h"

namespace dpc::test {

inline constexpr const char* kAdminPassword = "steady harbour 4711";

class IdentityFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    url_ = new std::string(create_test_database("identity"));
    db_ = new store::Database(*url_);
    auto applied = db_->migrate(store::embedded_migrations());
    ASSERT_TRUE(applied) << applied.error().message;
    store_ = store::make_identity_store(*db_).release();
  }
  static void TearDownTestSuite() {
    delete store_;
    delete db_;
    delete url_;
  }

  void SetUp() override { reset({}); }

  // Empties the identity tables and builds a new service with `options` (and admin).
  void reset(identity::IdentityOptions options) {
    ASSERT_TRUE(db_->execute("TRUNCATE identity_membership, identity_authorization, identity_user,"
                             " identity_group"));
    router_ = std::make_unique<http::Router>();
    service_ = std::make_unique<identity::IdentityService>(*store_, options);
    http::add_identity_routes(*router_, *service_);
    auto st = service_->provision_user({"admin", "Ada", "Admin", "admin@bank.example"},
                                       kAdminPassword, {"camunda-admin"});
    ASSERT_TRUE(st) << st.error().message;
    admin_ = identity::Principal{"admin", {"camunda-admin"}, true};
  }

  // Dispatches a request as `who` (nullptr: no principal).
  http::Response call(const identity::Principal* who, http::Method method, const std::string& target,
                      const std::string& body = "") {
    http::Request req;
    req.method = method;
    req.target = target;
    http::split_target(target, req.path, req.query);
    req.body = body;
    if (!body.empty()) req.headers["content-type"] = "application/json";
    if (who) req.principal = std::make_shared<identity::Principal>(*who);
    return router_->dispatch(req);
  }
  http::Response as_admin(http::Method m, const std::string& target, const std::string& body = "") {
    return call(&admin_, m, target, body);
  }
  static nlohmann::json parse(const http::Response& r) { return nlohmann::json::parse(r.body); }

  // Creates a user over REST as admin; fails the test when not 204.
  void create_user(const std::string& id, const std::string& first, const std::string& last,
                   const std::string& email, const std::string& password = "long enough phrase 1") {
    nlohmann::json body = {{"profile", {{"id", id}, {"firstName", first}, {"lastName", last}, {"email", email}}},
                           {"credentials", {{"password", password}}}};
    auto r = as_admin(http::Method::kPost, "/engine-rest/user/create", body.dump());
    ASSERT_EQ(r.status, 204) << r.body;
  }

  static inline std::string* url_ = nullptr;
  static inline store::Database* db_ = nullptr;
  static inline identity::IdentityStore* store_ = nullptr;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<identity::IdentityService> service_;
  identity::Principal admin_;
};

}  // namespace dpc::test
