// The dashboard's REST (/api/analytics/...) against a real server and PostgreSQL: a
// generator runs instances of a loan-review process along known paths, with known waits
// (the test clock, POST /api/test/clock), and the funnel, heatmap, bottleneck and KPI answers
// are checked number by number against what was generated, including instances still
// running, cancelled ones and a loop. Durations are checked to lie within a few seconds of
// the generated wait (the wall clock keeps running between requests and clock moves). Bad input: 400
// naming the field, and READ_HISTORY enforced.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "analytics_recount.h"
#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

namespace dpc::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// start -> review -> gw: approve -> approve task -> endApproved; reject -> endRejected;
// rework -> rework task -> back to review (the loop).
const char* kProcess = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="t">
  <process id="loan-review" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="fStart" sourceRef="start" targetRef="review"/>
    <userTask id="review"/>
    <sequenceFlow id="fReviewed" sourceRef="review" targetRef="gw"/>
    <exclusiveGateway id="gw"/>
    <sequenceFlow id="fApprove" sourceRef="gw" targetRef="approve">
      <conditionExpression>${decision == 'approve'}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="fReject" sourceRef="gw" targetRef="endRejected">
      <conditionExpression>${decision == 'reject'}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="fRework" sourceRef="gw" targetRef="rework">
      <conditionExpression>${decision == 'rework'}</conditionExpression>
    </sequenceFlow>
    <userTask id="rework"/>
    <sequenceFlow id="fBack" sourceRef="rework" targetRef="review"/>
    <userTask id="approve"/>
    <sequenceFlow id="fApproved" sourceRef="approve" targetRef="endApproved"/>
    <endEvent id="endApproved"/>
    <endEvent id="endRejected"/>
  </process>
</definitions>)";

constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kSlack = 10 * 1000;  // wall-clock time between requests

// Day 1 starts at 00:30 UTC of a fixed day; day 2 is 24 hours later.
constexpr std::int64_t kDay1 = 1898296200000;  // 2030-02-26T00:30:00Z
constexpr std::int64_t kDay = 24 * kHour;

class AnalyticsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string log = "/tmp/dpc-analytics-" + std::to_string(getpid()) + ".log";
    database_url_ = create_test_database("analytics");
    server_ = new ServerProcess({"serve", "--no-access-log", "--test-clock"},
                                {{"DPC_DATABASE_URL", database_url_},
                                 {"DPC_PORT", std::to_string(port_)},
                                 {"DPC_SAMPLES_DIR", "/nonexistent"}},
                                "", log);
    ASSERT_TRUE(server_->wait_for_health(port_, 30s)) << server_->log();
    auto d = deploy_resource(port_, "loan-review", "loan-review.bpmn", kProcess);
    ASSERT_EQ(d.status, 200) << d.body;
    generate();
  }
  static void TearDownTestSuite() {
    server_->signal(SIGTERM);
    server_->wait_exit(20s);
    delete server_;
  }

  static json call(const std::string& method, const std::string& path, const json& body = nullptr,
                   int expect = 200, const std::map<std::string, std::string>& headers = {}) {
    auto h = headers;
    h["Content-Type"] = "application/json";
    auto r = http_request(port_, method, path, body.is_null() ? "" : body.dump(), h);
    EXPECT_EQ(r.status, expect) << method << " " << path << " " << body << " -> " << r.body;
    if (r.body.empty()) return nullptr;
    return json::parse(r.body, nullptr, false);
  }
  // Moves the engine clock to `at`.
  static void clock_at(std::int64_t at) {
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    call("POST", "/api/test/clock", {{"offsetMillis", at - now}, {"waitMillis", 0}});
  }
  static std::string start(const std::string& channel, long long amount, const std::string& business_key) {
    json r = call("POST", "/engine-rest/process-definition/key/loan-review/start",
                  {{"businessKey", business_key},
                   {"variables", {{"channel", {{"value", channel}, {"type", "String"}}},
                                  {"amount", {{"value", amount}, {"type", "Long"}}}}}});
    return r.value("id", "");
  }
  // Completes the instance's one open task (which must be `task`) with `decision`.
  static void complete(const std::string& instance, const std::string& task, const std::string& decision = "") {
    json tasks = call("GET", "/engine-rest/task?processInstanceId=" + instance);
    ASSERT_EQ(tasks.size(), 1u) << tasks;
    ASSERT_EQ(tasks[0]["taskDefinitionKey"], task);
    json vars = json::object();
    if (!decision.empty()) vars["decision"] = {{"value", decision}, {"type", "String"}};
    call("POST", "/engine-rest/task/" + tasks[0]["id"].get<std::string>() + "/complete", {{"variables", vars}}, 204);
  }
  static void cancel(const std::string& instance) {
    call("DELETE", "/engine-rest/process-instance/" + instance, nullptr, 204);
  }

  // The generated story. Day 1 (10 instances, all started at kDay1):
  //   A1-A3 (web, 1000 each): review 1h -> approve; approve task 2.5h -> endApproved
  //   B1-B2 (branch, 200 each): review 1h -> reject -> endRejected
  //   C (web, 5000): review 1h -> rework; rework 0.5h; review again 1h -> approve; approve 1h
  //   D (branch, 300): still in review;  E (web, 400): review 1h -> approve, still in approve
  //   F (branch, 600): cancelled in review;  G (web, 700): review 1h -> approve, cancelled there
  // Day 2 (3 instances, started at kDay1 + 24h):
  //   H1-H2 (branch, 2000 each): review 1h -> approve; approve 2h;  I (branch, 100): review 1h -> reject
  static void generate() {
    clock_at(kDay1);
    std::map<std::string, std::string> id;
    const std::vector<std::tuple<std::string, std::string, long long>> day1 = {
        {"A1", "web", 1000}, {"A2", "web", 1000},   {"A3", "web", 1000}, {"B1", "branch", 200},
        {"B2", "branch", 200}, {"C", "web", 5000},  {"D", "branch", 300}, {"E", "web", 400},
        {"F", "branch", 600}, {"G", "web", 700}};
    for (const auto& [name, channel, amount] : day1) id[name] = start(channel, amount, name);
    clock_at(kDay1 + kHour);
    for (auto n : {"A1", "A2", "A3", "E", "G"}) complete(id[n], "review", "approve");
    for (auto n : {"B1", "B2"}) complete(id[n], "review", "reject");
    complete(id["C"], "review", "rework");
    clock_at(kDay1 + kHour + kHour / 2);
    complete(id["C"], "rework");
    clock_at(kDay1 + 2 * kHour + kHour / 2);
    complete(id["C"], "review", "approve");
    clock_at(kDay1 + 3 * kHour + kHour / 2);
    for (auto n : {"A1", "A2", "A3", "C"}) complete(id[n], "approve");
    cancel(id["F"]);
    cancel(id["G"]);
    clock_at(kDay1 + kDay);
    const std::vector<std::tuple<std::string, std::string, long long>> day2 = {
        {"H1", "branch", 2000}, {"H2", "branch", 2000}, {"I", "branch", 100}};
    for (const auto& [name, channel, amount] : day2) id[name] = start(channel, amount, name);
    clock_at(kDay1 + kDay + kHour);
    for (auto n : {"H1", "H2"}) complete(id[n], "review", "approve");
    complete(id["I"], "review", "reject");
    clock_at(kDay1 + kDay + 3 * kHour);
    for (auto n : {"H1", "H2"}) complete(id[n], "approve");
    clock_at(kDay1 + kDay + 4 * kHour);  // "now" for the bottlenecks
  }

  static json funnel(const std::vector<std::string>& steps, const json& extra = json::object()) {
    json body = {{"processDefinitionKey", "loan-review"}, {"steps", steps}};
    body.update(extra);
    return call("POST", "/api/analytics/funnel", body);
  }
  static void expect_duration(const json& value, std::int64_t generated, const std::string& what) {
    ASSERT_TRUE(value.is_number_integer()) << what << ": " << value;
    EXPECT_GE(value.get<std::int64_t>(), generated - kSlack) << what;
    EXPECT_LE(value.get<std::int64_t>(), generated + kSlack) << what;
  }
  static void expect_step(const json& s, const std::string& id, long long reached, long long drop_off,
                          double from_previous, double from_start) {
    EXPECT_EQ(s["id"], id);
    EXPECT_EQ(s["reached"], reached) << id;
    EXPECT_EQ(s["dropOff"], drop_off) << id;
    EXPECT_DOUBLE_EQ(s["conversionFromPrevious"].get<double>(), from_previous) << id;
    EXPECT_DOUBLE_EQ(s["conversionFromStart"].get<double>(), from_start) << id;
  }

  static int port_;
  static std::string database_url_;
  static ServerProcess* server_;
};

