// Hostile requests to every route of the REST API (issue 13), seeded and bounded: no answer is
// ever a 5xx, the server stays healthy, and requests that must be refused change nothing.
//
// Phase "refused": every request carries something no endpoint may accept (a body that is not
// a JSON object, not UTF-8, not JSON, or nested 10,000 deep; a path or query parameter with an
// invalid byte or NUL; an id that does not exist); each must be a 4xx, and the state read back
// through the REST API (counts and lists) must be byte-for-byte the same afterwards.
// Phase "random": real, random and hostile ids, mutated bodies, odd headers and query strings;
// only "no 5xx". DPC_FUZZ_SEED picks the seed (printed, so a failure can be replayed).
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "deploy.h"
#include "fuzz_data.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;
using namespace dpc::test::fuzz;

namespace {

std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

struct Sent {
  std::string method, target, body;
  std::map<std::string, std::string> headers;
};

std::string shown(const std::string& s) {
  std::string out;
  for (unsigned char c : s.substr(0, 600)) {
    if (c >= 0x20 && c < 0x7f) out.push_back(static_cast<char>(c));
    else out += "\\x" + std::string{"0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
  }
  return s.size() > 600 ? out + "... (" + std::to_string(s.size()) + " bytes)" : out;
}

class FuzzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("DPC_FUZZ_SEED");
    seed_ = env && *env ? std::strtoull(env, nullptr, 10) : 20261207;
    std::cout << "DPC_FUZZ_SEED=" << seed_ << std::endl;
    RecordProperty("seed", std::to_string(seed_));
    rng_.seed(seed_);
    port_ = free_port();
    server_ = start_test_server("fuzz", port_);
    auto r = deploy(port_, {{"deployment-name", "", "fuzz"},
                            {"bpmn", "fuzz.bpmn", kModel},
                            {"dmn", "fuzz.dmn", kDecision}});
    ASSERT_EQ(r.status, 200) << r.body;
    json d = json::parse(r.body);
    ids_["deploymentId"] = {d["id"].get<std::string>()};
    for (auto& [id, def] : d["deployedProcessDefinitions"].items()) ids_["definitionId"].push_back(id);
    for (auto& [id, def] : d["deployedDecisionDefinitions"].items()) ids_["decisionId"].push_back(id);
    json resources = get_json("/engine-rest/deployment/" + ids_["deploymentId"][0] + "/resources");
    for (const auto& res : resources) ids_["resourceId"].push_back(res["id"].get<std::string>());
    ids_["key"] = {"fuzz"};
    ids_["decisionKey"] = {"fuzz_decision"};
    ids_["tenantId"] = {"t1"};
    ids_["name"] = {"amount", "note"};
    refresh_ids();
  }
  void TearDown() override { stop_test_server(server_); }

