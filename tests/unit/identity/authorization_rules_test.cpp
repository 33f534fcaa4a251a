// Camunda's authorization decision as a table of cases: each case lists authorizations and
// what the decision must be for user "jonny" (groups "sales", "staff").
#include <gtest/gtest.h>

#include "dpc/identity/authorization_rules.h"
#include "dpc/identity/identity_service.h"

using namespace dpc::identity;

namespace {

Authorization auth(AuthType type, std::string user, std::string group, std::string resource_id,
                   int64_t named, Resource resource = Resource::kProcessDefinition) {
  Authorization a;
  a.type = type;
  a.user_id = std::move(user);
  a.group_id = std::move(group);
  a.resource = resource;
  a.resource_id = std::move(resource_id);
  set_named_permissions(a, named);
  return a;
}

const auto G = AuthType::kGrant;
const auto R = AuthType::kRevoke;
const auto GL = AuthType::kGlobal;

struct Case {
  const char* name;
  std::vector<Authorization> auths;
  bool expected;
};

const Principal kJonny{"jonny", {"sales", "staff"}, false};

TEST(IdentityDecision, CamundaPrecedence) {
  const int64_t READ = perm::kRead;
  std::vector<Case> cases = {
      {"nothing: denied", {}, false},
      {"user grant on the id", {auth(G, "jonny", "", "invoice", READ)}, true},
      {"user grant on *", {auth(G, "jonny", "", "*", READ)}, true},
      {"grant of another permission", {auth(G, "jonny", "", "invoice", perm::kUpdate)}, false},
      {"grant for another id", {auth(G, "jonny", "", "other", READ)}, false},
      {"grant for another user", {auth(G, "mary", "", "invoice", READ)}, false},
      {"grant to user *", {auth(G, "*", "", "invoice", READ)}, true},
      {"grant on another resource type",
       {auth(G, "jonny", "", "invoice", READ, Resource::kTask)}, false},
      {"ALL grants READ", {auth(G, "jonny", "", "invoice", perm::kAll)}, true},
      {"revoke beats grant at one level",
       {auth(G, "jonny", "", "invoice", READ), auth(R, "jonny", "", "invoice", READ)}, false},
      {"revoke of another permission leaves the grant",
       {auth(G, "jonny", "", "invoice", READ), auth(R, "jonny", "", "invoice", perm::kDelete)}, true},
      {"user grant beats group revoke",
       {auth(R, "", "sales", "invoice", READ), auth(G, "jonny", "", "invoice", READ)}, true},
      {"user revoke beats group grant",
       {auth(G, "", "sales", "invoice", READ), auth(R, "jonny", "", "invoice", READ)}, false},
      {"user * grant beats group specific revoke",
       {auth(R, "", "sales", "invoice", READ), auth(G, "jonny", "", "*", READ)}, true},
      {"specific revoke beats * grant (user)",
       {auth(G, "jonny", "", "*", READ), auth(R, "jonny", "", "invoice", READ)}, false},
      {"specific grant beats * revoke (user)",
       {auth(R, "jonny", "", "*", READ), auth(G, "jonny", "", "invoice", READ)}, true},
      {"group grant", {auth(G, "", "staff", "invoice", READ)}, true},
      {"group of which jonny is no member", {auth(G, "", "board", "invoice", READ)}, false},
      {"one group revokes, another grants: revoke wins",
       {auth(G, "", "staff", "invoice", READ), auth(R, "", "sales", "invoice", READ)}, false},
      {"group specific grant beats group * revoke",
       {auth(R, "", "sales", "*", READ), auth(G, "", "staff", "invoice", READ)}, true},
      {"global grant applies when nothing else says", {auth(GL, "*", "", "*", READ)}, true},
      {"global on the id", {auth(GL, "*", "", "invoice", READ)}, true},
      {"group revoke beats global grant",
       {auth(GL, "*", "", "*", READ), auth(R, "", "sales", "*", READ)}, false},
      {"user revoke beats global grant",
       {auth(GL, "*", "", "invoice", READ), auth(R, "jonny", "", "*", READ)}, false},
      {"a level that says nothing about READ passes on",
       {auth(G, "jonny", "", "invoice", perm::kUpdate), auth(G, "", "sales", "*", READ)}, true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(decide(kJonny, c.auths, Resource::kProcessDefinition, "invoice", perm::kRead), c.expected)
        << c.name;
  }
}

TEST(IdentityDecision, AdminMayDoEverything) {
  Principal admin{"boss", {"camunda-admin"}, true};
  std::vector<Authorization> revoked = {auth(R, "boss", "", "*", perm::kAll)};
  EXPECT_TRUE(decide(admin, revoked, Resource::kUser, "x", perm::kDelete));
  EXPECT_FALSE(decide(Principal{"boss", {}, false}, revoked, Resource::kUser, "x", perm::kDelete));
}

TEST(IdentityDecision, CheckingStarOnlySeesStarAuthorizations) {
  // Creating (resource id "*") is not allowed by a grant on one id.
  std::vector<Authorization> one = {auth(G, "jonny", "", "invoice", perm::kCreate)};
  EXPECT_FALSE(decide(kJonny, one, Resource::kProcessDefinition, "*", perm::kCreate));
  std::vector<Authorization> any = {auth(G, "jonny", "", "*", perm::kCreate)};
  EXPECT_TRUE(decide(kJonny, any, Resource::kProcessDefinition, "*", perm::kCreate));
}

TEST(IdentityPermissions, NamesAndBitsRoundTrip) {
  EXPECT_EQ(permission_bits("READ"), perm::kRead);
  EXPECT_EQ(permission_bits("ALL"), perm::kAll);
  EXPECT_EQ(permission_bits("NONE"), perm::kNone);
  EXPECT_EQ(permission_bits("MIGRATE_INSTANCE"), perm::kMigrateInstance);
  EXPECT_FALSE(permission_bits("read"));
  EXPECT_FALSE(permission_bits("FLY"));
  EXPECT_EQ(permission_names(perm::kAll), std::vector<std::string>{"ALL"});
  EXPECT_EQ(permission_names(perm::kNone), std::vector<std::string>{"NONE"});
  EXPECT_EQ(permission_names(perm::kRead | perm::kDelete), (std::vector<std::string>{"READ", "DELETE"}));
}

TEST(IdentityPermissions, RevokeStoresTheComplementAsCamunda) {
  Authorization a;
  a.type = AuthType::kRevoke;
  set_named_permissions(a, perm::kRead);
  EXPECT_EQ(a.permissions, perm::kAll & ~perm::kRead);
  EXPECT_EQ(named_permissions(a), perm::kRead);
  EXPECT_TRUE(revokes(a, perm::kRead));
  EXPECT_FALSE(revokes(a, perm::kUpdate));
  a.type = AuthType::kGrant;
  set_named_permissions(a, perm::kRead);
  EXPECT_EQ(a.permissions, perm::kRead);
  EXPECT_EQ(named_permissions(a), perm::kRead);
}

TEST(IdentityResources, CamundaNumbersAndNames) {
  EXPECT_EQ(resource_from_int(1), Resource::kUser);
  EXPECT_EQ(resource_from_int(21), Resource::kSystem);
  EXPECT_FALSE(resource_from_int(18));  // Optimize: not in dpc
  EXPECT_FALSE(resource_from_int(-1));
  EXPECT_EQ(resource_name(Resource::kProcessDefinition), "ProcessDefinition");
  EXPECT_EQ(resource_from_name("User"), Resource::kUser);
}

TEST(IdentityIds, AllowedCharactersAndLength) {
  EXPECT_TRUE(check_id("jonny.doe@bank-1_x", "id"));
  EXPECT_FALSE(check_id("", "id"));
  EXPECT_FALSE(check_id(std::string(129, 'a'), "id"));
  EXPECT_TRUE(check_id(std::string(128, 'a'), "id"));
  for (const char* bad : {"a b", "a'b", "a;b", "a%b", "a*b", "a/b", "ä"}) {
    auto st = check_id(bad, "userId");
    ASSERT_FALSE(st) << bad;
    EXPECT_NE(st.error().message.find("userId"), std::string::npos);
  }
}

}  // namespace
