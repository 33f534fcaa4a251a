// The Tasklist's task REST over real HTTP against a real `dpc serve`: PUT /task/{id},
// delegate/resolve with owner and delegationState, identity links, comments, attachments
// (bytes in PostgreSQL), variable filters and sorting of the task query. Each refusal (bad
// input 400, missing right 403, unknown 404) is checked to have changed nothing.
#include <nlohmann/json.hpp>

#include "tasklist_fixture.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

class TaskExtrasTest : public TasklistFixture {
 protected:
  static void SetUpTestSuite() {
    start_server("task_extras");
    create_user("clara", {"clerks"});  // a candidate of every task below
    create_user("bruno", {"clerks"});
    create_user("dora");                // may not see the tasks
    create_user("otto");                // gets TASK_ASSIGN on the definition
    deploy_task_process("extras", "clerks");
  }
};

TEST_F(TaskExtrasTest, UpdateSetsEveryPropertyAndBadInputChangesNothing) {
  std::string id = start_task("extras");
  json body = {{"name", "Check the income"}, {"description", "Payslips of 3 months"}, {"priority", 70},
               {"due", "2030-01-31T10:00:00.000+0000"}, {"followUp", "2030-01-20T08:00:00.000+0100"},
               {"owner", "bruno"}, {"assignee", "clara"}};
  auto r = admin("PUT", "/engine-rest/task/" + id, body.dump());
  ASSERT_EQ(r.status, 204) << r.body;
  json t = task(id);
  EXPECT_EQ(t["name"], "Check the income");
  EXPECT_EQ(t["description"], "Payslips of 3 months");
  EXPECT_EQ(t["priority"], 70);
  EXPECT_EQ(t["due"], "2030-01-31T10:00:00.000+0000");
  EXPECT_EQ(t["followUp"], "2030-01-20T07:00:00.000+0000");
  EXPECT_EQ(t["owner"], "bruno");
  EXPECT_EQ(t["assignee"], "clara");
  EXPECT_TRUE(t["delegationState"].is_null());
  // The history row follows.
  auto h = get_json(admin("GET", "/engine-rest/history/task?taskId=" + id));
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["owner"], "bruno");
  EXPECT_EQ(h[0]["description"], "Payslips of 3 months");

  for (const json& bad : {json{{"name", "x"}, {"priority", "high"}}, json{{"name", "x"}, {"due", "tomorrow"}},
                          json{{"name", "x"}, {"delegationState", "DONE"}}, json{{"name", 5}},
                          json{{"name", "x"}, {"parentTaskId", "other"}}}) {
    auto refused = admin("PUT", "/engine-rest/task/" + id, bad.dump());
    EXPECT_EQ(refused.status, 400) << bad.dump() << " " << refused.body;
  }
  EXPECT_EQ(task(id), t);
  EXPECT_EQ(admin("PUT", "/engine-rest/task/no-such-task", body.dump()).status, 404);
  // Absent properties are cleared, as Camunda's PUT replaces the task's properties.
  ASSERT_EQ(admin("PUT", "/engine-rest/task/" + id, json{{"name", "Only a name"}}.dump()).status, 204);
  t = task(id);
  EXPECT_EQ(t["name"], "Only a name");
  EXPECT_TRUE(t["due"].is_null());
  EXPECT_TRUE(t["owner"].is_null());
  EXPECT_EQ(t["priority"], 50);
}