  json get_json(const std::string& target) {
    auto r = http_request(port_, "GET", target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    auto j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? json() : j;
  }

  // Undoes what random requests may have suspended (every version of the model, with instances).
  void activate_all() {
    auto r = http_request(port_, "PUT", "/engine-rest/process-definition/suspended",
                          R"({"processDefinitionKey":"fuzz","suspended":false,"includeProcessInstances":true})",
                          {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 204) << r.body;
  }

  // Starts two instances and completes one's user task, so tasks, external tasks, jobs and
  // variables with real ids exist; then reads those ids.
  void refresh_ids() {
    activate_all();
    for (int i = 0; i < 2; ++i) {
      auto r = http_request(port_, "POST", "/engine-rest/process-definition/key/fuzz/start",
                            kCorpus.at("start"), {{"Content-Type", "application/json"}});
      ASSERT_EQ(r.status, 200) << r.body;
    }
    auto read = [&](const char* key, const std::string& list, const char* field = "id") {
      ids_[key].clear();
      for (const auto& row : get_json(list)) ids_[key].push_back(row[field].get<std::string>());
    };
    read("taskId", "/engine-rest/task?maxResults=20");
    if (!ids_["taskId"].empty()) {
      http_request(port_, "POST", "/engine-rest/task/" + ids_["taskId"][0] + "/complete", "{}",
                   {{"Content-Type", "application/json"}});
    }
    read("instanceId", "/engine-rest/process-instance?maxResults=20");
    read("externalTaskId", "/engine-rest/external-task?maxResults=20");
    read("jobId", "/engine-rest/job?maxResults=20");
    read("variableId", "/engine-rest/history/variable-instance?maxResults=20");
    read("operationId", "/engine-rest/history/user-operation?maxResults=20", "operationId");
  }

  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  template <typename T>
  const T& one_of(const std::vector<T>& v) { return v[pick(v.size())]; }

  // A value for placeholder `name`: a real id, a random one, or a hostile string.
  std::string placeholder(const std::string& name, bool allow_real) {
    const auto& real = ids_[name];
    int roll = static_cast<int>(pick(100));
    if (allow_real && !real.empty() && roll < 50) return percent_encode(one_of(real));
    if (roll < 65) return percent_encode(dpc_random_id());
    if (roll < 75) return one_of(std::vector<std::string>{"%FF", "%00", "%C0%AF", "%2e%2e%2f", "%", "%zz", "..", "%ED%A0%80"});
    return percent_encode(one_of(hostile_strings()));
  }
  std::string dpc_random_id() {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08zx-0000-4000-8000-%012zx", pick(1u << 31), pick(1u << 31));
    return buf;
  }
  std::string fill(const std::string& path, const std::function<std::string(const std::string&)>& value) {
    std::string out;
    for (size_t i = 0; i < path.size();) {
      if (path[i] != '{') {
        out.push_back(path[i++]);
        continue;
      }
      size_t close = path.find('}', i);
      out += value(path.substr(i + 1, close - i - 1));
      i = close + 1;
    }
    return out;
  }

  std::string random_query() {
    static const std::vector<std::string> names = {
        "firstResult", "maxResults", "sortBy", "sortOrder", "processInstanceId", "businessKey",
        "variables", "deserializeValues", "active", "suspended", "assignee", "processDefinitionKey",
        "key", "name", "nameLike", "latestVersion", "topicName", "workerId", "unassigned", "id",
        "processInstanceIds", "startedAfter", "dueBefore", "incidents", "withIncidents", "type"};
    static const std::vector<std::string> values = {
        "-1", "abc", "x", "sideways", "asc", "1e99", "99999999999999999999", "true", "", "0",
        "2026-13-45T99:99:99", "amount_eq_5", "amount_xx_5", "a_b_c_d", "%FF", "%00", "%25", "%2C%2C",
        "amount_gt_1e999", "amount_eq_99999999999999999999", "note_like_%25%5C", "amount_lteq_true,note_neq_"};
    std::string q;
    for (size_t n = 1 + pick(4); n > 0; --n) {
      q += (q.empty() ? "?" : "&") + one_of(names) + "=";
      q += chance(70) ? one_of(values) : percent_encode(one_of(hostile_strings()).substr(0, 300));
    }
    return q;
  }

  static std::string corpus_body(const std::string& kind) {
    return kind == "deployment" ? multipart({{"bpmn", "m.bpmn", kModel}}) : kCorpus.at(kind);
  }

  // A corpus body mutated by type swaps, byte flips, truncation, duplicate keys, huge numbers.
  std::string mutated(const std::string& kind) {
    std::string base = corpus_body(kind);
    switch (pick(7)) {
      case 0: return base;
      case 1: {  // byte flips, including invalid UTF-8 and NUL
        for (size_t n = 1 + pick(4); n > 0; --n) base[pick(base.size())] = static_cast<char>(pick(256));
        return base;
      }
      case 2: return base.substr(0, pick(base.size()));
      case 3: {  // one value of the body replaced by another type
        json j = json::parse(base, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.empty()) return base;
        static const std::vector<json> swaps = {
            nullptr, "text", json::array(), json::object(), 0, -1, 1.5, true, 1e308,
            json::parse("18446744073709551615"), json::parse("-9223372036854775808"),
            json::parse(deep(200)), std::string(5000, 'y')};
        auto it = j.begin();
        std::advance(it, pick(j.size()));
        *it = one_of(swaps);
        return j.dump();
      }
      case 4: return "{\"" + (base.size() > 2 ? base.substr(2, base.find('"', 2) - 2) : "x") + "\":null," + base.substr(1);
      case 5: return one_of(std::vector<std::string>{
          "null", "\"text\"", "42", "[1,2]", "true", "123456789012345678901234567890", "-1e400", "{}",
          deep(10000), "{\"variables\":" + deep(10000) + "}", "{\"a\":1}{\"b\":2}"});
      default: {  // a number in the body replaced by a huge or odd one
        size_t at = base.find_first_of("0123456789");
        if (at == std::string::npos) return base;
        return base.substr(0, at) + one_of(std::vector<std::string>{"99999999999999999999999", "-0", "1e999", "0.5", "-5"}) +
               base.substr(at + 1);
      }
    }
  }

  // Sends `s` on the shared connection (a fresh one if the server closed it) and checks the
  // answer: never a 5xx, never nlohmann's own exception text; in the refused phase a 4xx.
  void send(const Sent& s, const std::string& phase, int index, bool must_refuse) {
    auto r = conn_->request(s.method, s.target, s.body, s.headers);
    if (r.status == 0) {
      conn_ = std::make_unique<HttpConnection>(port_);
      r = conn_->request(s.method, s.target, s.body, s.headers);
    }
    ++sent_;
    ++statuses_[r.status];
    bool bad = r.status == 0 || r.status >= 500 || (must_refuse && (r.status < 400 || r.status >= 500)) ||
               r.body.find("json.exception") != std::string::npos;
    if (bad && ++failures_ <= 25) {
      ADD_FAILURE() << "seed " << seed_ << ", " << phase << " request " << index << ": " << s.method
                    << " " << shown(s.target) << "\n  headers: " << json(s.headers).dump()
                    << "\n  body: " << shown(s.body) << "\n  answer " << r.status << ": " << shown(r.body);
    }
  }

  // fetchAndLock may wait up to asyncResponseTimeout for work: at most 50 ms here.
  static std::string without_long_poll(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("asyncResponseTimeout")) return body;
    const json& t = j["asyncResponseTimeout"];
    if (!t.is_number() || t.get<double>() <= 50) return body;
    j["asyncResponseTimeout"] = 50;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  }

  std::map<std::string, std::string> random_headers(bool json_only) {
    static const std::vector<std::string> types = {"application/json", "application/json; charset=UTF-8",
                                                   "text/plain", "application/x-www-form-urlencoded",
                                                   "multipart/form-data; boundary=" + kMultipartBoundary,
                                                   "application/jsonx", "*/*"};
    std::map<std::string, std::string> h;
    int roll = static_cast<int>(pick(100));
    if (json_only || roll < 70) h["Content-Type"] = "application/json";
    else if (roll < 90) h["Content-Type"] = one_of(types);
    if (chance(20)) h["Accept"] = one_of(std::vector<std::string>{"*/*", "text/html", "application/xml"});
    if (chance(10)) h["X-Fuzz"] = "' OR 1=1 --";
    return h;
  }

  // The state that the refused phase must leave untouched, as the REST API shows it.
  std::string snapshot() {
    std::string out;
    for (const char* list : {"/engine-rest/deployment/count", "/engine-rest/process-definition/count",
                             "/engine-rest/decision-definition/count", "/engine-rest/process-instance",
                             "/engine-rest/history/process-instance/count", "/engine-rest/task",
                             "/engine-rest/external-task", "/engine-rest/job", "/engine-rest/incident/count",
                             "/engine-rest/history/variable-instance",
                             "/engine-rest/history/decision-instance/count"}) {
      json j = get_json(list);
      std::vector<std::string> rows;  // in a fixed order: lists have no order of their own
      if (j.is_array()) {
        for (const auto& row : j) rows.push_back(row.dump());
      } else {
        rows.push_back(j.dump());
      }
      std::sort(rows.begin(), rows.end());
      out += std::string(list) + "\n";
      for (const auto& row : rows) out += "  " + row + "\n";
    }
    for (const auto& id : ids_["instanceId"]) {
      out += id + " " + get_json("/engine-rest/process-instance/" + id + "/variables").dump() + "\n";
    }
    return out;
  }

  std::uint64_t seed_ = 0;
  std::mt19937_64 rng_;
  int port_ = 0;
  ServerProcess* server_ = nullptr;
  std::map<std::string, std::vector<std::string>> ids_;
  std::unique_ptr<HttpConnection> conn_;
  int sent_ = 0, failures_ = 0;
  std::map<int, int> statuses_;  // answers by status, printed at the end
};

TEST_F(FuzzTest, HostileRequestsAreRefusedWithoutA5xxAndChangeNothing) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const auto budget = std::chrono::seconds(40);
  conn_ = std::make_unique<HttpConnection>(port_);
  std::vector<const Route*> with_body, all;
  for (const auto& r : routes()) {
    all.push_back(&r);
    if (!r.body.empty() && r.body != "deployment") with_body.push_back(&r);
  }

