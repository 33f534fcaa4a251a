// The identity REST resources dispatched in process against a real database (see
// identity_fixture.h): CRUD with filters, sorting and paging; authorization of each change;
// lists filtered by READ authorizations; input validation; no password in any answer.
#include <set>

#include "identity_fixture.h"

using namespace dpc::test;
using dpc::http::Method;
using nlohmann::json;
namespace id = dpc::identity;

namespace {

std::vector<std::string> ids(const json& list) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(e["id"].get<std::string>());
  return out;
}

class IdentityRoutes : public IdentityFixture {};

TEST_F(IdentityRoutes, NoPrincipalIsUnauthorized) {
  for (auto [m, target] : {std::pair{Method::kGet, "/engine-rest/user"},
                           std::pair{Method::kPost, "/engine-rest/user/create"},
                           std::pair{Method::kGet, "/engine-rest/authorization"},
                           std::pair{Method::kGet, "/engine-rest/identity/password-policy"}}) {
    auto r = call(nullptr, m, target, m == Method::kPost ? "{}" : "");
    EXPECT_EQ(r.status, 401) << target;
    EXPECT_EQ(parse(r)["type"], "AuthenticationException") << target;
  }
}

TEST_F(IdentityRoutes, UsersFilterSortPageAndCount) {
  create_user("jonny", "John", "Smith", "jonny@bank.example");
  create_user("mary", "Mary", "Anne", "mary@bank.example");
  create_user("peter", "Peter", "Zorn", "peter@other.example");

  auto all = as_admin(Method::kGet, "/engine-rest/user?sortBy=lastName&sortOrder=desc");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(ids(parse(all)), (std::vector<std::string>{"peter", "jonny", "mary", "admin"}));
  EXPECT_EQ(parse(all)[0], json({{"id", "peter"}, {"firstName", "Peter"}, {"lastName", "Zorn"},
                                 {"email", "peter@other.example"}}));

  auto page = as_admin(Method::kGet, "/engine-rest/user?sortBy=userId&sortOrder=asc&firstResult=1&maxResults=2");
  EXPECT_EQ(ids(parse(page)), (std::vector<std::string>{"jonny", "mary"}));

  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/user?emailLike=%25bank.example&sortBy=userId&sortOrder=asc"))),
            (std::vector<std::string>{"admin", "jonny", "mary"}));
  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/user?idIn=mary,peter,nobody"))),
            (std::vector<std::string>{"mary", "peter"}));
  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/user?firstName=John"))),
            (std::vector<std::string>{"jonny"}));
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/user/count?emailLike=%25bank%25"))["count"], 3);
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/user/count"))["count"], 4);

  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/user?sortBy=password&sortOrder=asc").status, 400);
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/user?firstResult=-1").status, 400);
}

TEST_F(IdentityRoutes, ProfileGetUpdateAndDelete) {
  create_user("jonny", "John", "Smith", "jonny@bank.example");
  auto got = as_admin(Method::kGet, "/engine-rest/user/jonny/profile");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(parse(got)["email"], "jonny@bank.example");

  auto put = as_admin(Method::kPut, "/engine-rest/user/jonny/profile",
                      R"({"id":"jonny","firstName":"Jon","lastName":"Smyth","email":"jon@bank.example"})");
  EXPECT_EQ(put.status, 204) << put.body;
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/user/jonny/profile"))["lastName"], "Smyth");
  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/user/jonny/profile", R"({"id":"other"})").status, 400);
  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/user/ghost/profile", R"({"firstName":"x"})").status, 404);

  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/user/jonny").status, 204);
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/user/jonny/profile").status, 404);
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/user/jonny").status, 404);
  // The user's own authorization went with them.
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/authorization/count?userIdIn=jonny"))["count"], 0);
}