TEST_F(TaskExtrasTest, UpdateAndDelegateNeedAssignRightsCandidatesMayNot) {
  std::string id = start_task("extras");
  json before = task(id);
  json body = {{"name", "Renamed"}};
  // A candidate may read and work on the task but not change or hand it over.
  EXPECT_EQ(as("clara", "GET", "/engine-rest/task/" + id).status, 200);
  for (const auto& [method, path, payload] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"PUT", "", body.dump()},
           {"POST", "/delegate", R"({"userId":"bruno"})"},
           {"POST", "/identity-links", R"({"groupId":"risk","type":"candidate"})"},
           {"POST", "/identity-links/delete", R"({"groupId":"clerks","type":"candidate"})"}}) {
    auto r = as("clara", method, "/engine-rest/task/" + id + path, payload);
    EXPECT_EQ(r.status, 403) << path << " " << r.body;
    EXPECT_EQ(json::parse(r.body).value("type", ""), "AuthorizationException");
    auto d = as("dora", method, "/engine-rest/task/" + id + path, payload);
    EXPECT_EQ(d.status, 403) << path << " " << d.body;
  }
  EXPECT_EQ(task(id), before);
  // TASK_ASSIGN on the definition key lets otto do it.
  authorize(1, "user:otto", {"TASK_ASSIGN"}, 6, "extras");
  EXPECT_EQ(as("otto", "POST", "/engine-rest/task/" + id + "/delegate", R"({"userId":"bruno"})").status, 204);
  EXPECT_EQ(task(id)["assignee"], "bruno");
  EXPECT_EQ(as("otto", "PUT", "/engine-rest/task/" + id, json{{"name", "Renamed"}, {"assignee", "bruno"}}.dump()).status, 204);
  EXPECT_EQ(task(id)["name"], "Renamed");
}

TEST_F(TaskExtrasTest, DelegateMakesItPendingResolveHandsItBack) {
  std::string id = start_task("extras");
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/assignee", R"({"userId":"clara"})").status, 204);
  EXPECT_EQ(admin("POST", "/engine-rest/task/" + id + "/delegate", R"({})").status, 400);
  EXPECT_EQ(admin("POST", "/engine-rest/task/" + id + "/delegate", R"({"userId":7})").status, 400);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/delegate", R"({"userId":"bruno"})").status, 204);
  json t = task(id);
  EXPECT_EQ(t["owner"], "clara");
  EXPECT_EQ(t["assignee"], "bruno");
  EXPECT_EQ(t["delegationState"], "PENDING");
  EXPECT_EQ(ids_of(get_json(admin("GET", "/engine-rest/task?delegationState=PENDING&processDefinitionKey=extras"))),
            std::set<std::string>{id});
  EXPECT_EQ(ids_of(get_json(admin("POST", "/engine-rest/task", R"({"owner":"clara","delegationState":"PENDING"})"))),
            std::set<std::string>{id});
  EXPECT_EQ(admin("GET", "/engine-rest/task?delegationState=LATER").status, 400);
  // A delegated task is resolved, not completed.
  auto complete = as("bruno", "POST", "/engine-rest/task/" + id + "/complete", "{}");
  EXPECT_EQ(complete.status, 400) << complete.body;
  EXPECT_EQ(task(id)["delegationState"], "PENDING");
  // The delegate (now the assignee) resolves it with a variable; bad variables change nothing.
  EXPECT_EQ(as("bruno", "POST", "/engine-rest/task/" + id + "/resolve",
               R"({"variables":{"checked":{"value":"yes","type":"Integer"}}})").status, 400);
  EXPECT_EQ(as("dora", "POST", "/engine-rest/task/" + id + "/resolve", "{}").status, 403);
  EXPECT_EQ(task(id)["delegationState"], "PENDING");
  ASSERT_EQ(as("bruno", "POST", "/engine-rest/task/" + id + "/resolve",
               R"({"variables":{"checked":{"value":true,"type":"Boolean"}}})").status, 204);
  t = task(id);
  EXPECT_EQ(t["assignee"], "clara");
  EXPECT_EQ(t["owner"], "clara");
  EXPECT_EQ(t["delegationState"], "RESOLVED");
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/task/" + id + "/variables/checked"))["value"], true);
  EXPECT_EQ(as("clara", "POST", "/engine-rest/task/" + id + "/complete", "{}").status, 204);
}

