// The filter resource (/engine-rest/filter) over real HTTP against a real `dpc serve`: the
// default filters and who sees them, create/list/count/get/update/delete with Filter
// authorizations (owner ALL, READ, UPDATE, DELETE, CREATE), saved queries with expressions
// evaluated per caller, /list and /count GET and POST (extension, paging), the HAL answer,
// and task visibility inside a filter's list. Refusals change nothing.
#include <nlohmann/json.hpp>

#include "tasklist_fixture.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

class FilterTest : public TasklistFixture {
 protected:
  static void SetUpTestSuite() {
    start_server("filter");
    create_user("fay", {"loans"});
    create_user("gus", {"loans", "risk"});
    create_user("hal", {"audit"});
    deploy_task_process("floan", "loans");
    deploy_task_process("frisk", "risk");
  }
  static json filters(const std::string& user, const std::string& query = "") {
    return get_json(as(user, "GET", "/engine-rest/filter" + query));
  }
  static std::string filter_id(const std::string& user, const std::string& name) {
    for (const auto& f : filters(user)) {
      if (f["name"] == name) return f["id"];
    }
    return "";
  }
  static std::string create(const std::string& user, const json& body) {
    auto r = as(user, "POST", "/engine-rest/filter/create", body.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["id"].get<std::string>() : "";
  }
};

TEST_F(FilterTest, DefaultFiltersAreThereOnceAllTasksOnlyForAdmins) {
  json all = filters(kTestAdminUser, "?resourceType=Task&sortBy=name&sortOrder=asc");
  std::set<std::string> keys;
  for (const auto& f : all) {
    if (f["id"].get<std::string>().rfind("dpc-filter-", 0) == 0) keys.insert(f["properties"]["dpcMessageKey"]);
  }
  EXPECT_EQ(keys, (std::set<std::string>{"filter.myTasks", "filter.groupTasks", "filter.unassigned",
                                         "filter.dueSoon", "filter.allTasks"}));
  json my = get_json(admin("GET", "/engine-rest/filter/dpc-filter-my-tasks"));
  EXPECT_EQ(my["resourceType"], "Task");
  EXPECT_EQ(my["name"], "My tasks");
  EXPECT_EQ(my["query"]["assigneeExpression"], "${currentUser()}");
  EXPECT_TRUE(my["properties"]["priority"].is_number());
  EXPECT_TRUE(my["properties"]["description"].is_string());
  // Everyone reads four of them; All tasks is the administrators'.
  std::set<std::string> names;
  for (const auto& f : filters("hal")) names.insert(f["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"My tasks", "My group tasks", "Unassigned", "Due soon"}));
  EXPECT_EQ(count_of(as("hal", "GET", "/engine-rest/filter/count")), 4);
  EXPECT_EQ(as("hal", "GET", "/engine-rest/filter/dpc-filter-all-tasks").status, 403);
  EXPECT_EQ(as("hal", "GET", "/engine-rest/filter/dpc-filter-all-tasks/list").status, 403);
  EXPECT_EQ(admin("GET", "/engine-rest/filter/dpc-filter-all-tasks/list").status, 200);
}

TEST_F(FilterTest, DefaultFiltersListTheCallersTasks) {
  std::string mine = start_task("floan");
  std::string group = start_task("floan");
  std::string risk = start_task("frisk");
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + mine + "/assignee", R"({"userId":"fay"})").status, 204);
  ASSERT_EQ(admin("PUT", "/engine-rest/task/" + risk,
                  json{{"name", "Risk"}, {"due", "2000-01-01T00:00:00.000+0000"}}.dump()).status, 204);
  auto list = [&](const std::string& user, const std::string& filter) {
    return ids_of(get_json(as(user, "GET", "/engine-rest/filter/" + filter + "/list")));
  };
  EXPECT_EQ(list("fay", "dpc-filter-my-tasks"), std::set<std::string>{mine});
  EXPECT_TRUE(list("gus", "dpc-filter-my-tasks").empty());
  std::set<std::string> fay_groups = list("fay", "dpc-filter-group-tasks");
  EXPECT_TRUE(fay_groups.count(group));
  EXPECT_FALSE(fay_groups.count(mine));  // assigned: no longer a group task
  EXPECT_FALSE(fay_groups.count(risk));
  EXPECT_TRUE(list("gus", "dpc-filter-group-tasks").count(risk));
  // Due soon: the overdue risk task for gus, who may see it; not for fay, who may not.
  EXPECT_TRUE(list("gus", "dpc-filter-due-soon").count(risk));
  EXPECT_FALSE(list("fay", "dpc-filter-due-soon").count(risk));
  EXPECT_FALSE(list("gus", "dpc-filter-due-soon").count(group));
  // Unassigned, and counts (GET and POST) that match the lists.
  std::set<std::string> unassigned = list("fay", "dpc-filter-unassigned");
  EXPECT_TRUE(unassigned.count(group));
  EXPECT_FALSE(unassigned.count(mine));
  EXPECT_FALSE(unassigned.count(risk));
  EXPECT_EQ(count_of(as("fay", "GET", "/engine-rest/filter/dpc-filter-unassigned/count")),
            static_cast<long long>(unassigned.size()));
  EXPECT_EQ(count_of(as("fay", "POST", "/engine-rest/filter/dpc-filter-unassigned/count", "{}")),
            static_cast<long long>(unassigned.size()));
  // itemCount on the list and on one filter.
  for (const auto& f : filters("fay", "?itemCount=true")) {
    if (f["id"] == "dpc-filter-my-tasks") EXPECT_EQ(f["itemCount"], 1);
  }
  EXPECT_EQ(get_json(as("fay", "GET", "/engine-rest/filter/dpc-filter-my-tasks?itemCount=true"))["itemCount"], 1);
  EXPECT_FALSE(get_json(as("fay", "GET", "/engine-rest/filter/dpc-filter-my-tasks")).contains("itemCount"));
  EXPECT_EQ(as("fay", "GET", "/engine-rest/filter?itemCount=maybe").status, 400);
}

TEST_F(FilterTest, CreateNeedsCreateTheOwnerMayDoAllOthersNeedGrants) {
  json body = {{"resourceType", "Task"}, {"name", "Big loans"}, {"owner", "fay"},
               {"query", {{"processDefinitionKey", "floan"},
                          {"processVariables", {{{"name", "amount"}, {"operator", "gteq"}, {"value", 10000}}}}}},
               {"properties", {{"priority", 5}, {"color", "#aa0000"}}}};
  auto refused = as("fay", "POST", "/engine-rest/filter/create", body.dump());
  EXPECT_EQ(refused.status, 403) << refused.body;
  long long before = count_of(admin("GET", "/engine-rest/filter/count"));
  authorize(1, "group:loans", {"CREATE"}, 5, "*");
  std::string id = create("fay", body);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(count_of(admin("GET", "/engine-rest/filter/count")), before + 1);
  json f = get_json(as("fay", "GET", "/engine-rest/filter/" + id));
  EXPECT_EQ(f["owner"], "fay");
  EXPECT_EQ(f["query"], body["query"]);
  EXPECT_EQ(f["properties"], body["properties"]);
  // Filters by name, nameLike, owner, resourceType.
  EXPECT_EQ(ids_of(filters("fay", "?name=Big%20loans")), std::set<std::string>{id});
  EXPECT_EQ(ids_of(filters("fay", "?nameLike=Big%25")), std::set<std::string>{id});
  EXPECT_EQ(ids_of(filters("fay", "?owner=fay")), std::set<std::string>{id});
  EXPECT_TRUE(filters("fay", "?resourceType=Case").empty());
  // gus (same group, not the owner) neither sees nor changes it without grants.
  EXPECT_TRUE(filters("gus", "?owner=fay").empty());
  EXPECT_EQ(as("gus", "GET", "/engine-rest/filter/" + id).status, 403);
  EXPECT_EQ(as("gus", "GET", "/engine-rest/filter/" + id + "/list").status, 403);
  json renamed = body;
  renamed["name"] = "Large loans";
  EXPECT_EQ(as("gus", "PUT", "/engine-rest/filter/" + id, renamed.dump()).status, 403);
  EXPECT_EQ(as("gus", "DELETE", "/engine-rest/filter/" + id).status, 403);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/filter/" + id))["name"], "Big loans");
  authorize(1, "user:gus", {"READ"}, 5, id);
  EXPECT_EQ(ids_of(filters("gus", "?owner=fay")), std::set<std::string>{id});
  EXPECT_EQ(as("gus", "PUT", "/engine-rest/filter/" + id, renamed.dump()).status, 403);
  authorize(1, "group:risk", {"UPDATE"}, 5, id);  // gus is in risk
  EXPECT_EQ(as("gus", "PUT", "/engine-rest/filter/" + id, renamed.dump()).status, 204);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/filter/" + id))["name"], "Large loans");
  EXPECT_EQ(as("gus", "DELETE", "/engine-rest/filter/" + id).status, 403);
  // The owner updates and deletes without any grant of their own.
  renamed["name"] = "Loans over 10k";
  EXPECT_EQ(as("fay", "PUT", "/engine-rest/filter/" + id, renamed.dump()).status, 204);
  EXPECT_EQ(as("fay", "DELETE", "/engine-rest/filter/" + id).status, 204);
  EXPECT_EQ(admin("GET", "/engine-rest/filter/" + id).status, 404);
  EXPECT_EQ(admin("DELETE", "/engine-rest/filter/" + id).status, 404);
  EXPECT_EQ(admin("PUT", "/engine-rest/filter/" + id, renamed.dump()).status, 404);
  EXPECT_EQ(count_of(admin("GET", "/engine-rest/filter/count")), before);
}

TEST_F(FilterTest, BadFiltersAreRefusedNamingTheProblem) {
  long long before = count_of(admin("GET", "/engine-rest/filter/count"));
  for (const json& bad :
       {json{{"resourceType", "Task"}}, json{{"resourceType", "Task"}, {"name", ""}},
        json{{"resourceType", "Case"}, {"name", "x"}}, json{{"resourceType", "Task"}, {"name", "x"}, {"query", "all"}},
        json{{"resourceType", "Task"}, {"name", "x"}, {"properties", 3}},
        json{{"resourceType", "Task"}, {"name", "x"}, {"query", {{"dueBefore", "soon"}}}},
        json{{"resourceType", "Task"}, {"name", "x"}, {"query", {{"assigneeExpression", "${currentUser("}}}},
        json{{"resourceType", "Task"}, {"name", "x"}, {"query", {{"assigneeExpression", "${nobody}"}}}},
        json{{"resourceType", "Task"}, {"name", "x"},
             {"query", {{"processVariables", {{{"name", "a"}, {"operator", "maybe"}, {"value", 1}}}}}}}}) {
    auto r = admin("POST", "/engine-rest/filter/create", bad.dump());
    EXPECT_EQ(r.status, 400) << bad.dump() << " " << r.body;
  }
  EXPECT_EQ(count_of(admin("GET", "/engine-rest/filter/count")), before);
  std::string id = create(kTestAdminUser, {{"resourceType", "Task"}, {"name", "Keep"}});
  EXPECT_EQ(admin("PUT", "/engine-rest/filter/" + id, json{{"name", ""}}.dump()).status, 400);
  EXPECT_EQ(admin("PUT", "/engine-rest/filter/" + id, json{{"name", "y"}, {"resourceType", "Case"}}.dump()).status, 400);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/filter/" + id))["name"], "Keep");
  // Expressions are for saved queries only.
  auto adhoc = admin("POST", "/engine-rest/filter/" + id + "/list", R"({"assigneeExpression":"${currentUser()}"})");
  EXPECT_EQ(adhoc.status, 400) << adhoc.body;
  EXPECT_EQ(admin("GET", "/engine-rest/filter/" + id + "/list?maxResults=-1").status, 400);
}

TEST_F(FilterTest, ExpressionsExtensionPagingAndVisibility) {
  deploy_task_process("fext", "loans");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(start_task("fext", {{"amount", var(1000 * (i + 1), "Long")}}));
    ASSERT_EQ(admin("PUT", "/engine-rest/task/" + ids.back(),
                    json{{"name", "T" + std::to_string(i)}, {"priority", 10 * (5 - i)},
                         {"due", "2031-01-0" + std::to_string(i + 1) + "T00:00:00.000+0000"}}.dump()).status, 204);
  }
  // A shared filter over the fext tasks of the caller's groups, due within ten years.
  std::string id = create(kTestAdminUser,
                          {{"resourceType", "Task"}, {"name", "fext"},
                           {"query", {{"processDefinitionKey", "fext"},
                                      {"candidateGroupsExpression", "${currentUserGroups()}"},
                                      {"dueBeforeExpression", "${dateTime().plusYears(10)}"}}},
                           {"properties", {{"variables", {{{"name", "amount"}, {"label", "Amount"}}}}}}});
  authorize(1, "group:loans", {"READ"}, 5, id);
  authorize(1, "group:audit", {"READ"}, 5, id);
  EXPECT_EQ(ids_of(get_json(as("fay", "GET", "/engine-rest/filter/" + id + "/list"))),
            std::set<std::string>(ids.begin(), ids.end()));
  // hal is not in loans: the expression gives his groups, and visibility applies anyway.
  EXPECT_TRUE(get_json(as("hal", "GET", "/engine-rest/filter/" + id + "/list")).empty());
  // A user in no group has no group tasks (an empty candidateGroups list matches nothing).
  create_user("ivy");
  authorize(1, "user:ivy", {"READ_TASK"}, 6, "fext");
  EXPECT_EQ(get_json(as("ivy", "GET", "/engine-rest/task?processDefinitionKey=fext")).size(), 5u);
  authorize(1, "user:ivy", {"READ"}, 5, id);
  EXPECT_TRUE(get_json(as("ivy", "GET", "/engine-rest/filter/" + id + "/list")).empty());
  EXPECT_EQ(count_of(as("hal", "GET", "/engine-rest/filter/" + id + "/count")), 0);
  // POST extends the saved query: a variable filter and a sort, then paging.
  json ext = {{"processVariables", {{{"name", "amount"}, {"operator", "gt"}, {"value", 1500}}}},
              {"sorting", {{{"sortBy", "priority"}, {"sortOrder", "asc"}}}}};
  json sorted = get_json(as("fay", "POST", "/engine-rest/filter/" + id + "/list", ext.dump()));
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0]["id"], ids[4]);
  EXPECT_EQ(sorted[3]["id"], ids[1]);
  EXPECT_EQ(count_of(as("fay", "POST", "/engine-rest/filter/" + id + "/count", ext.dump())), 4);
  json page = get_json(as("fay", "POST", "/engine-rest/filter/" + id + "/list?firstResult=1&maxResults=2", ext.dump()));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0]["id"], ids[3]);
  EXPECT_EQ(page[1]["id"], ids[2]);
  json due = get_json(as("fay", "POST", "/engine-rest/filter/" + id + "/list?maxResults=1",
                         R"({"sorting":[{"sortBy":"dueDate","sortOrder":"desc"}]})"));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["id"], ids[4]);

  // HAL: tasks with their links and embedded identity links, candidate groups and the
  // filter's variables; the assignees and process definitions; the total count.
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + ids[0] + "/assignee", R"({"userId":"gus"})").status, 204);
  auto hal = as("fay", "POST", "/engine-rest/filter/" + id + "/list?maxResults=2", R"({"sorting":[{"sortBy":"dueDate","sortOrder":"asc"}]})",
                {{"Accept", "application/hal+json"}});
  ASSERT_EQ(hal.status, 200) << hal.body;
  EXPECT_EQ(hal.headers["content-type"], "application/hal+json");
  json h = json::parse(hal.body);
  EXPECT_EQ(h["count"], 4);  // ids[0] is assigned now: no longer a candidate-group task
  ASSERT_EQ(h["_embedded"]["task"].size(), 2u);
  json t = h["_embedded"]["task"][0];
  EXPECT_EQ(t["id"], ids[1]);
  EXPECT_EQ(t["_links"]["self"]["href"], "/task/" + ids[1]);
  EXPECT_EQ(t["_embedded"]["identityLink"][0]["groupId"], "loans");
  EXPECT_EQ(t["_embedded"]["identityLink"][0]["type"], "candidate");
  ASSERT_EQ(t["_embedded"]["variable"].size(), 1u);
  EXPECT_EQ(t["_embedded"]["variable"][0]["name"], "amount");
  EXPECT_EQ(t["_embedded"]["variable"][0]["value"], 2000);
  ASSERT_EQ(h["_embedded"]["processDefinition"].size(), 1u);
  EXPECT_EQ(h["_embedded"]["processDefinition"][0]["key"], "fext");
  EXPECT_TRUE(h["_embedded"]["assignee"].is_array());
  // The admin's view embeds the assignee's profile and the group.
  json mine = json::parse(admin("POST", "/engine-rest/filter/dpc-filter-all-tasks/list",
                                R"({"processDefinitionKey":"fext","sorting":[{"sortBy":"dueDate","sortOrder":"asc"}]})",
                                {{"Accept", "application/hal+json"}}).body);
  EXPECT_EQ(mine["count"], 5);
  bool gus = false;
  for (const auto& a : mine["_embedded"]["assignee"]) gus = gus || a["id"] == "gus";
  EXPECT_TRUE(gus);
  EXPECT_EQ(mine["_embedded"]["task"][0]["_embedded"]["candidateGroups"][0]["id"], "loans");
}

}  // namespace