int AnalyticsTest::port_ = 0;
std::string AnalyticsTest::database_url_;
ServerProcess* AnalyticsTest::server_ = nullptr;

TEST_F(AnalyticsTest, FunnelCountsRunningCancelledAndLoopedInstancesUpToWhereTheyGot) {
  json f = funnel({"review", "approve", "endApproved"});
  // All 13 reached review (D waits there, F was cancelled there); approve: A1-3, C, E, G, H1-2
  // = 8; endApproved: A1-3, C, H1-2 = 6.
  EXPECT_EQ(f["started"], 13);
  ASSERT_EQ(f["steps"].size(), 3u);
  expect_step(f["steps"][0], "review", 13, 0, 1.0, 1.0);
  expect_step(f["steps"][1], "approve", 8, 5, 8.0 / 13, 8.0 / 13);
  expect_step(f["steps"][2], "endApproved", 6, 2, 6.0 / 8, 6.0 / 13);
  // review follows the start at once. review -> approve: 1h for seven, 2.5h for C (from its
  // first review): median rank 4 of 8 = 1h, p90 rank 8 = 2.5h. approve -> end: C 1h, H 2h,
  // 2h, A 2.5h x3: median rank 3 of 6 = 2h, p90 rank 6 = 2.5h.
  expect_duration(f["steps"][0]["medianMillisFromPrevious"], 0, "start->review median");
  expect_duration(f["steps"][1]["medianMillisFromPrevious"], kHour, "review->approve median");
  expect_duration(f["steps"][1]["p90MillisFromPrevious"], 5 * kHour / 2, "review->approve p90");
  expect_duration(f["steps"][2]["medianMillisFromPrevious"], 2 * kHour, "approve->end median");
  expect_duration(f["steps"][2]["p90MillisFromPrevious"], 5 * kHour / 2, "approve->end p90");
}

TEST_F(AnalyticsTest, AStepPassedTwiceCountsOnceAndLoopsCanBeFunnelSteps) {
  json once = funnel({"review"});
  EXPECT_EQ(once["steps"][0]["reached"], 13);  // C passed review twice: still one instance
  // Only C went review -> rework -> review -> approve.
  json loop = funnel({"review", "rework", "review", "approve"});
  EXPECT_EQ(loop["steps"][1]["reached"], 1);
  EXPECT_EQ(loop["steps"][2]["reached"], 1);
  EXPECT_EQ(loop["steps"][3]["reached"], 1);
  expect_duration(loop["steps"][1]["medianMillisFromPrevious"], kHour, "review->rework");
  expect_duration(loop["steps"][2]["medianMillisFromPrevious"], kHour / 2, "rework->review");
  expect_duration(loop["steps"][3]["medianMillisFromPrevious"], kHour, "review->approve");
  // Steps in an order no instance took: approve never comes before rework.
  json reversed = funnel({"approve", "rework"});
  EXPECT_EQ(reversed["steps"][0]["reached"], 8);
  EXPECT_EQ(reversed["steps"][1]["reached"], 0);
  EXPECT_TRUE(reversed["steps"][1]["medianMillisFromPrevious"].is_null());
}

TEST_F(AnalyticsTest, FunnelSaysHowItWasAnswered) {
  // Straight paths: the step table settles every instance.
  json f = funnel({"review", "approve", "endApproved"});
  EXPECT_EQ(f["source"], "instanceSteps");
  EXPECT_EQ(f["instancesReadFromLog"], 0);
  // review, rework, review: only C's second review is after its rework, and first/last
  // occurrences cannot tell which review that is: C alone is read from the raw log.
  json loop = funnel({"review", "rework", "review", "approve"});
  EXPECT_EQ(loop["instancesReadFromLog"], 1);
  json grouped = funnel({"review", "rework", "review"}, {{"groupBy", "channel"}});
  EXPECT_EQ(grouped["instancesReadFromLog"], 1);
  EXPECT_EQ(grouped["groups"][1]["value"], "web");
  EXPECT_EQ(grouped["groups"][1]["steps"][2]["reached"], 1);  // C, from the log, in its group
}