TEST_F(TaskExtrasTest, IdentityLinksAddAndRemoveCandidatesAndPeople) {
  create_user("erin");
  std::string id = start_task("extras");
  auto links = [&] { return get_json(admin("GET", "/engine-rest/task/" + id + "/identity-links")); };
  json before = links();
  for (const char* bad : {R"({"userId":"a","groupId":"b","type":"candidate"})", R"({"type":"candidate"})",
                          R"({"groupId":"risk","type":"assignee"})", R"({"userId":"erin"})",
                          R"({"userId":"erin","type":"watcher"})", R"({"userId":5,"type":"candidate"})"}) {
    auto r = admin("POST", "/engine-rest/task/" + id + "/identity-links", bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  EXPECT_EQ(links(), before);
  EXPECT_EQ(as("erin", "GET", "/engine-rest/task/count?processDefinitionKey=extras").status, 200);
  long long erin_sees = count_of(as("erin", "GET", "/engine-rest/task/count?processDefinitionKey=extras"));
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/identity-links", R"({"userId":"erin","type":"candidate"})").status, 204);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/identity-links", R"({"groupId":"risk","type":"candidate"})").status, 204);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/identity-links", R"({"userId":"bruno","type":"owner"})").status, 204);
  json t = task(id);
  EXPECT_EQ(t["owner"], "bruno");
  json all = links();
  auto has = [&](const json& list, const std::string& type, const std::string& user, const std::string& group) {
    for (const auto& l : list) {
      if (l["type"] == type && (user.empty() ? l["userId"].is_null() : l["userId"] == user) &&
          (group.empty() ? l["groupId"].is_null() : l["groupId"] == group)) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has(all, "candidate", "erin", ""));
  EXPECT_TRUE(has(all, "candidate", "", "risk"));
  EXPECT_TRUE(has(all, "candidate", "", "clerks"));
  EXPECT_TRUE(has(all, "owner", "bruno", ""));
  // The new candidate sees it now, in lists and alone.
  EXPECT_EQ(count_of(as("erin", "GET", "/engine-rest/task/count?processDefinitionKey=extras")), erin_sees + 1);
  EXPECT_EQ(as("erin", "GET", "/engine-rest/task/" + id).status, 200);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/identity-links/delete", R"({"userId":"erin","type":"candidate"})").status, 204);
  ASSERT_EQ(admin("POST", "/engine-rest/task/" + id + "/identity-links/delete", R"({"groupId":"clerks","type":"candidate"})").status, 204);
  all = links();
  EXPECT_FALSE(has(all, "candidate", "erin", ""));
  EXPECT_FALSE(has(all, "candidate", "", "clerks"));
  EXPECT_TRUE(has(all, "candidate", "", "risk"));
  EXPECT_EQ(as("erin", "GET", "/engine-rest/task/" + id).status, 403);
  EXPECT_EQ(as("clara", "GET", "/engine-rest/task/" + id).status, 403);
}

TEST_F(TaskExtrasTest, CommentsAreAddedByThoseWhoWorkOnTheTaskAndReadByThoseWhoSeeIt) {
  std::string id = start_task("extras");
  auto c = as("clara", "POST", "/engine-rest/task/" + id + "/comment/create", R"({"message":"Payslip missing"})");
  ASSERT_EQ(c.status, 200) << c.body;
  json comment = json::parse(c.body);
  EXPECT_EQ(comment["userId"], "clara");
  EXPECT_EQ(comment["taskId"], id);
  EXPECT_EQ(comment["message"], "Payslip missing");
  EXPECT_EQ(comment["processInstanceId"], task(id)["processInstanceId"]);
  EXPECT_EQ(comment["rootProcessInstanceId"], task(id)["processInstanceId"]);
  EXPECT_TRUE(comment["removalTime"].is_null());
  EXPECT_EQ(comment["time"].get<std::string>().size(), 28u);
  EXPECT_EQ(comment["links"][0]["href"], "http://127.0.0.1/engine-rest/task/" + id + "/comment/" +
                                             comment["id"].get<std::string>());
  // The web UI's shorter path does the same.
  ASSERT_EQ(as("bruno", "POST", "/engine-rest/task/" + id + "/comment", R"({"message":"Asked the customer"})").status, 200);
  json list = get_json(as("clara", "GET", "/engine-rest/task/" + id + "/comment"));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["message"], "Payslip missing");
  EXPECT_EQ(list[1]["userId"], "bruno");
  json one = get_json(admin("GET", "/engine-rest/task/" + id + "/comment/" + comment["id"].get<std::string>()));
  EXPECT_EQ(one["message"], "Payslip missing");
  EXPECT_EQ(admin("GET", "/engine-rest/task/" + id + "/comment/no-such").status, 404);
  EXPECT_EQ(admin("GET", "/engine-rest/task/no-such-task/comment").status, 404);
  // Bad input and refusals add nothing.
  for (const char* bad : {"{}", R"({"message":""})", R"({"message":42})", "not json"}) {
    EXPECT_EQ(as("clara", "POST", "/engine-rest/task/" + id + "/comment/create", bad).status, 400) << bad;
  }
  EXPECT_EQ(as("clara", "POST", "/engine-rest/task/" + id + "/comment/create",
               json{{"message", std::string(70000, 'x')}}.dump()).status, 400);
  EXPECT_EQ(as("dora", "POST", "/engine-rest/task/" + id + "/comment/create", R"({"message":"hi"})").status, 403);
  EXPECT_EQ(as("dora", "GET", "/engine-rest/task/" + id + "/comment").status, 403);
  EXPECT_EQ(as("dora", "GET", "/engine-rest/task/" + id + "/comment/" + comment["id"].get<std::string>()).status, 403);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/task/" + id + "/comment")).size(), 2u);
}

