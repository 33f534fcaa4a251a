// The identity service against a real database: failed-login throttling and lock, unlock,
// the credential cache and what drops its entries; `dpc admin create-user`; and the identity
// resources over HTTP through a real server (as the test administrator the test support logs
// in as).
#include <cstdio>
#include <cstdlib>

#include "http_client.h"
#include "identity_fixture.h"

using namespace dpc::test;
using dpc::http::Method;
using nlohmann::json;
namespace id = dpc::identity;

namespace {

class IdentityService : public IdentityFixture {
 protected:
  void add_user(const std::string& user, const std::string& password) {
    auto st = service_->create_user(admin_, {user, "", "", ""}, password);
    ASSERT_TRUE(st) << st.error().message;
  }
  json verify(const std::string& user, const std::string& password) {
    auto r = as_admin(Method::kPost, "/engine-rest/identity/verify",
                      json({{"username", user}, {"password", password}}).dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r);
  }
};

TEST_F(IdentityService, AuthenticateGivesThePrincipalWithGroups) {
  auto who = service_->authenticate("admin", kAdminPassword);
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->user_id, "admin");
  EXPECT_EQ(who->groups, std::vector<std::string>{"camunda-admin"});
  EXPECT_TRUE(who->admin);
  auto p = service_->principal("admin");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->admin);
  EXPECT_EQ(service_->principal("ghost").error().kind, dpc::ErrorKind::kNotFound);
}

TEST_F(IdentityService, EveryFailureIsTheSameUnauthorized) {
  add_user("jonny", "right phrase 12345");
  auto unknown = service_->authenticate("ghost", "right phrase 12345");
  auto wrong = service_->authenticate("jonny", "wrong phrase 12345");
  auto huge = service_->authenticate("jonny", std::string(1024 * 1024, 'x'));
  for (const auto* r : {&unknown, &wrong, &huge}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().kind, dpc::ErrorKind::kUnauthorized);
    EXPECT_EQ(r->error().message, unknown.error().message);
  }
}

TEST_F(IdentityService, ThrottledAttemptsAreRefusedWithoutChecking) {
  reset({.delay_after = 2, .lock_after = 10, .login_delay_base = std::chrono::hours(1)});
  add_user("jonny", "right phrase 12345");
  EXPECT_FALSE(service_->authenticate("jonny", "wrong phrase 1"));
  EXPECT_TRUE(service_->authenticate("jonny", "right phrase 12345"));  // success clears the count
  EXPECT_FALSE(service_->authenticate("jonny", "wrong phrase 1"));
  EXPECT_FALSE(service_->authenticate("jonny", "wrong phrase 2"));
  // Two failures in a row: the next attempt must wait an hour, even with the right password,
  // and is not counted.
  EXPECT_FALSE(service_->authenticate("jonny", "right phrase 12345"));
  EXPECT_FALSE(service_->authenticate("jonny", "wrong phrase 3"));
  auto creds = store_->credentials("jonny");
  ASSERT_TRUE(creds && *creds);
  EXPECT_EQ((*creds)->failed_attempts, 2);
  EXPECT_FALSE((*creds)->locked);
}

TEST_F(IdentityService, LockedAfterRepeatedFailuresUntilUnlocked) {
  reset({.delay_after = 2, .lock_after = 4, .login_delay_base = std::chrono::milliseconds(0)});
  add_user("jonny", "right phrase 12345");
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(verify("jonny", "wrong phrase")["authenticated"].get<bool>());
  EXPECT_FALSE(verify("jonny", "right phrase 12345")["authenticated"].get<bool>());  // locked
  id::Principal jonny{"jonny", {}, false};
  EXPECT_EQ(call(&jonny, Method::kPost, "/engine-rest/user/jonny/unlock").status, 403);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/user/ghost/unlock").status, 404);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/user/jonny/unlock").status, 204);
  json ok = verify("jonny", "right phrase 12345");
  EXPECT_EQ(ok, json({{"authenticatedUser", "jonny"}, {"authenticated", true}}));
}