TEST_F(IdentityRoutes, DuplicateUserIsConflict) {
  create_user("jonny", "John", "Smith", "");
  auto again = as_admin(Method::kPost, "/engine-rest/user/create",
                        R"({"profile":{"id":"jonny"},"credentials":{"password":"long enough phrase 2"}})");
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_F(IdentityRoutes, BadInputIsA400NamingTheField) {
  std::string mb(1024 * 1024, 'x');
  struct Case {
    json body;
    const char* field;
  } cases[] = {
      {{{"profile", {{"firstName", "x"}}}, {"credentials", {{"password", "long enough phrase 1"}}}}, "id"},
      {{{"profile", {{"id", mb}}}, {"credentials", {{"password", "long enough phrase 1"}}}}, "id"},
      {{{"profile", {{"id", "a b"}}}, {"credentials", {{"password", "long enough phrase 1"}}}}, "id"},
      {{{"profile", {{"id", "x'; DROP TABLE identity_user; --"}}}, {"credentials", {{"password", "long enough phrase 1"}}}}, "id"},
      {{{"profile", {{"id", "big"}}}, {"credentials", {{"password", mb}}}}, "password"},
      {{{"profile", {{"id", "weak"}}}, {"credentials", {{"password", "short"}}}}, "PASSWORD_POLICY_LENGTH"},
      {{{"profile", {{"id", "weak"}}}, {"credentials", {{"password", "weak-password-1"}}}}, "PASSWORD_POLICY_USER_DATA"},
      {{{"profile", {{"id", "weak"}}}, {"credentials", {{"password", "qwertyuiop"}}}}, "PASSWORD_POLICY_COMMON"},
      {{{"profile", {{"id", "nopw"}}}}, "password"},
      {{{"profile", {{"id", 7}}}}, "id"},
      {{{"profile", {{"id", "longname"}, {"firstName", std::string(300, 'a')}}},
        {"credentials", {{"password", "long enough phrase 1"}}}}, "firstName"},
  };
  for (const auto& c : cases) {
    auto r = as_admin(Method::kPost, "/engine-rest/user/create", c.body.dump());
    EXPECT_EQ(r.status, 400) << c.field;
    EXPECT_NE(parse(r)["message"].get<std::string>().find(c.field), std::string::npos) << r.body.substr(0, 300);
  }
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/user/count"))["count"], 1);  // admin only
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/user/create", "[1]").status, 400);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/user/create", "{not json").status, 400);
}

TEST_F(IdentityRoutes, PasswordNeverAppearsInAnyAnswer) {
  const std::string pw = "Unique-Passphrase-4711";
  create_user("jonny", "John", "Smith", "jonny@bank.example", pw);
  std::string seen;
  for (const char* target : {"/engine-rest/user", "/engine-rest/user/jonny/profile", "/engine-rest/authorization",
                             "/engine-rest/identity/groups?userId=jonny"}) {
    auto r = as_admin(Method::kGet, target);
    EXPECT_EQ(r.status, 200) << target << r.body;
    seen += r.body;
  }
  seen += as_admin(Method::kPost, "/engine-rest/identity/verify",
                   json({{"username", "jonny"}, {"password", pw}}).dump()).body;
  seen += as_admin(Method::kPost, "/engine-rest/identity/password-policy", json({{"password", pw}}).dump()).body;
  EXPECT_EQ(seen.find(pw), std::string::npos);
  EXPECT_EQ(seen.find("argon2"), std::string::npos);
  EXPECT_EQ(seen.find("password_hash"), std::string::npos);
}