TEST_F(AnalyticsTest, FunnelWithoutDurationsComesFromTheDailyAggregatesWhenTheModelAllowsIt) {
  // review -> approve -> endApproved: each only reachable through the one before, the range
  // whole days: the daily aggregates' counts, equal to the per-instance answer's.
  const json no_durations = {{"durations", false}};
  json agg = funnel({"review", "approve", "endApproved"}, no_durations);
  json exact = funnel({"review", "approve", "endApproved"});
  EXPECT_EQ(agg["source"], "aggregates");
  EXPECT_EQ(exact["source"], "instanceSteps");
  EXPECT_EQ(agg["started"], 13);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(agg["steps"][k]["reached"], exact["steps"][k]["reached"]) << k;
    EXPECT_EQ(agg["steps"][k]["dropOff"], exact["steps"][k]["dropOff"]) << k;
    EXPECT_EQ(agg["steps"][k]["conversionFromStart"], exact["steps"][k]["conversionFromStart"]) << k;
    EXPECT_TRUE(agg["steps"][k]["medianMillisFromPrevious"].is_null()) << k;
  }
  json day1 = funnel({"review", "fApprove", "approve", "endApproved"},
                     {{"durations", false}, {"from", "2030-02-26T00:00:00Z"}, {"to", "2030-02-26T23:59:59.999Z"}});
  EXPECT_EQ(day1["source"], "aggregates");
  EXPECT_EQ(day1["started"], 10);
  EXPECT_EQ(day1["steps"][1]["reached"], 6);  // A1-3, C, E, G took fApprove
  EXPECT_EQ(day1["steps"][3]["reached"], 4);  // A1-3, C
  // Otherwise per instance: approve does not lead to rework; a range not of whole days; a
  // breakdown; a step twice.
  json reversed = funnel({"approve", "rework"}, no_durations);
  EXPECT_EQ(reversed["source"], "instanceSteps");
  EXPECT_EQ(reversed["steps"][1]["reached"], 0);
  json part = funnel({"review", "approve"}, {{"durations", false}, {"from", "2030-02-26T00:10:00Z"}});
  EXPECT_EQ(part["source"], "instanceSteps");
  EXPECT_EQ(funnel({"review", "approve"}, {{"durations", false}, {"groupBy", "channel"}})["source"], "instanceSteps");
  EXPECT_EQ(funnel({"review", "rework", "review"}, no_durations)["source"], "instanceSteps");
}

TEST_F(AnalyticsTest, AggregatesEqualARecountFromTheRawLog) {
  pqxx::connection db(database_url_);
  auto daily = analytics_daily_aggregates(db, "loan-review");
  ASSERT_GE(daily.size(), 10u);
  EXPECT_EQ(daily, analytics_daily_recount(db, "loan-review"));
  EXPECT_EQ(analytics_histogram_aggregates(db, "loan-review"), analytics_histogram_recount(db, "loan-review"));
  EXPECT_EQ(analytics_step_rows(db, "loan-review"), analytics_step_recount(db, "loan-review"));
  // The generated story, number by number (day 1 = 2030-02-26): review reached by 10
  // instances, 11 times (C twice); 9 reviews ended (A1-3, B1-2, C twice, E, G), F's was
  // cancelled, D's still open. Per element and day: version|id|day|reached|occurrences|ended|canceled|sum.
  const std::string day1 = std::to_string(kDay1 - kDay1 % kDay);
  std::map<std::string, std::vector<std::string>> by_element;
  for (const auto& line : daily) {
    std::vector<std::string> f;
    for (std::size_t a = 0, b; a <= line.size(); a = b + 1) {
      b = line.find('|', a);
      if (b == std::string::npos) b = line.size();
      f.push_back(line.substr(a, b - a));
    }
    if (f[2] == day1) by_element[f[1]] = f;
  }
  ASSERT_EQ(by_element.count("review"), 1u) << ::testing::PrintToString(daily);
  EXPECT_EQ(by_element["review"][3], "10");
  EXPECT_EQ(by_element["review"][4], "11");
  EXPECT_EQ(by_element["review"][5], "9");
  EXPECT_EQ(by_element["review"][6], "1");
  expect_duration(std::stoll(by_element["review"][7]) / 9, kHour, "review mean on day 1");
  EXPECT_EQ(by_element["fRework"][3], "1");
  EXPECT_EQ(by_element["approve"][6], "1");  // G cancelled there
  // Folding leaves one row per key and changes no sum; folding again finds nothing new.
  // (An aggregate funnel asked before may have folded already.)
  {
    pqxx::work tx(db);
    tx.exec("SELECT analytics_fold()");
    tx.commit();
  }
  EXPECT_EQ(analytics_daily_aggregates(db, "loan-review"), daily);
  EXPECT_EQ(analytics_histogram_aggregates(db, "loan-review"), analytics_histogram_recount(db, "loan-review"));
  pqxx::work tx(db);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM analytics_daily WHERE definition_key = 'loan-review' AND NOT folded")[0][0]
                .as<long long>(), 0);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM (SELECT 1 FROM analytics_daily WHERE definition_key = 'loan-review' "
                    "GROUP BY definition_version, element_id, day, bucket HAVING count(*) > 1) x")[0][0]
                .as<long long>(), 0);
  EXPECT_EQ(tx.exec("SELECT analytics_fold()")[0][0].as<long long>(), 0);
}