std::string multipart(const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& parts) {
  // (name, filename, content type, body)
  std::string out;
  for (const auto& [name, filename, type, body] : parts) {
    out += "--XyZbound\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!filename.empty()) out += "; filename=\"" + filename + "\"";
    out += "\r\n";
    if (!type.empty()) out += "Content-Type: " + type + "\r\n";
    out += "\r\n" + body + "\r\n";
  }
  return out + "--XyZbound--\r\n";
}

TEST_F(TaskExtrasTest, AttachmentsKeepTheirBytesInTheDatabase) {
  std::string id = start_task("extras");
  const std::map<std::string, std::string> form = {{"Content-Type", "multipart/form-data; boundary=XyZbound"}};
  std::string bytes("%PDF-1.4\0\x01\x02\xff binary", 22);
  auto created = as("clara", "POST", "/engine-rest/task/" + id + "/attachment/create",
                    multipart({{"attachment-name", "", "", "payslip.pdf"},
                               {"attachment-description", "", "", "March payslip"},
                               {"attachment-type", "", "", "application/pdf"},
                               {"content", "scan.pdf", "application/pdf", bytes}}),
                    form);
  ASSERT_EQ(created.status, 200) << created.body;
  json a = json::parse(created.body);
  std::string aid = a["id"];
  EXPECT_EQ(a["name"], "payslip.pdf");
  EXPECT_EQ(a["description"], "March payslip");
  EXPECT_EQ(a["type"], "application/pdf");
  EXPECT_EQ(a["taskId"], id);
  EXPECT_TRUE(a["url"].is_null());
  EXPECT_EQ(a["links"][0]["rel"], "self");
  auto url = as("clara", "POST", "/engine-rest/task/" + id + "/attachment/create",
                multipart({{"attachment-name", "", "", "Customer file"}, {"url", "", "", "https://dms.example.org/42"}}),
                form);
  ASSERT_EQ(url.status, 200) << url.body;
  EXPECT_EQ(json::parse(url.body)["url"], "https://dms.example.org/42");

  json list = get_json(as("bruno", "GET", "/engine-rest/task/" + id + "/attachment"));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(get_json(as("bruno", "GET", "/engine-rest/task/" + id + "/attachment/" + aid))["name"], "payslip.pdf");
  auto data = as("bruno", "GET", "/engine-rest/task/" + id + "/attachment/" + aid + "/data");
  ASSERT_EQ(data.status, 200);
  EXPECT_EQ(data.body, bytes);
  EXPECT_EQ(data.headers["content-type"], "application/pdf");
  EXPECT_NE(data.headers["content-disposition"].find("attachment; filename=\"payslip.pdf\""), std::string::npos)
      << data.headers["content-disposition"];
  std::string url_id = json::parse(url.body)["id"];
  EXPECT_EQ(admin("GET", "/engine-rest/task/" + id + "/attachment/" + url_id + "/data").status, 404);

  // Neither content nor url, not multipart, too large: refused, nothing added.
  EXPECT_EQ(as("clara", "POST", "/engine-rest/task/" + id + "/attachment/create",
               multipart({{"attachment-name", "", "", "empty"}}), form).status, 400);
  EXPECT_EQ(as("clara", "POST", "/engine-rest/task/" + id + "/attachment/create", R"({"url":"x"})").status, 415);
  auto large = as("clara", "POST", "/engine-rest/task/" + id + "/attachment/create",
                  multipart({{"content", "big.bin", "application/octet-stream", std::string(10 * 1024 * 1024 + 1, 'a')}}),
                  form);
  EXPECT_EQ(large.status, 413) << large.body;
  // Who may not see the task reads and adds nothing.
  EXPECT_EQ(as("dora", "GET", "/engine-rest/task/" + id + "/attachment").status, 403);
  EXPECT_EQ(as("dora", "GET", "/engine-rest/task/" + id + "/attachment/" + aid + "/data").status, 403);
  EXPECT_EQ(as("dora", "POST", "/engine-rest/task/" + id + "/attachment/create",
               multipart({{"url", "", "", "https://evil.example.org"}}), form).status, 403);
  EXPECT_EQ(as("dora", "DELETE", "/engine-rest/task/" + id + "/attachment/" + aid).status, 403);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/task/" + id + "/attachment")).size(), 2u);

  EXPECT_EQ(as("clara", "DELETE", "/engine-rest/task/" + id + "/attachment/" + aid).status, 204);
  EXPECT_EQ(admin("GET", "/engine-rest/task/" + id + "/attachment/" + aid).status, 404);
  EXPECT_EQ(admin("DELETE", "/engine-rest/task/" + id + "/attachment/" + aid).status, 404);
  EXPECT_EQ(get_json(admin("GET", "/engine-rest/task/" + id + "/attachment")).size(), 1u);
}