TEST_F(IdentityService, LockDropsCachedCredentials) {
  reset({.delay_after = 1, .lock_after = 2, .login_delay_base = std::chrono::milliseconds(0)});
  add_user("jonny", "right phrase 12345");
  EXPECT_TRUE(service_->authenticate("jonny", "right phrase 12345"));  // now cached
  EXPECT_FALSE(service_->authenticate("jonny", "wrong 1"));
  EXPECT_FALSE(service_->authenticate("jonny", "wrong 2"));  // locked
  EXPECT_FALSE(service_->authenticate("jonny", "right phrase 12345"));
}

TEST_F(IdentityService, CachedCredentialsSkipTheStoreUntilDropped) {
  add_user("jonny", "right phrase 12345");
  ASSERT_TRUE(service_->authenticate("jonny", "right phrase 12345"));
  // Another node changes the hash behind this node's back: the cache still answers (TTL).
  ASSERT_TRUE(db_->execute("UPDATE identity_user SET password_hash = 'changed' WHERE id = 'jonny'"));
  EXPECT_TRUE(service_->authenticate("jonny", "right phrase 12345"));
  EXPECT_FALSE(service_->authenticate("jonny", "another phrase 12345"));  // not cached: checked

  // A node without the cache sees the change at once.
  dpc::identity::IdentityService uncached(*store_, {.credential_cache_ttl = std::chrono::seconds(0)});
  EXPECT_FALSE(uncached.authenticate("jonny", "right phrase 12345"));
}

TEST_F(IdentityService, PasswordChangeDeleteAndMembershipDropTheCache) {
  add_user("jonny", "right phrase 12345");
  id::Principal jonny{"jonny", {}, false};
  ASSERT_TRUE(service_->authenticate("jonny", "right phrase 12345"));
  ASSERT_TRUE(service_->update_password(jonny, "jonny", "newer phrase 12345", "right phrase 12345"));
  EXPECT_FALSE(service_->authenticate("jonny", "right phrase 12345"));
  auto who = service_->authenticate("jonny", "newer phrase 12345");
  ASSERT_TRUE(who);
  EXPECT_FALSE(who->admin);

  ASSERT_TRUE(service_->add_member(admin_, "camunda-admin", "jonny"));
  who = service_->authenticate("jonny", "newer phrase 12345");
  ASSERT_TRUE(who);
  EXPECT_TRUE(who->admin);
  ASSERT_TRUE(service_->remove_member(admin_, "camunda-admin", "jonny"));
  EXPECT_FALSE(service_->authenticate("jonny", "newer phrase 12345")->admin);

  ASSERT_TRUE(service_->delete_user(admin_, "jonny"));
  EXPECT_FALSE(service_->authenticate("jonny", "newer phrase 12345"));
}

TEST_F(IdentityService, RequireSpeaksCamundasWords) {
  id::Principal jonny{"jonny", {}, false};
  auto st = service_->require(jonny, id::Resource::kProcessDefinition, "invoice", id::perm::kRead);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, dpc::ErrorKind::kForbidden);
  EXPECT_EQ(st.error().message,
            "The user with id 'jonny' does not have 'READ' permission on resource 'invoice' of type "
            "'ProcessDefinition'.");
  EXPECT_TRUE(service_->require(admin_, id::Resource::kProcessDefinition, "invoice", id::perm::kRead));
}

// ---- dpc admin create-user ----------------------------------------------------------------