  const std::string before = snapshot();
  int refused = 0;
  for (; refused < 2000 && Clock::now() - started < budget / 2; ++refused) {
    const Route& r = *one_of(chance(30) ? all : with_body);
    Sent s{r.method, "", "", random_headers(true)};
    const std::string bad_param =
        one_of(std::vector<std::string>{"%FF", "%00", "a%C3%28", "%C0%AF", "%ED%A0%80", "%F4%90%80%80"});
    int reason = static_cast<int>(pick(3));  // 0: path parameter, 1: query parameter, 2: body
    if (r.path.find('{') == std::string::npos && reason == 0) reason = 1;
    if ((r.body.empty() || r.body == "deployment") && reason == 2) reason = 1;
    s.target = fill(r.path, [&](const std::string& name) {
      if (reason == 0) return bad_param;
      // Real ids where there are some: a refused request on a real task must leave it alone.
      return ids_[name].empty() || chance(20) ? percent_encode(dpc_random_id()) : percent_encode(one_of(ids_[name]));
    });
    if (reason == 1) s.target += "?maxResults=1&businessKey=" + bad_param;
    if (!r.body.empty()) {
      std::string body = corpus_body(r.body);
      if (reason == 2) {
        switch (pick(6)) {
          case 0: body = one_of(std::vector<std::string>{"null", "\"text\"", "42", "[]", "[{}]", "true", "1e999"}); break;
          case 1: body.insert(body.size() / 2, one_of(std::vector<std::string>{"\xff", "\xc3(", "\xc0\xaf", "\xed\xa0\x80"})); break;
          case 2: body = body.substr(0, body.size() / 2); break;
          case 3: body = "{\"variables\":" + deep(10000, "{}") + "}"; break;
          case 4: body.insert(1, "\"raw\":\"a\x01\","); break;  // a raw control character
          default: body = deep(10000); break;
        }
      }
      s.body = body;
    }
    send(s, "refused", refused, true);
  }
  EXPECT_EQ(snapshot(), before) << "a refused request changed something (seed " << seed_ << ")";