TEST_F(IdentityRoutes, FilterValuesMatchLiterally) {
  create_user("u1", "a_b", "O'Brien", "one@x.example");
  create_user("u2", "axb", "100%", "two@x.example");
  create_user("u3", "a\\b", "Plain", "three@x.example");
  auto found = [&](const std::string& query) {
    auto r = as_admin(Method::kGet, "/engine-rest/user?sortBy=userId&sortOrder=asc&" + query);
    EXPECT_EQ(r.status, 200) << query << r.body;
    return ids(parse(r));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(found("firstName=%27%20OR%20%271%27%3D%271"), V{});                // ' OR '1'='1
  EXPECT_EQ(found("firstNameLike=%27%20OR%201%3D1%20--"), V{});
  EXPECT_EQ(found("lastName=O%27Brien"), V{"u1"});
  EXPECT_EQ(found("firstNameLike=a_b"), V{"u1"});                              // _ is no wildcard
  EXPECT_EQ(found("firstNameLike=a%5Cb"), V{"u3"});                            // nor is backslash
  EXPECT_EQ(found("firstName=%25"), V{});                                     // equality: literal %
  EXPECT_EQ(found("lastName=100%25"), V{"u2"});
  EXPECT_EQ(found("firstNameLike=a%25"), (V{"u1", "u2", "u3"}));              // % is Camunda's wildcard
  EXPECT_EQ(found("idIn=u1%27,u2"), V{"u2"});
  EXPECT_EQ(found("memberOfGroup=%27%20OR%20true%20--"), V{});
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/user/count"))["count"], 4);
}

TEST_F(IdentityRoutes, GroupsMembershipsAndGroupInfo) {
  create_user("jonny", "John", "Smith", "");
  create_user("mary", "", "", "");
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/group/create", R"({"id":"sales","name":"Sales","type":"WORKFLOW"})").status, 204);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/group/create", R"({"id":"board","name":"Board","type":"SYSTEM"})").status, 204);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/group/create", R"({"id":"sales"})").status, 409);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/group/create", R"({"id":"bad id"})").status, 400);

  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/group/sales/members/jonny").status, 204);
  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/group/sales/members/jonny").status, 204);  // again: no-op
  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/group/sales/members/mary").status, 204);
  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/group/sales/members/ghost").status, 404);
  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/group/ghost/members/mary").status, 404);

  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/group?member=jonny"))), std::vector<std::string>{"sales"});
  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/user?memberOfGroup=sales"))),
            (std::vector<std::string>{"jonny", "mary"}));
  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/group?sortBy=id&sortOrder=desc"))),
            (std::vector<std::string>{"sales", "camunda-admin", "board"}));
  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/group?nameLike=%25a%25&type=SYSTEM&sortBy=id&sortOrder=asc"))),
            (std::vector<std::string>{"board", "camunda-admin"}));
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/group/count?type=WORKFLOW"))["count"], 1);

  id::Principal jonny{"jonny", {"sales"}, false};
  auto info = call(&jonny, Method::kGet, "/engine-rest/identity/groups?userId=jonny");
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(parse(info)["groups"], json::parse(R"([{"id":"sales","name":"Sales"}])"));
  EXPECT_EQ(parse(info)["groupUsers"], json::parse(R"([{"id":"jonny","firstName":"John","lastName":"Smith","displayName":"John Smith"},
                                                      {"id":"mary","firstName":"","lastName":"","displayName":"mary"}])"));
  EXPECT_EQ(call(&jonny, Method::kGet, "/engine-rest/identity/groups?userId=mary").status, 403);
  EXPECT_EQ(call(&jonny, Method::kGet, "/engine-rest/identity/groups").status, 400);
  // A new group's members may read it (Camunda's default authorization).
  EXPECT_EQ(call(&jonny, Method::kGet, "/engine-rest/group/sales").status, 200);
  EXPECT_EQ(call(&jonny, Method::kGet, "/engine-rest/group/board").status, 403);

  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/group/sales", R"({"name":"Sales team","type":"WORKFLOW"})").status, 204);
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/group/sales"))["name"], "Sales team");
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/group/sales/members/jonny").status, 204);
  EXPECT_EQ(ids(parse(as_admin(Method::kGet, "/engine-rest/user?memberOfGroup=sales"))), std::vector<std::string>{"mary"});
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/group/sales").status, 204);
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/group/sales").status, 404);
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/authorization/count?groupIdIn=sales"))["count"], 0);
}