// Runs `dpc admin create-user <args>` with `password` on standard input.
std::pair<int, std::string> create_user_cli(const std::string& url, const std::string& args,
                                            const std::string& password) {
  std::string pw_file = "/tmp/dpc-identity-pw-" + std::to_string(getpid());
  {
    FILE* f = fopen(pw_file.c_str(), "w");
    fputs(password.c_str(), f);
    fclose(f);
  }
  std::string cmd = "DPC_DATABASE_URL='" + url + "' DPC_LOG_LEVEL=warn '" + dpc_binary() +
                    "' admin create-user " + args + " < " + pw_file + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  int status = pclose(p);
  std::remove(pw_file.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_F(IdentityService, CliCreatesUserGroupsAndMemberships) {
  auto [code, out] = create_user_cli(*url_, "--id ops --password-stdin --group camunda-admin --group ops-team "
                                            "--first-name Olga --email ops@bank.example",
                                     "night shift rota 2024\n");
  ASSERT_EQ(code, 0) << out;
  auto who = service_->authenticate("ops", "night shift rota 2024");  // the line break is not part of it
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_TRUE(who->admin);
  EXPECT_EQ(who->groups, (std::vector<std::string>{"camunda-admin", "ops-team"}));
  EXPECT_EQ(service_->user(admin_, "ops")->first_name, "Olga");
  EXPECT_EQ(out.find("night shift"), std::string::npos) << out;

  auto again = create_user_cli(*url_, "--id ops --password-stdin", "night shift rota 2024");
  EXPECT_EQ(again.first, 1) << again.second;
  EXPECT_NE(again.second.find("already exists"), std::string::npos) << again.second;
  auto weak = create_user_cli(*url_, "--id weak --password-stdin", "short");
  EXPECT_EQ(weak.first, 1) << weak.second;
  EXPECT_NE(weak.second.find("PASSWORD_POLICY_LENGTH"), std::string::npos) << weak.second;
  EXPECT_EQ(create_user_cli(*url_, "--password-stdin", "x").first, 2);
  EXPECT_EQ(create_user_cli(*url_, "--id x", "x").first, 2);
  EXPECT_EQ(create_user_cli(*url_, "--id x --password secret --password-stdin", "x").first, 2);
  EXPECT_EQ(create_user_cli(*url_, "--id x --password-stdin --bogus", "x").first, 2);
  EXPECT_EQ(create_user_cli(*url_, "--id 'bad id' --password-stdin", "a long enough phrase").first, 1);
}

// ---- over HTTP (needs the authentication hook) --------------------------------------------

TEST(IdentityHttp, UserLifecycleAndLockoutOverHttp) {
  int port = free_port();
  ServerProcess* server = start_test_server("identity-http", port);
  auto post = [&](const std::string& target, const json& body) {
    return http_request(port, "POST", target, body.dump(), {{"Content-Type", "application/json"}});
  };
  auto created = post("/engine-rest/user/create", {{"profile", {{"id", "jonny"}, {"firstName", "John"}}},
                                                   {"credentials", {{"password", "http phrase 12345"}}}});
  EXPECT_EQ(created.status, 204) << created.body;
  auto listed = http_request(port, "GET", "/engine-rest/user?id=jonny");
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body)[0]["firstName"], "John");
  EXPECT_EQ(listed.body.find("http phrase"), std::string::npos);
  auto big = post("/engine-rest/user/create", {{"profile", {{"id", "big"}}},
                                               {"credentials", {{"password", std::string(1024 * 1024, 'x')}}}});
  EXPECT_EQ(big.status, 400) << big.body.substr(0, 200);
  // Three failures (the default delay_after): the next attempt waits, even with the password.
  for (int i = 0; i < 3; ++i) post("/engine-rest/identity/verify", {{"username", "jonny"}, {"password", "wrong"}});
  auto throttled = post("/engine-rest/identity/verify", {{"username", "jonny"}, {"password", "http phrase 12345"}});
  EXPECT_EQ(json::parse(throttled.body)["authenticated"], false) << throttled.body;
  EXPECT_EQ(http_request(port, "POST", "/engine-rest/user/jonny/unlock").status, 204);
  auto ok = post("/engine-rest/identity/verify", {{"username", "jonny"}, {"password", "http phrase 12345"}});
  EXPECT_EQ(json::parse(ok.body)["authenticated"], true) << ok.body;
  // The new user logs in with HTTP Basic, and is a plain user: no authorization list for them.
  auto as_jonny = [&](const std::string& target) {
    return http_request(port, "GET", target, "", {{"Authorization", basic_auth("jonny", "http phrase 12345")}});
  };
  EXPECT_EQ(as_jonny("/engine-rest/user/jonny/profile").status, 200);  // ALL on themselves
  EXPECT_EQ(as_jonny("/engine-rest/authorization/count").status, 200);
  EXPECT_EQ(http_request(port, "POST", "/engine-rest/group/create", json{{"id", "nope"}}.dump(),
                         {{"Authorization", basic_auth("jonny", "http phrase 12345")},
                          {"Content-Type", "application/json"}}).status, 403);
  stop_test_server(server);
}

}  // namespace
