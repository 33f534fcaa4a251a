// The product catalogue over real HTTP against a real `dpc serve` and PostgreSQL: every
// feature type's validation (400 naming the feature path, nothing stored), product versions
// and their immutability (409), maker-checker (403, nothing changed), compare and the audit
// trail, authorization (readers read, only catalogue editors change), offer evaluation
// (eligible, left out with the reason, promotions by date, segment and channel), safe HTML,
// assets on /cdn (ETag, 304, Range 206, 416, sniffed type, public), the TMF620 read face,
// communication templates (SMS segments with and without Polish letters, missing variables,
// versions, safe HTML) and the FEEL functions processes price and render with.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include "deploy.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using nlohmann::json;

namespace {

const char* const kPassword = "Catalogue-pass-2026";

class CatalogueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    server_ = start_test_server("catalogue", port_);
    create_user("maker1", {"catalogue-editors"});
    create_user("checker1", {"catalogue-editors"});
    create_user("reader1", {});
    seed();
  }
  static void TearDownTestSuite() { stop_test_server(server_); }

  static HttpResponse admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return http_request(port_, method, path, body, {{"Content-Type", "application/json"}});
  }
  static HttpResponse as(const std::string& user, const std::string& method, const std::string& path,
                         const std::string& body = "") {
    return http_request(port_, method, path, body,
                        {{"Content-Type", "application/json"}, {"Authorization", basic_auth(user, kPassword)}});
  }
  static json body(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }
  static void create_user(const std::string& id, const std::vector<std::string>& groups) {
    json b = {{"profile", {{"id", id}, {"firstName", id}, {"lastName", "Test"}, {"email", id + "@example.org"}}},
              {"credentials", {{"password", kPassword}}}};
    auto r = admin("POST", "/engine-rest/user/create", b.dump());
    ASSERT_EQ(r.status, 204) << r.body;
    for (const auto& g : groups) {
      if (admin("GET", "/engine-rest/group/" + g).status == 404) {
        ASSERT_EQ(admin("POST", "/engine-rest/group/create", json{{"id", g}, {"name", g}, {"type", "WORKFLOW"}}.dump()).status, 204);
      }
      ASSERT_EQ(admin("PUT", "/engine-rest/group/" + g + "/members/" + id).status, 204);
    }
  }

  // A dictionary and a product type with one feature of every type.
  static void seed() {
    auto d = as("maker1", "POST", "/api/catalogue/dictionaries",
                json{{"key", "segment"}, {"name", {{"pl", "Segmenty"}, {"en", "Segments"}}},
                     {"entries", {{{"code", "mass"}, {"labels", {{"en", "Retail"}}}}, {{"code", "vip"}}}}}.dump());
    ASSERT_EQ(d.status, 201) << d.body;
    json schema = {
        {"features",
         {{{"key", "code"}, {"type", "text"}, {"required", true}, {"pattern", "^[A-Z]{2}-[0-9]{3}$"}},
          {{"key", "title"}, {"type", "localizedText"}},
          {{"key", "count"}, {"type", "integer"}, {"min", 1}, {"max", 10}},
          {{"key", "ratio"}, {"type", "decimal"}, {"min", 0.5}},
          {{"key", "flag"}, {"type", "boolean"}, {"default", false}},
          {{"key", "launch"}, {"type", "date"}},
          {{"key", "fee"}, {"type", "money"}, {"currencies", {"PLN", "EUR"}}, {"max", 1000}},
          {{"key", "limits"}, {"type", "range"}, {"min", 0}, {"max", 100}},
          {{"key", "segment"}, {"type", "dictionary"}, {"dictionary", "segment"}},
          {{"key", "segments"}, {"type", "dictionary"}, {"dictionary", "segment"}, {"multiple", true}},
          {{"key", "leaflet"}, {"type", "asset"}},
          {{"key", "table"}, {"type", "table"}, {"columns", {{{"key", "term"}, {"type", "integer"}, {"required", true}},
                                                             {{"key", "rate"}, {"type", "percentage"}}}}}}},
        {"groups", {{{"key", "interest"}, {"labels", {{"pl", "Odsetki"}}},
                     {"features", {{{"key", "rate"}, {"type", "percentage"}, {"required", true}, {"max", 30}}}}}}}};
    auto t = as("maker1", "POST", "/api/catalogue/product-types",
                json{{"key", "loan"}, {"name", {{"en", "Loan"}}}, {"schema", schema}}.dump());
    ASSERT_EQ(t.status, 201) << t.body;
  }

  static json product(const std::string& key, json features) {
    return {{"key", key}, {"type", "loan"}, {"name", {{"pl", "Pożyczka " + key}, {"en", "Loan " + key}}},
            {"features", std::move(features)}};
  }
  static json good_features() { return {{"code", "AB-123"}, {"interest", {{"rate", 7.5}}}}; }

  // Creates, submits (maker1) and publishes (checker1) a product; returns its key.
  static void publish(const json& p, const char* kind = "products") {
    auto c = as("maker1", "POST", std::string("/api/catalogue/") + kind, p.dump());
    ASSERT_EQ(c.status, 201) << c.body;
    std::string base = std::string("/api/catalogue/") + kind + "/" + p["key"].get<std::string>() + "/versions/1";
    ASSERT_EQ(as("maker1", "POST", base + "/submit").status, 200);
    auto pub = as("checker1", "POST", base + "/publish");
    ASSERT_EQ(pub.status, 200) << pub.body;
  }

  static inline int port_ = 0;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(CatalogueTest, EveryFeatureTypeIsValidatedWithItsPath) {
  struct Case {
    json features;
    std::string path;  // expected in the message
  };
  const std::vector<Case> cases = {
      {{{"interest", {{"rate", 7.5}}}}, "features.code: is required"},
      {{{"code", "ab-1"}, {"interest", {{"rate", 7.5}}}}, "features.code: does not match"},
      {{{"code", "AB-123"}}, "features.interest.rate: is required"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 31}}}}, "features.interest.rate: must be at most 30"},
      {{{"code", "AB-123"}, {"interest", {{"rate", "high"}}}}, "features.interest.rate: must be a number"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"title", "plain"}}, "features.title: must be an object"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"count", 2.5}}, "features.count: must be an integer"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"count", 11}}, "features.count: must be at most 10"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"ratio", 0.1}}, "features.ratio: must be at least 0.5"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"flag", "yes"}}, "features.flag: must be true or false"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"launch", "2026-13-01"}}, "features.launch: must be a date"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"fee", {{"amount", 5}, {"currency", "USD"}}}}, "features.fee.currency: must be one of"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"fee", {{"amount", 5000}, {"currency", "PLN"}}}}, "features.fee.amount: must be at most 1000"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"limits", {{"min", 50}, {"max", 10}}}}, "features.limits: min must not exceed max"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"limits", {{"min", 0}, {"max", 500}}}}, "features.limits.max: must be at most 100"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"segment", "gold"}}, "features.segment: 'gold' is not a code"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"segments", {"mass", "gold"}}}, "features.segments[1]: 'gold' is not a code"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"leaflet", std::string(64, 'a')}}, "features.leaflet: asset"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"table", {{{"term", 12}, {"rate", 5}}, {{"rate", 4}}}}}, "features.table[1].term: is required"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"table", {{{"term", 12}, {"rate", 101}}}}}, "features.table[0].rate: must be at most 100"},
      {{{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"colour", "red"}}, "features.colour: is not a feature"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string key = "bad-" + std::to_string(i);
    auto r = as("maker1", "POST", "/api/catalogue/products", product(key, cases[i].features).dump());
    EXPECT_EQ(r.status, 400) << cases[i].path << ": " << r.body;
    EXPECT_NE(body(r).value("message", "").find(cases[i].path), std::string::npos) << body(r).value("message", "");
    EXPECT_EQ(as("maker1", "GET", "/api/catalogue/products/" + key).status, 404) << "nothing stored for " << key;
  }
  json all = {{"code", "AB-123"}, {"interest", {{"rate", 5}}}, {"title", {{"pl", "Tytuł"}, {"en", "Title"}}},
              {"count", 3}, {"ratio", 1.5}, {"launch", "2026-04-01"}, {"fee", {{"amount", 10}, {"currency", "EUR"}}},
              {"limits", {{"min", 1}, {"max", 50}}}, {"segment", "vip"}, {"segments", {"mass", "vip"}},
              {"table", {{{"term", 12}, {"rate", 5.5}}}}};
  auto ok = as("maker1", "POST", "/api/catalogue/products", product("all-types", all).dump());
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(body(ok)["features"]["flag"], false) << "the default is filled in";
  EXPECT_EQ(body(ok)["lifecycleStatus"], "In design");
  EXPECT_EQ(body(ok)["createdBy"], "maker1");
}