TEST_F(IdentityRoutes, AuthorizationsCrudAndCheck) {
  create_user("jonny", "John", "Smith", "");
  auto created = as_admin(Method::kPost, "/engine-rest/authorization/create",
                          R"({"type":1,"permissions":["READ","UPDATE"],"userId":"jonny","resourceType":6,"resourceId":"invoice"})");
  ASSERT_EQ(created.status, 200) << created.body;
  json a = parse(created);
  EXPECT_EQ(a["permissions"], json::parse(R"(["READ","UPDATE"])"));
  EXPECT_EQ(a["groupId"], nullptr);
  EXPECT_EQ(a["resourceType"], 6);
  std::string aid = a["id"];

  auto dup = as_admin(Method::kPost, "/engine-rest/authorization/create",
                      R"({"type":1,"permissions":["READ"],"userId":"jonny","resourceType":6,"resourceId":"invoice"})");
  EXPECT_EQ(dup.status, 409) << dup.body;

  auto revoke = as_admin(Method::kPost, "/engine-rest/authorization/create",
                         R"({"type":2,"permissions":["DELETE"],"groupId":"sales","resourceType":6})");
  ASSERT_EQ(revoke.status, 200) << revoke.body;
  EXPECT_EQ(parse(revoke)["permissions"], json::parse(R"(["DELETE"])"));
  EXPECT_EQ(parse(revoke)["resourceId"], "*");

  auto listed = parse(as_admin(Method::kGet, "/engine-rest/authorization?resourceType=6&sortBy=resourceId&sortOrder=desc"));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["resourceId"], "invoice");
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/authorization/count?userIdIn=jonny&resourceType=6"))["count"], 1);
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/authorization/count?type=2"))["count"], 1);
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/authorization/" + aid))["userId"], "jonny");

  id::Principal jonny{"jonny", {"sales"}, false};
  auto check = [&](const std::string& perm, const std::string& resource_id) {
    auto r = call(&jonny, Method::kGet, "/engine-rest/authorization/check?permissionName=" + perm +
                                            "&resourceName=ProcessDefinition&resourceType=6&resourceId=" + resource_id);
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r)["authorized"].get<bool>();
  };
  EXPECT_TRUE(check("READ", "invoice"));
  EXPECT_FALSE(check("READ", "loan"));
  EXPECT_FALSE(check("DELETE", "invoice"));
  EXPECT_EQ(parse(call(&jonny, Method::kGet, "/engine-rest/authorization/check?permissionName=READ&resourceName=ProcessDefinition&resourceType=6&resourceId=invoice")),
            json::parse(R"({"permissionName":"READ","resourceName":"ProcessDefinition","resourceId":"invoice","authorized":true})"));

  EXPECT_EQ(as_admin(Method::kPut, "/engine-rest/authorization/" + aid,
                     R"({"type":1,"permissions":["ALL"],"userId":"jonny","resourceType":6,"resourceId":"invoice"})").status, 204);
  EXPECT_EQ(parse(as_admin(Method::kGet, "/engine-rest/authorization/" + aid))["permissions"], json::parse(R"(["ALL"])"));
  EXPECT_TRUE(check("DELETE", "invoice"));  // the user's grant beats the group's revoke
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/authorization/" + aid).status, 204);
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/authorization/" + aid).status, 404);
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/authorization/" + aid).status, 404);
  EXPECT_FALSE(check("READ", "invoice"));
}