TEST_F(AnalyticsTest, AnalyticsDatabaseUrlServesTheReadsFromThatDatabase) {
  // A second database with the schema and no instances stands for a replica that has not
  // caught up: a node reading the dashboard from it answers from it, the other from the main.
  const std::string other = create_test_database("analytics_reads");
  ServerProcess migrate({"migrate"}, {{"DPC_DATABASE_URL", other}}, "", "/tmp/dpc-analytics-migrate.log");
  ASSERT_EQ(migrate.wait_exit(60s), 0) << migrate.log();
  const int port = free_port();
  ServerProcess reader({"serve", "--no-access-log"},
                       {{"DPC_DATABASE_URL", database_url_}, {"DPC_ANALYTICS_DATABASE_URL", other},
                        {"DPC_PORT", std::to_string(port)}, {"DPC_SAMPLES_DIR", "/nonexistent"}},
                       "", "/tmp/dpc-analytics-reader-" + std::to_string(getpid()) + ".log");
  ASSERT_TRUE(reader.wait_for_health(port, 30s)) << reader.log();
  const json body = {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}}};
  auto r = http_request(port, "POST", "/api/analytics/funnel", body.dump(), {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["started"], 0);
  json agg = body;
  agg["durations"] = false;
  r = http_request(port, "POST", "/api/analytics/funnel", agg.dump(), {{"Content-Type", "application/json"}});
  EXPECT_EQ(json::parse(r.body)["started"], 0);
  r = http_request(port, "GET", "/api/analytics/heatmap?processDefinitionKey=loan-review");
  EXPECT_EQ(json::parse(r.body)["instances"], 0);
  EXPECT_EQ(funnel({"review"})["started"], 13);  // the node without the setting
  reader.signal(SIGTERM);
  reader.wait_exit(20s);
}

TEST_F(AnalyticsTest, TwoPeriodsSideBySide) {
  // Day 2 beside day 1, as "this month beside last month" would be.
  json f = funnel({"review", "approve", "endApproved"},
                  {{"from", "2030-02-27T00:00:00Z"}, {"to", "2030-02-27T23:59:59.999Z"},
                   {"compareFrom", "2030-02-26T00:00:00Z"}, {"compareTo", "2030-02-26T23:59:59.999Z"}});
  EXPECT_EQ(f["started"], 3);
  EXPECT_EQ(f["steps"][2]["reached"], 2);  // H1, H2
  EXPECT_EQ(f["comparison"]["started"], 10);
  EXPECT_EQ(f["comparison"]["steps"][1]["reached"], 6);
  EXPECT_EQ(f["comparison"]["steps"][2]["reached"], 4);
  EXPECT_EQ(f["comparison"]["from"], "2030-02-26T00:00:00.000+0000");
  json k = call("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&interval=day&sumVariable=amount"
                       "&from=2030-02-27T00:00:00Z&to=2030-02-27T23:59:59.999Z"
                       "&compareFrom=2030-02-26T00:00:00Z&compareTo=2030-02-26T23:59:59.999Z");
  EXPECT_EQ(k["totals"]["started"], 3);
  EXPECT_EQ(k["totals"]["completed"], 3);
  EXPECT_DOUBLE_EQ(k["totals"]["sum"].get<double>(), 4100);
  EXPECT_EQ(k["comparison"]["totals"]["started"], 10);
  EXPECT_EQ(k["comparison"]["totals"]["completed"], 6);
  EXPECT_DOUBLE_EQ(k["comparison"]["totals"]["conversion"].get<double>(), 0.6);
  ASSERT_EQ(k["comparison"]["buckets"].size(), 1u);
  EXPECT_EQ(k["comparison"]["buckets"][0]["start"], "2030-02-26T00:00:00.000+0000");
}