  int random = 0;
  for (; random < 6000 && Clock::now() - started < budget; ++random) {
    if (random % 500 == 499) refresh_ids();
    const Route& r = *one_of(all);
    Sent s{chance(5) ? one_of(std::vector<std::string>{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) : r.method,
           "", "", random_headers(false)};
    // Deleting the deployment would leave nothing real to aim at.
    bool destroys = s.method == "DELETE" && r.path.find("deployment") != std::string::npos;
    s.target = fill(r.path, [&](const std::string& name) { return placeholder(name, !destroys); });
    if (chance(40)) s.target += random_query();
    if (!r.body.empty()) s.body = mutated(r.body);
    if (r.body == "deployment") s.headers["Content-Type"] = "multipart/form-data; boundary=" + kMultipartBoundary;
    if (r.body == "fetch") s.body = without_long_poll(s.body);
    send(s, "random", random, false);
  }

  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  std::cout << "fuzz: " << sent_ << " requests (" << refused << " refused-phase, " << random
            << " random) in " << elapsed.count() << " ms, seed " << seed_ << "; answers by status: "
            << json(statuses_).dump() << std::endl;
  EXPECT_GE(sent_, 1000) << "too few requests in the time budget to mean anything";
  EXPECT_EQ(kill(server_->pid(), 0), 0) << "the server died";
  EXPECT_EQ(http_request(port_, "GET", "/health").status, 200);
  activate_all();
  auto start = http_request(port_, "POST", "/engine-rest/process-definition/key/fuzz/start", "{}",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(start.status, 200) << start.body;
}

}  // namespace