TEST_F(IdentityRoutes, AuthorizationBadInput) {
  struct Case {
    const char* body;
    const char* word;
  } cases[] = {
      {R"({"type":1,"permissions":["FLY"],"userId":"a","resourceType":6})", "FLY"},
      {R"({"type":1,"permissions":["READ"],"userId":"a","resourceType":99})", "resourceType"},
      {R"({"type":1,"permissions":["READ"],"userId":"a"})", "resourceType"},
      {R"({"type":7,"permissions":["READ"],"userId":"a","resourceType":6})", "type"},
      {R"({"permissions":["READ"],"userId":"a","resourceType":6})", "type"},
      {R"({"type":1,"permissions":["READ"],"resourceType":6})", "userId"},
      {R"({"type":1,"permissions":["READ"],"userId":"a","groupId":"b","resourceType":6})", "userId"},
      {R"({"type":0,"permissions":["READ"],"groupId":"b","resourceType":6})", "groupId"},
      {R"({"type":0,"permissions":["READ"],"userId":"a","resourceType":6})", "userId"},
      {R"({"type":1,"permissions":"READ","userId":"a","resourceType":6})", "permissions"},
      {R"({"type":1,"permissions":["READ"],"userId":"a b","resourceType":6})", "userId"},
  };
  for (const auto& c : cases) {
    auto r = as_admin(Method::kPost, "/engine-rest/authorization/create", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_NE(r.body.find(c.word), std::string::npos) << c.body << " → " << r.body;
  }
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/authorization?resourceType=abc").status, 400);
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/authorization/check?permissionName=FLY&resourceName=User&resourceType=1").status, 400);
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/authorization/check?permissionName=READ").status, 400);
  // A global authorization: user "*", no group.
  auto global = as_admin(Method::kPost, "/engine-rest/authorization/create",
                         R"({"type":0,"permissions":["READ"],"resourceType":1})");
  ASSERT_EQ(global.status, 200) << global.body;
  EXPECT_EQ(parse(global)["userId"], "*");
}

TEST_F(IdentityRoutes, NonAdminIsCheckedAndSeesOnlyWhatTheyMayRead) {
  create_user("mary", "Mary", "Anne", "");
  create_user("jonny", "John", "Smith", "");
  create_user("peter", "Peter", "Zorn", "");
  id::Principal mary{"mary", {}, false};

  // Without authorizations: only herself (ALL on her own User resource, by default).
  EXPECT_EQ(ids(parse(call(&mary, Method::kGet, "/engine-rest/user"))), std::vector<std::string>{"mary"});
  EXPECT_EQ(parse(call(&mary, Method::kGet, "/engine-rest/user/count"))["count"], 1);
  EXPECT_EQ(call(&mary, Method::kGet, "/engine-rest/user/jonny/profile").status, 403);
  EXPECT_EQ(parse(call(&mary, Method::kGet, "/engine-rest/user/jonny/profile"))["type"], "AuthorizationException");
  EXPECT_EQ(call(&mary, Method::kPut, "/engine-rest/user/mary/profile", R"({"firstName":"Maria"})").status, 204);
  EXPECT_EQ(call(&mary, Method::kPut, "/engine-rest/user/jonny/profile", R"({"firstName":"X"})").status, 403);
  EXPECT_EQ(call(&mary, Method::kDelete, "/engine-rest/user/jonny").status, 403);
  EXPECT_EQ(call(&mary, Method::kPost, "/engine-rest/user/create",
                 R"({"profile":{"id":"eve"},"credentials":{"password":"long enough phrase 1"}})").status, 403);
  EXPECT_EQ(call(&mary, Method::kPost, "/engine-rest/group/create", R"({"id":"g"})").status, 403);
  EXPECT_EQ(call(&mary, Method::kPost, "/engine-rest/authorization/create",
                 R"({"type":1,"permissions":["ALL"],"userId":"mary","resourceType":1})").status, 403);
  EXPECT_EQ(call(&mary, Method::kPost, "/engine-rest/user/jonny/unlock").status, 403);
  EXPECT_EQ(parse(call(&mary, Method::kGet, "/engine-rest/authorization/count"))["count"], 0);

  // Everyone may read every user (global), but a revoke for mary on peter wins; paging
  // and counts follow the filter.
  ASSERT_EQ(as_admin(Method::kPost, "/engine-rest/authorization/create",
                     R"({"type":0,"permissions":["READ"],"resourceType":1,"resourceId":"*"})").status, 200);
  ASSERT_EQ(as_admin(Method::kPost, "/engine-rest/authorization/create",
                     R"({"type":2,"permissions":["READ"],"userId":"mary","resourceType":1,"resourceId":"peter"})").status, 200);
  EXPECT_EQ(ids(parse(call(&mary, Method::kGet, "/engine-rest/user?sortBy=userId&sortOrder=asc"))),
            (std::vector<std::string>{"admin", "jonny", "mary"}));
  EXPECT_EQ(parse(call(&mary, Method::kGet, "/engine-rest/user/count"))["count"], 3);
  EXPECT_EQ(ids(parse(call(&mary, Method::kGet, "/engine-rest/user?sortBy=userId&sortOrder=asc&firstResult=2&maxResults=5"))),
            std::vector<std::string>{"mary"});
  EXPECT_EQ(call(&mary, Method::kGet, "/engine-rest/user/jonny/profile").status, 200);
  EXPECT_EQ(call(&mary, Method::kGet, "/engine-rest/user/peter/profile").status, 403);
  // The same decision in SQL (lists) and in C++ (single reads) for every user.
  for (const char* u : {"admin", "jonny", "mary", "peter"}) {
    bool listed = parse(call(&mary, Method::kGet, std::string("/engine-rest/user/count?id=") + u))["count"] == 1;
    bool readable = call(&mary, Method::kGet, std::string("/engine-rest/user/") + u + "/profile").status == 200;
    EXPECT_EQ(listed, readable) << u;
  }

  // A group grant to create users lets her create.
  ASSERT_EQ(as_admin(Method::kPost, "/engine-rest/group/create", R"({"id":"hr"})").status, 204);
  ASSERT_EQ(as_admin(Method::kPost, "/engine-rest/authorization/create",
                     R"({"type":1,"permissions":["CREATE"],"groupId":"hr","resourceType":1})").status, 200);
  id::Principal mary_hr{"mary", {"hr"}, false};
  EXPECT_EQ(call(&mary_hr, Method::kPost, "/engine-rest/user/create",
                 R"({"profile":{"id":"eve"},"credentials":{"password":"long enough phrase 1"}})").status, 204);
}

TEST_F(IdentityRoutes, CredentialsNeedTheCallersPassword) {
  create_user("jonny", "John", "Smith", "", "first phrase 12345");
  id::Principal jonny{"jonny", {}, false};
  auto wrong = call(&jonny, Method::kPut, "/engine-rest/user/jonny/credentials",
                    R"({"password":"second phrase 12345","authenticatedUserPassword":"nope nope nope"})");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  auto weak = call(&jonny, Method::kPut, "/engine-rest/user/jonny/credentials",
                   R"({"password":"short","authenticatedUserPassword":"first phrase 12345"})");
  EXPECT_EQ(weak.status, 400) << weak.body;
  auto ok = call(&jonny, Method::kPut, "/engine-rest/user/jonny/credentials",
                 R"({"password":"second phrase 12345","authenticatedUserPassword":"first phrase 12345"})");
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_FALSE(service_->authenticate("jonny", "first phrase 12345"));
  EXPECT_TRUE(service_->authenticate("jonny", "second phrase 12345"));
  // An admin changes another user's password with the admin's own password.
  auto by_admin = as_admin(Method::kPut, "/engine-rest/user/jonny/credentials",
                           json({{"password", "third phrase 12345"}, {"authenticatedUserPassword", kAdminPassword}}).dump());
  EXPECT_EQ(by_admin.status, 204) << by_admin.body;
  EXPECT_TRUE(service_->authenticate("jonny", "third phrase 12345"));
  EXPECT_EQ(call(&jonny, Method::kPut, "/engine-rest/user/admin/credentials",
                 R"({"password":"fourth phrase 12345","authenticatedUserPassword":"third phrase 12345"})").status, 403);
}

TEST_F(IdentityRoutes, PasswordPolicyEndpoints) {
  auto rules = as_admin(Method::kGet, "/engine-rest/identity/password-policy");
  ASSERT_EQ(rules.status, 200);
  EXPECT_EQ(parse(rules)["rules"][0], json::parse(R"({"placeholder":"PASSWORD_POLICY_LENGTH","parameter":{"minLength":"10"}})"));
  auto checked = as_admin(Method::kPost, "/engine-rest/identity/password-policy",
                          R"({"password":"jonny-is-here-1","profile":{"id":"jonny"}})");
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(parse(checked)["valid"], false);
  EXPECT_EQ(parse(checked)["rules"][1]["valid"], false);
  EXPECT_EQ(parse(checked)["rules"][0]["valid"], true);
  EXPECT_EQ(parse(as_admin(Method::kPost, "/engine-rest/identity/password-policy",
                           R"({"password":"a good long phrase"})"))["valid"], true);
  EXPECT_EQ(as_admin(Method::kPost, "/engine-rest/identity/password-policy",
                     json({{"password", std::string(1024 * 1024, 'p')}}).dump()).status, 400);
}

}  // namespace