TEST_F(AnalyticsTest, SequenceFlowsAreStepsCountedExactly) {
  json f = funnel({"fReviewed", "fReject"});
  // Reviews completed by the instances: all but D (waiting) and F (cancelled) = 11; rejected: B1, B2, I.
  EXPECT_EQ(f["steps"][0]["reached"], 11);
  EXPECT_EQ(f["steps"][1]["reached"], 3);
}

TEST_F(AnalyticsTest, DateRangeSelectsInstancesByStart) {
  json day1 = funnel({"review", "approve", "endApproved"},
                     {{"from", "2030-02-26T00:00:00Z"}, {"to", "2030-02-26T23:59:59.999Z"}});
  EXPECT_EQ(day1["started"], 10);
  EXPECT_EQ(day1["steps"][1]["reached"], 6);  // A1-3, C, E, G
  EXPECT_EQ(day1["steps"][2]["reached"], 4);  // A1-3, C
  json day2 = funnel({"review", "approve", "endApproved"}, {{"from", "2030-02-27T00:00:00.000+0000"}});
  EXPECT_EQ(day2["started"], 3);
  EXPECT_EQ(day2["steps"][2]["reached"], 2);
  json none = funnel({"review"}, {{"from", "2031-01-01T00:00:00Z"}});
  EXPECT_EQ(none["started"], 0);
  EXPECT_EQ(none["steps"][0]["reached"], 0);
  EXPECT_TRUE(none["steps"][0]["conversionFromStart"].is_null());
  json v1 = funnel({"review"}, {{"version", 1}});
  EXPECT_EQ(v1["started"], 13);
}

TEST_F(AnalyticsTest, FunnelBrokenDownByAVariableAndByBusinessKey) {
  json f = funnel({"review", "approve", "endApproved"}, {{"groupBy", "channel"}});
  EXPECT_EQ(f["started"], 13);
  ASSERT_EQ(f["groups"].size(), 2u) << f;
  // branch: B1, B2, D, F, H1, H2, I = 7 (largest first); approve H1-2; end H1-2.
  EXPECT_EQ(f["groups"][0]["value"], "branch");
  EXPECT_EQ(f["groups"][0]["started"], 7);
  EXPECT_EQ(f["groups"][0]["steps"][1]["reached"], 2);
  EXPECT_EQ(f["groups"][0]["steps"][2]["reached"], 2);
  // web: A1-3, C, E, G = 6; approve all 6; end A1-3, C.
  EXPECT_EQ(f["groups"][1]["value"], "web");
  EXPECT_EQ(f["groups"][1]["started"], 6);
  EXPECT_EQ(f["groups"][1]["steps"][1]["reached"], 6);
  EXPECT_EQ(f["groups"][1]["steps"][2]["reached"], 4);
  json bk = funnel({"endApproved"}, {{"groupBy", "businessKey"}});
  ASSERT_EQ(bk["groups"].size(), 13u);
  std::map<std::string, long long> reached;
  for (const auto& g : bk["groups"]) reached[g["value"]] = g["steps"][0]["reached"];
  EXPECT_EQ(reached["A1"], 1);
  EXPECT_EQ(reached["C"], 1);
  EXPECT_EQ(reached["E"], 0);
  EXPECT_EQ(reached["B1"], 0);
}