TEST_F(CatalogueTest, SchemaErrorsNameTheSchemaPath) {
  auto r = as("maker1", "POST", "/api/catalogue/product-types",
              json{{"key", "bad-type"}, {"name", {{"en", "Bad"}}},
                   {"schema", {{"features", {{{"key", "x"}, {"type", "colour"}}}}}}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(body(r).value("message", "").find("schema.features[0].type"), std::string::npos) << r.body;
  r = as("maker1", "POST", "/api/catalogue/product-types",
         json{{"key", "bad-type"}, {"name", {{"en", "Bad"}}},
              {"schema", {{"features", {{{"key", "x"}, {"type", "dictionary"}, {"dictionary", "nope"}}}}}}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(body(r).value("message", "").find("dictionary nope does not exist"), std::string::npos) << r.body;
  EXPECT_EQ(as("maker1", "GET", "/api/catalogue/product-types/bad-type").status, 404);
}

TEST_F(CatalogueTest, VersionsAreImmutableOnceSubmittedAndMakerCheckerHolds) {
  const std::string base = "/api/catalogue/products/lifecycle";
  ASSERT_EQ(as("maker1", "POST", "/api/catalogue/products", product("lifecycle", good_features()).dump()).status, 201);
  json changed = product("lifecycle", {{"code", "AB-124"}, {"interest", {{"rate", 6.5}}}});
  auto put = as("maker1", "PUT", base + "/versions/1", changed.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(as("maker1", "POST", base + "/versions/1/submit").status, 200);
  auto locked = as("maker1", "PUT", base + "/versions/1", changed.dump());
  EXPECT_EQ(locked.status, 409) << locked.body;
  // The submitter cannot publish; nothing changes.
  auto own = as("maker1", "POST", base + "/versions/1/publish");
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_NE(body(own).value("message", "").find("maker-checker"), std::string::npos) << own.body;
  EXPECT_EQ(body(as("maker1", "GET", base))["lifecycleStatus"], "In test");
  // A reader may read but not publish.
  EXPECT_EQ(as("reader1", "GET", base).status, 200);
  EXPECT_EQ(as("reader1", "POST", base + "/versions/1/publish").status, 403);
  EXPECT_EQ(as("reader1", "POST", "/api/catalogue/products", product("by-reader", good_features()).dump()).status, 403);
  auto pub = as("checker1", "POST", base + "/versions/1/publish");
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(body(pub)["lifecycleStatus"], "Active");
  EXPECT_EQ(body(pub)["submittedBy"], "maker1");
  EXPECT_EQ(body(pub)["publishedBy"], "checker1");
  EXPECT_EQ(as("maker1", "PUT", base + "/versions/1", changed.dump()).status, 409);
  EXPECT_EQ(as("checker1", "POST", base + "/versions/1/publish").status, 409) << "already Active";
  // A change is a new version; publishing it retires the old one.
  auto v2 = as("maker1", "POST", base + "/versions", json{{"features", {{"code", "AB-124"}, {"interest", {{"rate", 5.9}}}}}}.dump());
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(body(v2)["version"], 2);
  EXPECT_EQ(as("maker1", "POST", base + "/versions").status, 409) << "one draft at a time";
  auto cmp = as("reader1", "GET", base + "/compare?from=1&to=2");
  ASSERT_EQ(cmp.status, 200) << cmp.body;
  bool rate = false;
  const json diff = body(cmp);
  for (const auto& d : diff["differences"]) {
    if (d["path"] == "features.interest.rate") rate = d["from"] == 6.5 && d["to"] == 5.9;
  }
  EXPECT_TRUE(rate) << cmp.body;
  ASSERT_EQ(as("maker1", "POST", base + "/versions/2/submit").status, 200);
  ASSERT_EQ(as("checker1", "POST", base + "/versions/2/publish").status, 200);
  auto versions = body(as("reader1", "GET", base + "/versions"));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["lifecycleStatus"], "Retired");
  EXPECT_EQ(versions[1]["lifecycleStatus"], "Active");
  // The audit trail: who did what, newest first.
  auto audit = body(as("reader1", "GET", base + "/audit"));
  std::vector<std::string> actions;
  for (const auto& a : audit) actions.push_back(a["action"].get<std::string>() + ":" + a["userId"].get<std::string>());
  std::vector<std::string> expected = {"retire:checker1", "publish:checker1", "submit:maker1", "create:maker1",
                                       "publish:checker1", "submit:maker1", "update:maker1", "create:maker1"};
  EXPECT_EQ(actions, expected);
  EXPECT_EQ(audit[6]["detail"]["changes"][0]["path"], "features.code") << audit[6].dump();
  // Bad input names the field.
  EXPECT_EQ(as("maker1", "GET", base + "/compare?from=1").status, 400);
  EXPECT_EQ(as("maker1", "POST", base + "/versions/1/launch").status, 404);
  EXPECT_EQ(as("maker1", "PUT", base + "/versions/x", changed.dump()).status, 400);
}

TEST_F(CatalogueTest, ListsArePagedAndFiltered) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(as("maker1", "POST", "/api/catalogue/products", product("paged-" + std::to_string(i), good_features()).dump()).status, 201);
  }
  auto page = body(as("reader1", "GET", "/api/catalogue/products?keyLike=paged-%25&maxResults=2&firstResult=1"));
  EXPECT_EQ(page["count"], 3);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["key"], "paged-1");
  auto none = body(as("reader1", "GET", "/api/catalogue/products?keyLike=paged-%25&lifecycleStatus=Active"));
  EXPECT_EQ(none["count"], 0);
  EXPECT_EQ(as("reader1", "GET", "/api/catalogue/products?maxResults=-1").status, 400);
}

TEST_F(CatalogueTest, ContentHtmlIsSanitized) {
  json p = product("content", good_features());
  p["content"] = {{"pl", {{"default", {{"title", "T"}, {"html", "<p onclick=\"x()\">Hi<script>alert(1)</script> <a href=\"javascript:x\">a</a> <b>b</b></p>"}}}}}};
  auto r = as("maker1", "POST", "/api/catalogue/products", p.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body(r)["content"]["pl"]["default"]["html"], "<p>Hi <a>a</a> <b>b</b></p>");
}

TEST_F(CatalogueTest, OffersAnswerEligibleProductsPricesPromotionsAndWhyOthersAreLeftOut) {
  json loan = product("offer-loan", good_features());
  loan["validFor"] = {{"startDateTime", "2026-01-01"}};
  loan["eligibility"] = {{{"key", "adult"}, {"condition", "customer.age >= 18"},
                          {"reason", {{"pl", "Tylko dla pełnoletnich."}, {"en", "Adults only."}}}}};
  loan["channels"] = {{{"channel", "online"}},
                      {{"channel", "branch"}, {"windows", {{{"days", {"mon", "tue", "wed", "thu", "fri"}}, {"from", "09:00"}, {"to", "17:00"}}}}}};
  loan["prices"] = {{{"key", "interest"}, {"kind", "recurring"}, {"category", "interest"}, {"unit", "percent"},
                     {"table", {{{"when", {{"segment", "vip"}}}, {"value", 6.0}}, {{"when", {{"amount", {1000, 50000}}}}, {"value", 9.0}}}}},
                    {{"key", "fee"}, {"kind", "oneTime"}, {"category", "fee"}, {"unit", "PLN"}, {"expression", "if amount > 10000 then 100 else 50"}}};
  publish(loan);
  json promo = {{"key", "offer-spring"}, {"name", {{"en", "Spring"}}}, {"products", {"offer-loan"}},
                {"segments", {"mass"}}, {"channels", {"online"}}, {"condition", "amount >= 5000"}, {"priority", 5},
                {"validFor", {{"startDateTime", "2026-03-01"}, {"endDateTime", "2026-06-01"}}},
                {"adjustments", {{{"price", "fee"}, {"set", 0}}, {{"price", "interest"}, {"delta", -1}}}}};
  publish(promo, "promotions");

  auto offers = [&](json req) {
    req["product"] = "offer-loan";
    auto r = as("reader1", "POST", "/api/catalogue/offers", req.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return body(r);
  };
  json base = {{"customer", {{"age", 30}, {"segment", "mass"}}}, {"channel", "online"}, {"language", "en"},
               {"date", "2026-04-10"}, {"amount", 20000}, {"term", 24}};
  auto a = offers(base);
  ASSERT_EQ(a["offers"].size(), 1u) << a.dump();
  auto& o = a["offers"][0];
  EXPECT_EQ(o["name"], "Loan offer-loan");
  EXPECT_EQ(o["prices"][0]["baseValue"], 9.0);
  EXPECT_EQ(o["prices"][0]["value"], 8.0) << "spring promotion: 1 point off";
  EXPECT_EQ(o["prices"][1]["value"], 0.0) << "spring promotion: no fee";
  EXPECT_EQ(o["promotions"][0]["promotion"], "offer-spring");

  json later = base;
  later["date"] = "2026-07-01";
  auto b = offers(later);
  ASSERT_EQ(b["offers"].size(), 1u);
  EXPECT_EQ(b["offers"][0]["prices"][0]["value"], 9.0) << "promotion over";
  EXPECT_EQ(b["offers"][0]["prices"][1]["value"], 100.0);
  EXPECT_NE(b["offers"][0]["promotionsNotApplied"][0]["reason"].get<std::string>().find("not valid"), std::string::npos);

  json vip = base;
  vip["customer"]["segment"] = "vip";
  auto c = offers(vip);
  ASSERT_EQ(c["offers"].size(), 1u);
  EXPECT_EQ(c["offers"][0]["prices"][0]["value"], 6.0) << "vip rate, no promotion for that segment";
  EXPECT_TRUE(c["offers"][0]["promotions"].empty());

  json small = base;
  small["amount"] = 3000;
  EXPECT_TRUE(offers(small)["offers"][0]["promotions"].empty()) << "FEEL condition amount >= 5000";

  json young = base;
  young["customer"]["age"] = 16;
  young["language"] = "pl";
  auto d = offers(young);
  EXPECT_TRUE(d["offers"].empty());
  ASSERT_EQ(d["excluded"].size(), 1u);
  EXPECT_EQ(d["excluded"][0]["reasons"][0]["code"], "eligibility");
  EXPECT_EQ(d["excluded"][0]["reasons"][0]["message"], "Tylko dla pełnoletnich.");

  json mobile = base;
  mobile["channel"] = "mobile";
  EXPECT_EQ(offers(mobile)["excluded"][0]["reasons"][0]["code"], "channel");
  json branch_sunday = base;
  branch_sunday["channel"] = "branch";
  branch_sunday["date"] = "2026-04-12T10:00:00Z";  // a Sunday
  EXPECT_EQ(offers(branch_sunday)["excluded"][0]["reasons"][0]["code"], "channelWindow");
  branch_sunday["date"] = "2026-04-13T10:00:00Z";  // Monday
  auto e = offers(branch_sunday);
  EXPECT_EQ(e["offers"].size(), 1u) << e.dump();
  EXPECT_TRUE(e["offers"][0]["promotions"].empty()) << "promotion is online only";

  json big = base;
  big["amount"] = 90000;
  EXPECT_EQ(offers(big)["excluded"][0]["reasons"][0]["code"], "price") << "no interest row for this amount";
  json early = base;
  early["date"] = "2025-12-31";
  EXPECT_EQ(offers(early)["excluded"][0]["reasons"][0]["code"], "validity");

  EXPECT_EQ(as("reader1", "POST", "/api/catalogue/offers", json{{"customer", {{"age", 1}}}}.dump()).status, 400) << "channel missing";
  EXPECT_EQ(as("reader1", "POST", "/api/catalogue/offers", json{{"channel", "online"}, {"date", "yesterday"}}.dump()).status, 400);
  // FEEL that does not compile is refused when saved.
  json bad = product("bad-feel", good_features());
  bad["eligibility"] = {{{"condition", "customer.age >="}}};
  auto r = as("maker1", "POST", "/api/catalogue/products", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(body(r).value("message", "").find("eligibility[0].condition"), std::string::npos) << r.body;
}

TEST_F(CatalogueTest, AssetsAreContentAddressedAndServedWithCaching) {
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\x01');
  auto up = http_request(port_, "POST", "/api/catalogue/assets?fileName=logo.txt", png,
                         {{"Content-Type", "application/octet-stream"}, {"Authorization", basic_auth("maker1", kPassword)}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string sha = body(up)["sha256"];
  EXPECT_EQ(sha.size(), 64u);
  EXPECT_EQ(body(up)["contentType"], "image/png") << "from the bytes, not the name";
  auto again = http_request(port_, "POST", "/api/catalogue/assets", png, {{"Authorization", basic_auth("maker1", kPassword)}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(body(again)["sha256"], sha);
  EXPECT_EQ(http_request(port_, "POST", "/api/catalogue/assets", png, {{"Authorization", basic_auth("reader1", kPassword)}}).status, 403);

  auto get = http_request(port_, "GET", "/cdn/" + sha, "", {{"Authorization", ""}});  // anonymous
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.body, png);
  EXPECT_EQ(get.headers["content-type"], "image/png");
  EXPECT_EQ(get.headers["etag"], "\"" + sha + "\"");
  EXPECT_NE(get.headers["cache-control"].find("immutable"), std::string::npos);
  auto named = http_request(port_, "GET", "/cdn/" + sha + "/leaflet.pdf", "", {{"Authorization", ""}});
  EXPECT_EQ(named.status, 200);
  EXPECT_EQ(named.headers["content-type"], "image/png");
  EXPECT_NE(named.headers["content-disposition"].find("leaflet.pdf"), std::string::npos);
  auto cached = http_request(port_, "GET", "/cdn/" + sha, "", {{"If-None-Match", "\"" + sha + "\""}, {"Authorization", ""}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
  auto range = http_request(port_, "GET", "/cdn/" + sha, "", {{"Range", "bytes=0-7"}, {"Authorization", ""}});
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, png.substr(0, 8));
  EXPECT_EQ(range.headers["content-range"], "bytes 0-7/108");
  auto tail = http_request(port_, "GET", "/cdn/" + sha, "", {{"Range", "bytes=-8"}, {"Authorization", ""}});
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, png.substr(100));
  EXPECT_EQ(http_request(port_, "GET", "/cdn/" + sha, "", {{"Range", "bytes=500-"}, {"Authorization", ""}}).status, 416);
  EXPECT_EQ(http_request(port_, "GET", "/cdn/" + std::string(64, 'f'), "", {{"Authorization", ""}}).status, 404);
  // An asset feature takes a stored asset.
  json f = good_features();
  f["leaflet"] = sha;
  EXPECT_EQ(as("maker1", "POST", "/api/catalogue/products", product("with-asset", f).dump()).status, 201);
}

TEST_F(CatalogueTest, Tmf620ReadFace) {
  json p = product("tmf-loan", good_features());
  p["prices"] = {{{"key", "fee"}, {"kind", "oneTime"}, {"category", "fee"}, {"unit", "PLN"}, {"value", 50}}};
  publish(p);
  const std::string base = "/tmf-api/productCatalogManagement/v4";
  auto list = as("reader1", "GET", base + "/productOffering?lifecycleStatus=Active&fields=name,lifecycleStatus&limit=50");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_FALSE(list.headers["x-total-count"].empty());
  bool found = false;
  const json offerings = body(list);
  for (const auto& o : offerings) {
    EXPECT_EQ(o["lifecycleStatus"], "Active");
    EXPECT_FALSE(o.contains("validFor")) << "fields= keeps only what is asked (and id, href, @type)";
    if (o["id"] == "tmf-loan") {
      found = true;
      EXPECT_EQ(o["@type"], "ProductOffering");
      EXPECT_EQ(o["href"], base + "/productOffering/tmf-loan");
      EXPECT_EQ(o["name"], "Pożyczka tmf-loan");
    }
  }
  EXPECT_TRUE(found) << list.body;
  auto price = body(as("reader1", "GET", base + "/productOfferingPrice/tmf-loan.fee"));
  EXPECT_EQ(price["priceType"], "oneTime");
  EXPECT_EQ(price["price"]["value"], 50);
  auto spec = body(as("reader1", "GET", base + "/productSpecification/tmf-loan"));
  EXPECT_FALSE(spec["productSpecCharacteristic"].empty());
  auto one = as("reader1", "GET", base + "/productOffering?limit=1&offset=0");
  EXPECT_EQ(body(one).size(), 1u);
  EXPECT_EQ(one.headers["x-result-count"], "1");
  auto missing = as("reader1", "GET", base + "/productOffering/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(body(missing)["status"], "404");
}

// An SMS template: its texts, and what rendering answers.
json sms_template(const std::string& key) {
  return {{"key", key}, {"channel", "sms"}, {"name", {{"pl", "SMS testowy"}, {"en", "Test SMS"}}},
          {"content", {{"pl", {{"text", "Dziękujemy, {{customer.firstName}}! {{ msg }}"}}},
                       {"en", {{"text", "Thank you, {{customer.firstName}}! {{msg}}"}}}}},
          {"sampleData", {{"customer", {{"firstName", "Anna"}}}, {"msg", "See you."}}}};
}

TEST_F(CatalogueTest, SmsTemplatesCountSegmentsForGsm7AndUcs2) {
  const std::string base = "/api/catalogue/templates/tpl-sms";
  auto created = as("maker1", "POST", "/api/catalogue/templates", sms_template("tpl-sms").dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(body(created)["lifecycleStatus"], "In design");
  EXPECT_EQ(body(created)["channel"], "sms");
  EXPECT_EQ(body(created)["variables"], json({"customer.firstName", "msg"}));
  // Not Active yet: rendering needs a version (a draft's preview).
  EXPECT_EQ(as("reader1", "POST", base + "/render", json{{"language", "en"}}.dump()).status, 404);
  auto draft = as("reader1", "POST", base + "/render", json{{"language", "en"}, {"version", 1}}.dump());
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(body(draft)["text"], "Thank you, Anna! See you.") << "sample data when none is given";
  ASSERT_EQ(as("maker1", "POST", base + "/versions/1/submit").status, 200);
  ASSERT_EQ(as("checker1", "POST", base + "/versions/1/publish").status, 200);

  auto render = [&](const std::string& lang, const std::string& msg) {
    auto r = as("reader1", "POST", base + "/render",
                json{{"language", lang}, {"data", {{"customer", {{"firstName", "Anna"}}}, {"msg", msg}}}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return body(r);
  };
  // "Thank you, Anna! " is 17 GSM-7 characters: 160 in one SMS, then 153 a segment.
  auto one = render("en", std::string(143, 'a'));
  EXPECT_EQ(one["encoding"], "GSM-7");
  EXPECT_EQ(one["length"], 160);
  EXPECT_EQ(one["segments"], 1);
  EXPECT_EQ(one["segmentLength"], 160);
  auto two = render("en", std::string(144, 'a'));
  EXPECT_EQ(two["length"], 161);
  EXPECT_EQ(two["segments"], 2);
  EXPECT_EQ(two["segmentLength"], 153);
  EXPECT_EQ(render("en", std::string(306 - 17, 'a'))["segments"], 2);
  EXPECT_EQ(render("en", std::string(307 - 17, 'a'))["segments"], 3);
  // An extension character (€) counts twice: 159 characters, 161 septets, 2 SMS.
  auto euro = render("en", std::string(141, 'a') + "€");
  EXPECT_EQ(euro["encoding"], "GSM-7");
  EXPECT_EQ(euro["characters"], 159);
  EXPECT_EQ(euro["length"], 160);
  EXPECT_EQ(euro["segments"], 1);
  EXPECT_EQ(render("en", std::string(142, 'a') + "€")["segments"], 2);
  // A Polish letter makes the whole SMS UCS-2: "Dziękujemy, Anna! " is 18 characters, 70 in
  // one SMS, then 67 a segment.
  auto pl = render("pl", std::string(52, 'a'));
  EXPECT_EQ(pl["encoding"], "UCS-2");
  EXPECT_EQ(pl["text"], "Dziękujemy, Anna! " + std::string(52, 'a'));
  EXPECT_EQ(pl["length"], 70);
  EXPECT_EQ(pl["segments"], 1);
  auto pl2 = render("pl", std::string(53, 'a'));
  EXPECT_EQ(pl2["segments"], 2);
  EXPECT_EQ(pl2["segmentLength"], 67);
  EXPECT_EQ(render("pl", std::string(134 - 18, 'a'))["segments"], 2);
  EXPECT_EQ(render("pl", std::string(135 - 18, 'a'))["segments"], 3);
  // The same English text with one ł: UCS-2, 2 SMS instead of 1.
  auto polish_letter = render("en", std::string(50, 'a') + "ł");
  EXPECT_EQ(polish_letter["encoding"], "UCS-2");
  EXPECT_EQ(polish_letter["segments"], 1);
  EXPECT_EQ(render("en", std::string(143, 'a'))["segments"], 1);
  EXPECT_EQ(render("en", std::string(142, 'a') + "ł")["segments"], 3);

  // A missing variable is a 400 naming it; nothing else is wrong with the request.
  auto missing = as("reader1", "POST", base + "/render", json{{"language", "pl"}, {"data", {{"msg", "x"}}}}.dump());
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(body(missing).value("message", "").find("data.customer.firstName: is missing"), std::string::npos) << missing.body;
  auto no_lang = as("reader1", "POST", base + "/render", json{{"data", json::object()}}.dump());
  EXPECT_EQ(no_lang.status, 400);
  EXPECT_NE(body(no_lang).value("message", "").find("language"), std::string::npos) << no_lang.body;
  auto german = as("reader1", "POST", base + "/render", json{{"language", "de"}}.dump());
  EXPECT_EQ(german.status, 400);
  EXPECT_NE(body(german).value("message", "").find("no 'de' content (en, pl)"), std::string::npos) << german.body;
  EXPECT_EQ(as("reader1", "POST", base + "/render", json{{"language", "pl"}, {"data", "x"}}.dump()).status, 400);
  EXPECT_EQ(as("reader1", "POST", base + "/render", json{{"language", "pl"}, {"colour", 1}}.dump()).status, 400);
  auto list_value = as("reader1", "POST", base + "/render",
                       json{{"language", "pl"}, {"data", {{"customer", {{"firstName", {1, 2}}}}, {"msg", "x"}}}}.dump());
  EXPECT_EQ(list_value.status, 400);
  EXPECT_NE(body(list_value).value("message", "").find("data.customer.firstName: must be a text"), std::string::npos);
  EXPECT_EQ(as("reader1", "POST", "/api/catalogue/templates/nope/render", json{{"language", "pl"}}.dump()).status, 404);
}

TEST_F(CatalogueTest, TemplatesAreCheckedWhenSavedAndVersionedLikeProducts) {
  struct Case {
    json change;  // merged into a good SMS template
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"channel", "fax"}}, "channel: must be email, sms or push"},
      {{{"content", {{"pl", {{"text", "Hi {{name"}}}}}}, "content.pl.text: '{{' at 3 is not closed"},
      {{{"content", {{"pl", {{"text", "Hi {{ 1x }}"}}}}}}, "content.pl.text: '{{ 1x }}' is not a variable name"},
      {{{"content", {{"pl", {{"body", "Hi"}}}}}}, "content.pl.text: is required"},
      {{{"content", {{"pl", {{"text", "Hi"}, {"title", "T"}}}}}}, "content.pl.title: is not a field of a sms template"},
      {{{"content", json::object()}}, "content: is required"},
      {{{"sampleData", "Anna"}}, "sampleData: must be an object"},
      {{{"product", "no-such-product"}}, "product: product no-such-product does not exist"},
      {{{"name", "SMS"}}, "name: must be texts per language"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    json t = sms_template("tpl-bad-" + std::to_string(i));
    for (const auto& [k, v] : cases[i].change.items()) t[k] = v;
    auto r = as("maker1", "POST", "/api/catalogue/templates", t.dump());
    EXPECT_EQ(r.status, 400) << cases[i].message << ": " << r.body;
    EXPECT_NE(body(r).value("message", "").find(cases[i].message), std::string::npos) << body(r).value("message", "");
    EXPECT_EQ(as("maker1", "GET", "/api/catalogue/templates/tpl-bad-" + std::to_string(i)).status, 404);
  }
  EXPECT_EQ(as("reader1", "POST", "/api/catalogue/templates", sms_template("tpl-by-reader").dump()).status, 403);

  const std::string base = "/api/catalogue/templates/tpl-versions";
  ASSERT_EQ(as("maker1", "POST", "/api/catalogue/templates", sms_template("tpl-versions").dump()).status, 201);
  ASSERT_EQ(as("maker1", "POST", base + "/versions/1/submit").status, 200);
  EXPECT_EQ(as("maker1", "POST", base + "/versions/1/publish").status, 403) << "maker-checker";
  ASSERT_EQ(as("checker1", "POST", base + "/versions/1/publish").status, 200);
  EXPECT_EQ(as("maker1", "PUT", base + "/versions/1", sms_template("tpl-versions").dump()).status, 409);
  json v2 = {{"content", {{"pl", {{"text", "Wersja 2 dla {{customer.firstName}}"}}}, {"en", {{"text", "Version 2 for {{customer.firstName}}"}}}}}};
  auto created = as("maker1", "POST", base + "/versions", v2.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(body(created)["version"], 2);
  EXPECT_EQ(body(created)["channel"], "sms") << "the channel stays";
  EXPECT_EQ(as("maker1", "POST", base + "/versions", json{{"channel", "email"}}.dump()).status, 409);
  json to_email = sms_template("tpl-versions");
  to_email["channel"] = "email";
  auto changed = as("maker1", "PUT", base + "/versions/2", to_email.dump());
  EXPECT_EQ(changed.status, 400);
  EXPECT_NE(body(changed).value("message", "").find("channel: cannot change"), std::string::npos) << changed.body;
  auto render = [&](json req) {
    req["data"] = {{"customer", {{"firstName", "Ola"}}}, {"msg", "v1"}};
    return body(as("reader1", "POST", base + "/render", req.dump()));
  };
  EXPECT_EQ(render({{"language", "en"}})["text"], "Thank you, Ola! v1") << "the Active version";
  EXPECT_EQ(render({{"language", "en"}})["version"], 1);
  EXPECT_EQ(render({{"language", "en"}, {"version", 2}})["text"], "Version 2 for Ola") << "a draft, named";
  ASSERT_EQ(as("maker1", "POST", base + "/versions/2/submit").status, 200);
  ASSERT_EQ(as("checker1", "POST", base + "/versions/2/publish").status, 200);
  EXPECT_EQ(render({{"language", "en"}})["text"], "Version 2 for Ola");
  EXPECT_EQ(render({{"language", "en"}, {"version", 1}})["text"], "Thank you, Ola! v1") << "a retired version still renders when named";
  auto versions = body(as("reader1", "GET", base + "/versions"));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["lifecycleStatus"], "Retired");
  EXPECT_EQ(versions[1]["lifecycleStatus"], "Active");
  auto cmp = body(as("reader1", "GET", base + "/compare?from=1&to=2"));
  EXPECT_FALSE(cmp["differences"].empty()) << cmp.dump();
  // Lists filter by channel.
  auto sms = body(as("reader1", "GET", "/api/catalogue/templates?channel=sms&keyLike=tpl-versions"));
  EXPECT_EQ(sms["count"], 1);
  auto email = body(as("reader1", "GET", "/api/catalogue/templates?channel=email&keyLike=tpl-versions"));
  EXPECT_EQ(email["count"], 0);
}

TEST_F(CatalogueTest, EmailTemplatesAreSafeHtmlWithEscapedVariablesAndCatalogueData) {
  json loan = product("tpl-loan", good_features());
  publish(loan);
  json t = {{"key", "tpl-email"}, {"channel", "email"}, {"product", "tpl-loan"},
            {"name", {{"pl", "E-mail"}, {"en", "E-mail"}}},
            {"content", {{"en", {{"subject", "About {{product.name}} for {{name}}"},
                                 {"html", "<p onclick=\"steal()\">Dear {{name}},</p><script>steal()</script>"
                                          "<p>{{product.name}} ({{product.features.code}})</p><a href=\"{{link}}\">open</a>"},
                                 {"text", "Dear {{name}}, {{product.name}}: {{link}}"}}},
                         {"pl", {{"subject", "{{product.name}}"}, {"html", "<p>{{product.name}}</p>"}, {"text", "{{product.name}}"}}}}}};
  auto created = as("maker1", "POST", "/api/catalogue/templates", t.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(body(created)["content"]["en"]["html"],
            "<p>Dear {{name}},</p><p>{{product.name}} ({{product.features.code}})</p>"
            "<a href=\"{{link}}\" rel=\"noopener noreferrer\">open</a>")
      << "cleaned when saved";
  json data = {{"name", "<b>Tom</b> & \"Jerry\""}, {"link", "javascript:alert(1)"}};
  auto r = as("reader1", "POST", "/api/catalogue/templates/tpl-email/render",
              json{{"language", "en"}, {"version", 1}, {"data", data}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json e = body(r);
  EXPECT_EQ(e["subject"], "About Loan tpl-loan for <b>Tom</b> & \"Jerry\"") << "a subject is text, not HTML";
  EXPECT_EQ(e["text"], "Dear <b>Tom</b> & \"Jerry\", Loan tpl-loan: javascript:alert(1)");
  const std::string html = e["html"];
  EXPECT_NE(html.find("Dear &lt;b&gt;Tom&lt;/b&gt; &amp; &quot;Jerry&quot;,"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript"), std::string::npos) << "an unsafe link from data is dropped: " << html;
  EXPECT_NE(html.find("Loan tpl-loan (AB-123)"), std::string::npos) << "catalogue variables: " << html;
  auto pl = body(as("reader1", "POST", "/api/catalogue/templates/tpl-email/render",
                    json{{"language", "pl"}, {"version", 1}}.dump()));
  EXPECT_EQ(pl["subject"], "Pożyczka tpl-loan") << "the product's name in the language rendered";
  auto other = body(as("reader1", "POST", "/api/catalogue/templates/tpl-email/render",
                       json{{"language", "pl"}, {"version", 1}, {"product", "offer-none"}}.dump()));
  EXPECT_NE(other.value("message", "").find("product: product offer-none has no Active version"), std::string::npos) << other;

  // Preview: unsaved content, same checks, with the variables it uses.
  auto preview = as("reader1", "POST", "/api/catalogue/templates/preview",
                    json{{"channel", "push"}, {"language", "en"},
                         {"content", {{"en", {{"title", "Hi {{name}}"}, {"body", "{{product.name}} is ready"}, {"data", {{"url", "/loans/{{id}}"}}}}}}},
                         {"data", {{"name", "Tom"}, {"id", 7}, {"productId", "tpl-loan"}}}}.dump());
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(body(preview)["title"], "Hi Tom");
  EXPECT_EQ(body(preview)["body"], "Loan tpl-loan is ready");
  EXPECT_EQ(body(preview)["data"]["url"], "/loans/7");
  EXPECT_EQ(body(preview)["variables"], json({"id", "name", "product.name"}));
  auto bad_preview = as("reader1", "POST", "/api/catalogue/templates/preview",
                        json{{"channel", "push"}, {"language", "en"}, {"content", {{"en", {{"title", "Hi"}}}}}}.dump());
  EXPECT_EQ(bad_preview.status, 400);
  EXPECT_NE(body(bad_preview).value("message", "").find("content.en.body: is required"), std::string::npos) << bad_preview.body;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(CatalogueTest, ProcessesPriceAndRenderFromTheCatalogue) {
  json loan = product("proc-loan", good_features());
  loan["validFor"] = {{"startDateTime", "2020-01-01"}};
  loan["eligibility"] = {{{"key", "adult"}, {"condition", "customer.age >= 18"}}};
  loan["prices"] = {{{"key", "interest"}, {"kind", "recurring"}, {"category", "interest"}, {"unit", "percent"},
                     {"table", {{{"when", {{"segment", "vip"}}}, {"value", 6.5}}, {{"when", {{"amount", {1000, 50000}}}}, {"value", 9.5}}}}},
                    {{"key", "fee"}, {"kind", "oneTime"}, {"category", "fee"}, {"unit", "PLN"}, {"expression", "if amount > 10000 then amount * 0.01 else 50"}}};
  publish(loan);
  json sms = sms_template("proc-sms");
  publish(sms, "templates");
  auto deployed = deploy_resource(port_, "catalogue-pricing", "catalogue-pricing.bpmn",
                                  read_text(std::string(DPC_SOURCE_DIR) + "/tests/data/catalogue/catalogue-pricing.bpmn"));
  ASSERT_EQ(deployed.status, 200) << deployed.body;

  auto run = [&](json vars) {
    json variables = json::object();
    for (const auto& [k, v] : vars.items()) variables[k] = {{"value", v}};
    auto started = http_request(port_, "POST", "/engine-rest/process-definition/key/catalogue-pricing/start",
                                json{{"variables", variables}}.dump(), {{"Content-Type", "application/json"}});
    EXPECT_EQ(started.status, 200) << started.body;
    std::string id = body(started).value("id", "");
    auto got = body(http_request(port_, "GET", "/engine-rest/process-instance/" + id + "/variables"));
    json out = json::object();
    for (const auto& [k, v] : got.items()) {
      json value = v["value"];
      out[k] = value.is_string() && v["type"] == "Json" ? json::parse(value.get<std::string>()) : value;
    }
    return out;
  };
  auto mass = run({{"age", 30}, {"segment", "mass"}, {"amount", 20000}, {"months", 24}, {"firstName", "Anna"}, {"language", "pl"}});
  EXPECT_EQ(mass["interestRate"], 9.5) << mass.dump();
  EXPECT_EQ(mass["fee"], 200) << "FEEL price: 1% of 20,000";
  EXPECT_EQ(mass["eligible"], true);
  EXPECT_EQ(mass["productCode"], "AB-123");
  ASSERT_TRUE(mass["confirmationSms"].is_object()) << mass.dump();
  EXPECT_EQ(mass["confirmationSms"]["text"], "Dziękujemy, Anna! rate 9.5%");
  EXPECT_EQ(mass["confirmationSms"]["encoding"], "UCS-2");
  EXPECT_EQ(mass["confirmationSms"]["segments"], 1);

  auto vip = run({{"age", 40}, {"segment", "vip"}, {"amount", 5000}, {"months", 12}, {"firstName", "Tom"}, {"language", "en"}});
  EXPECT_EQ(vip["interestRate"], 6.5) << vip.dump();
  EXPECT_EQ(vip["fee"], 50);
  EXPECT_EQ(vip["confirmationSms"]["text"], "Thank you, Tom! rate 6.5%");
  EXPECT_EQ(vip["confirmationSms"]["encoding"], "GSM-7");

  // Not offered (under age): no price, not eligible.
  auto young = run({{"age", 16}, {"segment", "mass"}, {"amount", 20000}, {"months", 24}, {"firstName", "Ela"}, {"language", "en"}});
  EXPECT_TRUE(young["interestRate"].is_null()) << young.dump();
  EXPECT_EQ(young["eligible"], false);

  // A new Active version prices the next instance at once.
  loan["prices"][1] = {{"key", "fee"}, {"kind", "oneTime"}, {"category", "fee"}, {"unit", "PLN"}, {"value", 99}};
  auto v2 = as("maker1", "POST", "/api/catalogue/products/proc-loan/versions", json{{"prices", loan["prices"]}}.dump());
  ASSERT_EQ(v2.status, 201) << v2.body;
  ASSERT_EQ(as("maker1", "POST", "/api/catalogue/products/proc-loan/versions/2/submit").status, 200);
  ASSERT_EQ(as("checker1", "POST", "/api/catalogue/products/proc-loan/versions/2/publish").status, 200);
  EXPECT_EQ(run({{"age", 30}, {"segment", "mass"}, {"amount", 20000}, {"months", 24}, {"firstName", "Anna"}, {"language", "pl"}})["fee"], 99);
}

// Checks `v` against a Swagger 2.0 schema of `defs`: $ref, allOf, types, items, required
// properties, the date-time format, and no property the schema does not declare. Each
// problem is added with its JSON path.
void check_schema(const json& defs, const json& schema, const json& v, const std::string& path,
                  std::vector<std::string>& problems) {
  if (schema.contains("$ref")) {
    std::string name = schema["$ref"].get<std::string>().substr(std::string("#/definitions/").size());
    if (!defs.contains(name)) {
      problems.push_back(path + ": schema " + name + " is not in the contract");
      return;
    }
    check_schema(defs, defs[name], v, path, problems);
    return;
  }
  // The properties a schema declares, with those of its allOf parts.
  std::map<std::string, json> properties;
  std::vector<std::string> required;
  std::function<void(const json&)> collect = [&](const json& s) {
    const json& r = s.contains("$ref") ? defs[s["$ref"].get<std::string>().substr(14)] : s;
    const json props = r.value("properties", json::object()), req = r.value("required", json::array()),
               parts = r.value("allOf", json::array());
    for (const auto& [k, p] : props.items()) properties[k] = p;
    for (const auto& k : req) required.push_back(k);
    for (const auto& part : parts) collect(part);
  };
  collect(schema);
  std::string type = schema.value("type", properties.empty() ? "" : "object");
  if (type.empty()) return;  // Any
  if (type == "object") {
    if (!v.is_object()) {
      problems.push_back(path + ": must be an object");
      return;
    }
    for (const auto& k : required) {
      if (!v.contains(k)) problems.push_back(path + "." + k + ": is required");
    }
    for (const auto& [k, x] : v.items()) {
      auto p = properties.find(k);
      if (p == properties.end()) problems.push_back(path + "." + k + ": is not a property of the schema");
      else check_schema(defs, p->second, x, path + "." + k, problems);
    }
  } else if (type == "array") {
    if (!v.is_array()) {
      problems.push_back(path + ": must be an array");
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) check_schema(defs, schema.value("items", json::object()), v[i], path + "[" + std::to_string(i) + "]", problems);
  } else if (type == "string") {
    if (!v.is_string()) {
      problems.push_back(path + ": must be a string, not " + v.dump());
    } else if (schema.value("format", "") == "date-time") {
      static const std::regex kRfc3339(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
      if (!std::regex_match(v.get<std::string>(), kRfc3339)) problems.push_back(path + ": must be an RFC 3339 date-time, not " + v.dump());
    }
  } else if (type == "integer") {
    if (!v.is_number_integer()) problems.push_back(path + ": must be an integer, not " + v.dump());
  } else if (type == "number") {
    if (!v.is_number()) problems.push_back(path + ": must be a number, not " + v.dump());
  } else if (type == "boolean") {
    if (!v.is_boolean()) problems.push_back(path + ": must be true or false, not " + v.dump());
  }
}

TEST_F(CatalogueTest, Tmf620AnswersFollowTheContractSchemas) {
  const json contract = json::parse(read_text(std::string(DPC_SOURCE_DIR) + "/tests/data/tmf620/tmf620-v4.1.0-definitions.json"));
  const json& defs = contract["definitions"];
  ASSERT_TRUE(defs.contains("ProductOffering"));
  // A product with every kind of price, in a validity period, and a package holding it.
  json p = product("tmf-schema-loan", good_features());
  p["validFor"] = {{"startDateTime", "2026-01-01"}, {"endDateTime", "2030-01-01T00:00:00Z"}};
  p["channels"] = {{{"channel", "online"}}};
  p["prices"] = {{{"key", "fee"}, {"kind", "oneTime"}, {"category", "fee"}, {"unit", "PLN"}, {"value", 50}},
                 {{"key", "rate"}, {"kind", "recurring"}, {"category", "interest"}, {"unit", "percent"}, {"period", "year"}, {"value", 7.5}},
                 {{"key", "table"}, {"kind", "recurring"}, {"category", "interest"}, {"unit", "percent"}, {"table", {{{"when", json::object()}, {"value", 9}}}}},
                 {{"key", "feel"}, {"kind", "usage"}, {"category", "commission"}, {"expression", "amount * 0.01"}}};
  publish(p);
  json package = product("tmf-schema-package", good_features());
  package["package"] = {{"parts", {{{"product", "tmf-schema-loan"}, {"optional", true}}}}};
  publish(package);
  const std::string base = "/tmf-api/productCatalogManagement/v4";
  const std::pair<const char*, const char*> resources[] = {
      {"productOffering", "ProductOffering"}, {"productSpecification", "ProductSpecification"},
      {"productOfferingPrice", "ProductOfferingPrice"}, {"category", "Category"}, {"catalog", "Catalog"}};
  for (const auto& [resource, definition] : resources) {
    auto list = as("reader1", "GET", base + "/" + resource + "?limit=100");
    ASSERT_EQ(list.status, 200) << resource << ": " << list.body;
    const json items = body(list);
    ASSERT_TRUE(items.is_array() && !items.empty()) << resource;
    std::vector<std::string> problems;
    for (size_t i = 0; i < items.size(); ++i) {
      check_schema(defs, {{"$ref", std::string("#/definitions/") + definition}}, items[i],
                   std::string(resource) + "[" + std::to_string(i) + "]", problems);
      EXPECT_EQ(items[i]["@type"], definition);
      EXPECT_EQ(items[i]["href"], base + "/" + resource + "/" + items[i]["id"].get<std::string>());
    }
    auto one = as("reader1", "GET", base + "/" + resource + "/" + items[0]["id"].get<std::string>());
    ASSERT_EQ(one.status, 200) << one.body;
    check_schema(defs, {{"$ref", std::string("#/definitions/") + definition}}, body(one), std::string(resource) + "/{id}", problems);
    EXPECT_TRUE(problems.empty()) << resource << ":\n" << [&] {
      std::string all;
      for (const auto& x : problems) all += "  " + x + "\n";
      return all;
    }();
  }
  // The checker itself finds what breaks the contract.
  std::vector<std::string> wrong;
  check_schema(defs, {{"$ref", "#/definitions/ProductOffering"}},
               {{"id", "x"}, {"isBundle", "no"}, {"validFor", {{"startDateTime", "2026-01-01"}}}, {"colour", "red"}}, "po", wrong);
  EXPECT_EQ(wrong.size(), 3u) << ::testing::PrintToString(wrong);
  // Errors in TMF's shape.
  auto missing = as("reader1", "GET", base + "/productOffering/nope");
  EXPECT_EQ(missing.status, 404);
  std::vector<std::string> problems;
  check_schema(defs, {{"$ref", "#/definitions/Error"}}, body(missing), "error", problems);
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_F(CatalogueTest, EligibilityRulesMayNameADmnDecision) {
  auto deployed = deploy_resource(port_, "catalogue-eligibility", "catalogue-eligibility.dmn",
                                  read_text(std::string(DPC_SOURCE_DIR) + "/tests/data/catalogue/catalogue-eligibility.dmn"));
  ASSERT_EQ(deployed.status, 200) << deployed.body;
  json loan = product("dmn-loan", good_features());
  loan["validFor"] = {{"startDateTime", "2020-01-01"}};
  loan["eligibility"] = {{{"key", "policy"}, {"decision", "catalogue-eligibility"},
                          {"reason", {{"pl", "Nie spełnia polityki kredytowej."}, {"en", "Does not meet the credit policy."}}}}};
  // A decision that is not deployed, or a rule with both kinds, is refused; nothing stored.
  json unknown = loan;
  unknown["key"] = "dmn-unknown";
  unknown["eligibility"][0]["decision"] = "no-such-decision";
  auto r = as("maker1", "POST", "/api/catalogue/products", unknown.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(body(r).value("message", "").find("eligibility[0].decision: no DMN decision no-such-decision is deployed"), std::string::npos) << r.body;
  json both = loan;
  both["key"] = "dmn-both";
  both["eligibility"][0]["condition"] = "true";
  EXPECT_EQ(as("maker1", "POST", "/api/catalogue/products", both.dump()).status, 400);
  EXPECT_EQ(as("maker1", "GET", "/api/catalogue/products/dmn-unknown").status, 404);
  publish(loan);

  auto offers = [&](json customer) {
    auto res = as("reader1", "POST", "/api/catalogue/offers",
                  json{{"customer", customer}, {"channel", "online"}, {"language", "en"}, {"product", "dmn-loan"}}.dump());
    EXPECT_EQ(res.status, 200) << res.body;
    return body(res);
  };
  EXPECT_EQ(offers({{"age", 30}, {"income", 4000}})["offers"].size(), 1u) << "income rule";
  EXPECT_EQ(offers({{"age", 30}, {"income", 1000}, {"segment", "private"}})["offers"].size(), 1u) << "private segment rule";
  auto low = offers({{"age", 30}, {"income", 1000}, {"segment", "mass"}});
  EXPECT_TRUE(low["offers"].empty()) << "no rule matched: not eligible";
  ASSERT_EQ(low["excluded"].size(), 1u) << low.dump();
  EXPECT_EQ(low["excluded"][0]["reasons"][0]["code"], "eligibility");
  EXPECT_EQ(low["excluded"][0]["reasons"][0]["rule"], "policy");
  EXPECT_EQ(low["excluded"][0]["reasons"][0]["message"], "Does not meet the credit policy.");
  EXPECT_TRUE(offers({{"age", 16}, {"income", 9000}})["offers"].empty()) << "minor";
}

}  // namespace