// ---- an administrator can never lock themself (or everyone) out of Admin ------------------

namespace {

class AdminLockout : public IdentityFixture {
 protected:
  bool is_admin_member(const std::string& user) {
    auto r = as_admin(Method::kGet, "/engine-rest/user?memberOfGroup=camunda-admin&id=" + user);
    return parse(r).size() == 1;
  }
};

TEST_F(AdminLockout, TheLastAdministratorStays) {
  auto leave = as_admin(Method::kDelete, "/engine-rest/group/camunda-admin/members/admin");
  EXPECT_EQ(leave.status, 409) << leave.body;
  EXPECT_NE(parse(leave)["message"].get<std::string>().find("lock yourself out"), std::string::npos);
  auto del = as_admin(Method::kDelete, "/engine-rest/user/admin");
  EXPECT_EQ(del.status, 409) << del.body;
  auto group = as_admin(Method::kDelete, "/engine-rest/group/camunda-admin");
  EXPECT_EQ(group.status, 409) << group.body;
  EXPECT_NE(parse(group)["message"].get<std::string>().find("camunda-admin cannot be deleted"),
            std::string::npos);
  EXPECT_TRUE(is_admin_member("admin"));
  EXPECT_EQ(as_admin(Method::kGet, "/engine-rest/user/admin/profile").status, 200);

  // A non-administrator allowed to manage the memberships of camunda-admin and to delete users
  // still cannot remove the last administrator.
  create_user("helper", "Hel", "Per", "helper@bank.example");
  for (auto [resource, body_id] : {std::pair{3, "camunda-admin"}, std::pair{1, "*"}}) {
    json grant = {{"type", 1}, {"permissions", {"ALL"}}, {"userId", "helper"},
                  {"resourceType", resource}, {"resourceId", body_id}};
    ASSERT_EQ(as_admin(Method::kPost, "/engine-rest/authorization/create", grant.dump()).status, 200);
  }
  id::Principal helper{"helper", {}, false};
  auto r = call(&helper, Method::kDelete, "/engine-rest/group/camunda-admin/members/admin");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(parse(r)["message"].get<std::string>().find("last administrator"), std::string::npos);
  r = call(&helper, Method::kDelete, "/engine-rest/user/admin");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(is_admin_member("admin"));
  // Other users and groups are deleted as before.
  create_user("other", "O", "Ther", "o@bank.example");
  EXPECT_EQ(call(&helper, Method::kDelete, "/engine-rest/user/other").status, 204);
}

TEST_F(AdminLockout, AnotherAdministratorMayRemoveOneWhileOneRemains) {
  create_user("boss", "Bo", "Ss", "boss@bank.example");
  ASSERT_EQ(as_admin(Method::kPut, "/engine-rest/group/camunda-admin/members/boss").status, 204);
  // Not even with another administrator left may one remove themself.
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/group/camunda-admin/members/admin").status, 409);
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/user/admin").status, 409);
  // admin removes boss: admin remains.
  EXPECT_EQ(as_admin(Method::kDelete, "/engine-rest/group/camunda-admin/members/boss").status, 204);
  EXPECT_FALSE(is_admin_member("boss"));
  // boss back; boss deletes admin; boss is now the last one and cannot go.
  ASSERT_EQ(as_admin(Method::kPut, "/engine-rest/group/camunda-admin/members/boss").status, 204);
  id::Principal boss{"boss", {"camunda-admin"}, true};
  EXPECT_EQ(call(&boss, Method::kDelete, "/engine-rest/user/admin").status, 204);
  auto r = call(&boss, Method::kDelete, "/engine-rest/group/camunda-admin/members/boss");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(is_admin_member("boss"));
  // Removing a non-member of camunda-admin from camunda-admin is no change, as before.
  create_user("clerk", "C", "Lerk", "c@bank.example");
  EXPECT_EQ(call(&boss, Method::kDelete, "/engine-rest/group/camunda-admin/members/clerk").status, 204);
}

}  // namespace