TEST_F(AnalyticsTest, HeatmapCountsActivitiesFlowsAndWaitingWork) {
  json h = call("GET", "/api/analytics/heatmap?processDefinitionKey=loan-review");
  EXPECT_EQ(h["instances"], 13);
  std::map<std::string, json> act, flow;
  for (const auto& a : h["activities"]) act[a["id"]] = a;
  for (const auto& f : h["flows"]) flow[f["id"]] = f["taken"];
  // review: 13 + C's second = 14 started; D waits, F cancelled: 12 completed, each in 1h.
  EXPECT_EQ(act["review"]["count"], 14);
  EXPECT_EQ(act["review"]["completed"], 12);
  EXPECT_EQ(act["review"]["waiting"], 1);
  expect_duration(act["review"]["medianMillis"], kHour, "review median");
  expect_duration(act["review"]["p90Millis"], kHour, "review p90");
  // approve: A1-3, C, E, G, H1-2 = 8; completed A1-3 (2.5h), C (1h), H1-2 (2h); E waits.
  EXPECT_EQ(act["approve"]["count"], 8);
  EXPECT_EQ(act["approve"]["completed"], 6);
  EXPECT_EQ(act["approve"]["waiting"], 1);
  expect_duration(act["approve"]["medianMillis"], 2 * kHour, "approve median");
  expect_duration(act["approve"]["p90Millis"], 5 * kHour / 2, "approve p90");
  expect_duration(act["approve"]["avgMillis"], 25 * kHour / 12, "approve average");  // 12.5 h / 6
  expect_duration(act["review"]["avgMillis"], kHour, "review average");
  EXPECT_EQ(act["rework"]["count"], 1);
  expect_duration(act["rework"]["medianMillis"], kHour / 2, "rework median");
  EXPECT_EQ(act["endApproved"]["count"], 6);
  EXPECT_EQ(act["endRejected"]["count"], 3);
  EXPECT_EQ(flow["fStart"], 13);
  EXPECT_EQ(flow["fReviewed"], 12);
  EXPECT_EQ(flow["fApprove"], 8);
  EXPECT_EQ(flow["fReject"], 3);
  EXPECT_EQ(flow["fRework"], 1);
  EXPECT_EQ(flow["fBack"], 1);
  EXPECT_EQ(flow["fApproved"], 6);
  // Bottlenecks: review (D since day 1 00:30, now day 2 04:30 = 28h) before approve (E since
  // day 1 01:30 = 27h); both one waiting.
  json b = call("GET", "/api/analytics/bottlenecks?processDefinitionKey=loan-review");
  ASSERT_EQ(b.size(), 2u) << b;
  EXPECT_EQ(b[0]["activityId"], "review");
  EXPECT_EQ(b[0]["waiting"], 1);
  EXPECT_GE(b[0]["oldestWaitMillis"].get<std::int64_t>(), 28 * kHour - kSlack);
  EXPECT_LE(b[0]["oldestWaitMillis"].get<std::int64_t>(), 28 * kHour + kSlack);
  EXPECT_EQ(b[1]["activityId"], "approve");
  ASSERT_EQ(h["bottlenecks"].size(), 2u);
  EXPECT_EQ(h["bottlenecks"][0]["activityId"], "review");
  // Day 2 only: H1, H2, I; nothing waits.
  json d2 = call("GET", "/api/analytics/heatmap?processDefinitionKey=loan-review&from=2030-02-27T00:00:00Z");
  EXPECT_EQ(d2["instances"], 3);
  EXPECT_TRUE(d2["bottlenecks"].empty());
}

TEST_F(AnalyticsTest, KpisPerDayAndChannel) {
  json k = call("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&interval=day&sumVariable=amount");
  ASSERT_EQ(k["buckets"].size(), 2u) << k;
  const json& d1 = k["buckets"][0];
  EXPECT_EQ(d1["start"], "2030-02-26T00:00:00.000+0000");
  EXPECT_EQ(d1["started"], 10);
  EXPECT_EQ(d1["completed"], 6);  // A1-3, B1-2, C
  EXPECT_DOUBLE_EQ(d1["conversion"].get<double>(), 0.6);
  // Lead times: B 1h x2, A 3.5h x3, C 3.5h: median rank 3 of 6 = 3.5h.
  expect_duration(d1["leadTimeMedianMillis"], 7 * kHour / 2, "day 1 lead time");
  EXPECT_DOUBLE_EQ(d1["sum"].get<double>(), 3000 + 400 + 5000 + 300 + 400 + 600 + 700);
  const json& d2 = k["buckets"][1];
  EXPECT_EQ(d2["start"], "2030-02-27T00:00:00.000+0000");
  EXPECT_EQ(d2["started"], 3);
  EXPECT_EQ(d2["completed"], 3);
  expect_duration(d2["leadTimeMedianMillis"], 3 * kHour, "day 2 lead time");  // I 1h, H 3h x2
  EXPECT_DOUBLE_EQ(d2["sum"].get<double>(), 4100);
  // 2030-02-25 is a Monday: one week; the month of February.
  json w = call("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&interval=week");
  ASSERT_EQ(w["buckets"].size(), 1u);
  EXPECT_EQ(w["buckets"][0]["start"], "2030-02-25T00:00:00.000+0000");
  EXPECT_EQ(w["buckets"][0]["started"], 13);
  json m = call("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&interval=month&groupBy=channel");
  ASSERT_EQ(m["buckets"].size(), 2u) << m;
  EXPECT_EQ(m["buckets"][0]["group"], "branch");
  EXPECT_EQ(m["buckets"][0]["started"], 7);
  EXPECT_EQ(m["buckets"][0]["completed"], 5);  // B1-2, H1-2, I
  EXPECT_EQ(m["buckets"][1]["group"], "web");
  EXPECT_EQ(m["buckets"][1]["completed"], 4);  // A1-3, C
}