TEST_F(TaskExtrasTest, VariableFiltersBusinessKeyAndSorting) {
  deploy_task_process("varq", "clerks");
  std::vector<std::string> ids;
  const char* regions[] = {"north", "south", "northeast"};
  for (int i = 0; i < 3; ++i) {
    ids.push_back(start_task("varq",
                             {{"amount", var(100 * (i + 1) * (i + 1), "Long")},  // 100, 400, 900
                              {"rate", var(0.5 * (i + 1), "Double")},
                              {"region", var(regions[i], "String")},
                              {"vip", var(i == 1, "Boolean")}},
                             "LOAN-" + std::to_string(i)));
  }
  ASSERT_EQ(admin("PUT", "/engine-rest/task/" + ids[0] + "/localVariables/note",
                  json{{"value", "urgent"}, {"type", "String"}}.dump()).status, 204);
  auto ids_get = [&](const std::string& q) {
    return ids_of(get_json(as("clara", "GET", "/engine-rest/task?processDefinitionKey=varq&" + q)));
  };
  using S = std::set<std::string>;
  EXPECT_EQ(ids_get("processVariables=amount_gt_100"), (S{ids[1], ids[2]}));
  EXPECT_EQ(ids_get("processVariables=amount_gteq_400,amount_lt_900"), (S{ids[1]}));
  EXPECT_EQ(ids_get("processVariables=amount_eq_100"), (S{ids[0]}));
  EXPECT_EQ(ids_get("processVariables=amount_neq_100"), (S{ids[1], ids[2]}));
  EXPECT_EQ(ids_get("processVariables=amount_lteq_400"), (S{ids[0], ids[1]}));
  EXPECT_EQ(ids_get("processVariables=rate_gt_1.0"), (S{ids[2]}));
  EXPECT_EQ(ids_get("processVariables=region_eq_north"), (S{ids[0]}));
  EXPECT_EQ(ids_get("processVariables=region_like_north%25"), (S{ids[0], ids[2]}));
  EXPECT_EQ(ids_get("processVariables=vip_eq_true"), (S{ids[1]}));
  EXPECT_EQ(ids_get("taskVariables=note_eq_urgent"), (S{ids[0]}));
  EXPECT_EQ(ids_get("processVariables=note_eq_urgent"), S{});  // task-local, not a process variable
  EXPECT_EQ(ids_get("processInstanceBusinessKeyLike=LOAN-%25"), (S{ids[0], ids[1], ids[2]}));
  EXPECT_EQ(ids_get("processInstanceBusinessKeyLike=%25-2"), (S{ids[2]}));
  json post = {{"processDefinitionKey", "varq"},
               {"processVariables", {{{"name", "amount"}, {"operator", "gteq"}, {"value", 400}},
                                     {{"name", "region"}, {"operator", "like"}, {"value", "north%"}}}}};
  EXPECT_EQ(ids_of(get_json(as("clara", "POST", "/engine-rest/task", post.dump()))), (S{ids[2]}));
  EXPECT_EQ(count_of(as("clara", "POST", "/engine-rest/task/count", post.dump())), 1);
  // dora sees none of them, whatever the filter.
  EXPECT_EQ(count_of(as("dora", "POST", "/engine-rest/task/count", post.dump())), 0);
  for (const char* bad : {"processVariables=amount_between_1", "processVariables=amount", "taskVariables=a_eq"}) {
    auto r = admin("GET", std::string("/engine-rest/task?") + bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  json bad_post = {{"processVariables", {{{"name", "amount"}, {"operator", "almost"}, {"value", 1}}}}};
  EXPECT_EQ(admin("POST", "/engine-rest/task", bad_post.dump()).status, 400);
  bad_post = {{"processVariables", {{{"operator", "eq"}, {"value", 1}}}}};
  EXPECT_EQ(admin("POST", "/engine-rest/task", bad_post.dump()).status, 400);

  // Sorting by due date, follow-up date, priority and name.
  const char* dues[] = {"2030-03-01T00:00:00.000+0000", "2030-01-01T00:00:00.000+0000", "2030-02-01T00:00:00.000+0000"};
  for (int i = 0; i < 3; ++i) {
    json body = {{"name", std::string(1, static_cast<char>('c' - i))}, {"due", dues[i]}, {"followUp", dues[2 - i]},
                 {"priority", 10 * (i + 1)}};
    ASSERT_EQ(admin("PUT", "/engine-rest/task/" + ids[i], body.dump()).status, 204);
  }
  auto order = [&](const std::string& sort) {
    std::vector<std::string> out;
    for (const auto& t : get_json(admin("GET", "/engine-rest/task?processDefinitionKey=varq&" + sort))) {
      out.push_back(t["id"]);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(order("sortBy=dueDate&sortOrder=asc"), (V{ids[1], ids[2], ids[0]}));
  EXPECT_EQ(order("sortBy=dueDate&sortOrder=desc"), (V{ids[0], ids[2], ids[1]}));
  EXPECT_EQ(order("sortBy=followUpDate&sortOrder=asc"), (V{ids[1], ids[0], ids[2]}));
  EXPECT_EQ(order("sortBy=priority&sortOrder=desc"), (V{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(order("sortBy=name&sortOrder=asc"), (V{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(order("sortBy=created&sortOrder=asc"), (V{ids[0], ids[1], ids[2]}));
  EXPECT_EQ(order("sortBy=dueDate&sortOrder=asc&processVariables=amount_gt_100&maxResults=1"), (V{ids[1]}));
}

}  // namespace
