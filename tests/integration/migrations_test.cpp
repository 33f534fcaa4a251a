// Migrations against a real PostgreSQL: order, idempotence, failure, and two nodes at once.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include <pqxx/pqxx>

#include "dpc/store/database.h"
#include "http_client.h"
#include "server_process.h"

using namespace dpc::test;
using dpc::store::Database;
using dpc::store::Migration;
using namespace std::chrono_literals;

namespace {

int count_rows(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::nontransaction tx(c);
  return tx.exec(sql)[0][0].as<int>();
}

int count_matches(const std::string& text, const std::string& pattern) {
  std::regex re(pattern);
  return static_cast<int>(std::distance(std::sregex_iterator(text.begin(), text.end(), re),
                                        std::sregex_iterator()));
}

TEST(Migrations, EmbeddedMigrationsAreOrderedAndNamed) {
  const auto& ms = dpc::store::embedded_migrations();
  ASSERT_FALSE(ms.empty());
  for (size_t i = 0; i < ms.size(); ++i) {
    EXPECT_TRUE(std::regex_match(ms[i].name, std::regex(R"(\d{4}_\w+\.sql)"))) << ms[i].name;
    if (i > 0) {
      EXPECT_LT(ms[i - 1].version, ms[i].version);
    }
  }
}

TEST(Migrations, AppliesEachOnceAndRecordsIt) {
  std::string url = create_test_database("mig");
  Database db(url);
  const auto& ms = dpc::store::embedded_migrations();
  auto first = db.migrate(ms);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, static_cast<int>(ms.size()));
  auto second = db.migrate(ms);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM schema_migrations"),
            static_cast<int>(ms.size()));
  auto health = db.health(static_cast<int>(ms.size()));
  EXPECT_TRUE(health.healthy());
}

TEST(Migrations, FailingMigrationNamesTheFileAndKeepsNothingOfIt) {
  std::string url = create_test_database("migfail");
  Database db(url);
  std::vector<Migration> ms = {
      {1, "0001_good.sql", "CREATE TABLE good (id int)"},
      {2, "0002_bad.sql", "CREATE TABLE half (id int); CREATE TABL broken (id int)"},
      {3, "0003_after.sql", "CREATE TABLE after_bad (id int)"},
  };
  auto r = db.migrate(ms);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("0002_bad.sql"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("syntax error"), std::string::npos) << r.error().message;
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM schema_migrations"), 1);
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'half'"), 0);
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'after_bad'"), 0);
  // The advisory lock was released: another run can proceed (and fail the same way).
  Database again(url);
  auto r2 = again.migrate(ms);
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.error().message.find("0002_bad.sql"), std::string::npos);
}

TEST(Migrations, ConcurrentRunnersApplyEachMigrationOnce) {
  std::string url = create_test_database("migconc");
  std::vector<Migration> ms;
  for (int v = 1; v <= 5; ++v) {
    ms.push_back({v, "000" + std::to_string(v) + "_t.sql",
                  "CREATE TABLE t" + std::to_string(v) + " (id int); SELECT pg_sleep(0.05)"});
  }
  std::atomic<int> total{0}, failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      Database db(url);
      auto r = db.migrate(ms);
      if (r.ok()) total += *r;
      else ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(total.load(), 5);
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM schema_migrations"), 5);
}

TEST(Migrations, TwoServersStartingTogetherApplyMigrationsOnce) {
  std::string url = create_test_database("migtwo");
  int port_a = free_port(), port_b = free_port();
  std::string log_a = "/tmp/dpc-mig-a-" + std::to_string(getpid()) + ".log";
  std::string log_b = "/tmp/dpc-mig-b-" + std::to_string(getpid()) + ".log";
  unlink(log_a.c_str());
  unlink(log_b.c_str());
  ServerProcess a({"serve"}, {{"DPC_DATABASE_URL", url}, {"DPC_PORT", std::to_string(port_a)}},
                  "", log_a);
  ServerProcess b({"serve"}, {{"DPC_DATABASE_URL", url}, {"DPC_PORT", std::to_string(port_b)}},
                  "", log_b);
  ASSERT_TRUE(a.wait_for_health(port_a, 30s)) << a.log();
  ASSERT_TRUE(b.wait_for_health(port_b, 30s)) << b.log();
  int n = static_cast<int>(dpc::store::embedded_migrations().size());
  EXPECT_EQ(count_matches(a.log() + b.log(), "applied migration"), n) << a.log() << b.log();
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM schema_migrations"), n);
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  EXPECT_EQ(a.wait_exit(20s), 0);
  EXPECT_EQ(b.wait_exit(20s), 0);
}

TEST(Migrations, MigrateCommandAppliesAndExits) {
  std::string url = create_test_database("migcmd");
  auto [code, out] = run_dpc({"migrate"}, {{"DPC_DATABASE_URL", url}});
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(count_rows(url, "SELECT count(*) FROM schema_migrations"),
            static_cast<int>(dpc::store::embedded_migrations().size()));
}

}  // namespace