TEST_F(AnalyticsTest, BadInputIs400NamingTheField) {
  auto expect_400 = [](const std::string& method, const std::string& path, const json& body,
                       const std::string& field) {
    json r = call(method, path, body, 400);
    ASSERT_TRUE(r.is_object()) << path;
    EXPECT_NE(r.value("message", "").find(field), std::string::npos) << r;
  };
  const std::string fp = "/api/analytics/funnel";
  expect_400("POST", fp, {{"steps", {"review"}}}, "processDefinitionKey");
  expect_400("POST", fp, {{"processDefinitionKey", "no-such-process"}, {"steps", {"review"}}}, "processDefinitionKey");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {"review", "nope"}}}, "nope");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", json::array()}}, "steps");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}}, "steps");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {1}}}, "steps");
  expect_400("POST", fp,
             {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}},
              {"from", "2030-03-01T00:00:00Z"}, {"to", "2030-02-01T00:00:00Z"}},
             "from");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}}, {"to", "yesterday"}}, "to");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}}, {"version", 7}}, "version");
  expect_400("POST", fp, {{"processDefinitionKey", 5}, {"steps", {"review"}}}, "processDefinitionKey");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}}, {"durations", "no"}},
             "durations");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}},
                          {"compareFrom", "2030-01-01T00:00:00Z"}}, "compareTo");
  expect_400("POST", fp, {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}},
                          {"compareFrom", "2030-01-01T00:00:00Z"}, {"compareTo", "soon"}}, "compareTo");
  expect_400("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&compareFrom=2030-02-01T00:00:00Z"
                    "&compareTo=2030-01-01T00:00:00Z", nullptr, "compareFrom");
  expect_400("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&compareTo=2030-02-01T00:00:00Z",
             nullptr, "compareFrom");
  expect_400("GET", "/api/analytics/heatmap", nullptr, "processDefinitionKey");
  expect_400("GET", "/api/analytics/heatmap?processDefinitionKey=loan-review&from=2030-03-01T00:00:00Z&to=2030-02-01T00:00:00Z",
             nullptr, "from");
  expect_400("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&interval=year", nullptr, "interval");
  expect_400("GET", "/api/analytics/kpis?processDefinitionKey=loan-review&version=x", nullptr, "version");
}

TEST_F(AnalyticsTest, NeedsReadHistoryOnTheProcessDefinition) {
  call("POST", "/engine-rest/user/create",
       {{"profile", {{"id", "manager"}, {"firstName", "M"}, {"lastName", "M"}, {"email", "m@bank.example"}}},
        {"credentials", {{"password", "long enough phrase 1"}}}},
       204);
  const std::map<std::string, std::string> as_manager = {{"Authorization", basic_auth("manager", "long enough phrase 1")}};
  json body = {{"processDefinitionKey", "loan-review"}, {"steps", {"review"}}};
  call("POST", "/api/analytics/funnel", body, 403, as_manager);
  call("GET", "/api/analytics/heatmap?processDefinitionKey=loan-review", nullptr, 403, as_manager);
  call("GET", "/api/analytics/kpis?processDefinitionKey=loan-review", nullptr, 403, as_manager);
  // READ on the definition is not enough; READ_HISTORY is.
  json grant = call("POST", "/engine-rest/authorization/create",
                    {{"type", 1}, {"permissions", {"READ"}}, {"resourceType", 6}, {"resourceId", "loan-review"},
                     {"userId", "manager"}});
  call("POST", "/api/analytics/funnel", body, 403, as_manager);
  call("PUT", "/engine-rest/authorization/" + grant.value("id", ""),
       {{"type", 1}, {"permissions", {"READ", "READ_HISTORY"}}, {"resourceType", 6}, {"resourceId", "loan-review"},
        {"userId", "manager"}},
       204);
  json f = call("POST", "/api/analytics/funnel", body, 200, as_manager);
  EXPECT_EQ(f["started"], 13);
  call("GET", "/api/analytics/heatmap?processDefinitionKey=loan-review", nullptr, 200, as_manager);
}

}  // namespace
}  // namespace dpc::test
