#include "dpc/app/config.h"

#include <gtest/gtest.h>

#include <map>

using namespace dpc::app;

namespace {

EnvGetter env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

dpc::Result<Command> parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_command_line(args, env_of(std::move(env)));
}

}  // namespace

namespace dpc::app {
namespace {

TEST(Config, NoArgumentsMeansHelp) {
  auto c = parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "help");
}

TEST(Config, ServeDefaults) {
  auto c = parse({"serve"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "serve");
  EXPECT_EQ(c->config.port, 8080);
  EXPECT_EQ(c->config.bind_address, "0.0.0.0");
  EXPECT_EQ(c->config.database_url, "");
  EXPECT_EQ(c->config.data_dir, "./var/pg");
  EXPECT_EQ(c->config.log_level, "info");
}

TEST(Config, FlagsInBothForms) {
  auto c = parse({"serve", "--port", "9000", "--bind=127.0.0.1", "--log-level", "debug",
                  "--database-url=postgresql://u:p@h/db", "--no-access-log"});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->config.port, 9000);
  EXPECT_EQ(c->config.bind_address, "127.0.0.1");
  EXPECT_EQ(c->config.log_level, "debug");
  EXPECT_EQ(c->config.database_url, "postgresql://u:p@h/db");
  EXPECT_FALSE(c->config.access_log);
}

TEST(Config, EnvironmentIsReadAndFlagsWin) {
  auto c = parse({"serve", "--port", "9001"},
                 {{"DPC_PORT", "7000"}, {"DPC_DATA_DIR", "/srv/dpc"}, {"DPC_WORKERS", "4"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.port, 9001);
  EXPECT_EQ(c->config.data_dir, "/srv/dpc");
  EXPECT_EQ(c->config.worker_threads, 4);
}

TEST(Config, JobExecutorOptionsFromFlagOrEnvironment) {
  auto c = parse({"serve"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.job_lock_millis, 300000);
  c = parse({"serve"}, {{"DPC_JOB_LOCK_MILLIS", "4000"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.job_lock_millis, 4000);
  c = parse({"serve", "--job-lock-millis=2500"}, {{"DPC_JOB_LOCK_MILLIS", "4000"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.job_lock_millis, 2500);
  EXPECT_EQ(c->config.job_threads, 4);
  c = parse({"serve", "--job-threads", "2"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.job_threads, 2);
}

TEST(Config, EmptyEnvironmentVariableCountsAsUnset) {
  auto c = parse({"serve"}, {{"DPC_DATABASE_URL", ""}, {"DPC_DATA_DIR", ""}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.database_url, "");
  EXPECT_EQ(c->config.data_dir, "./var/pg");
}

TEST(Config, TlsFilesAndCorsOriginsFromFlagOrEnvironment) {
  auto c = parse({"serve"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.tls_cert_file, "");
  EXPECT_TRUE(c->config.cors_origins.empty());
  c = parse({"serve", "--tls-cert", "/etc/dpc/cert.pem"}, {{"DPC_TLS_KEY", "/etc/dpc/key.pem"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->config.tls_cert_file, "/etc/dpc/cert.pem");
  EXPECT_EQ(c->config.tls_key_file, "/etc/dpc/key.pem");
  c = parse({"serve"}, {{"DPC_CORS_ORIGINS", "https://App.example.com, http://localhost:3000"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->config.cors_origins,
            (std::vector<std::string>{"https://app.example.com", "http://localhost:3000"}));
}

struct BadCase {
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string must_mention;
};

// How ctest lists a case: the command line and environment it tries.
void PrintTo(const BadCase& c, std::ostream* os) {
  for (const auto& [k, v] : c.env) *os << k << '=' << v << ' ';
  for (std::size_t i = 0; i < c.args.size(); ++i) *os << (i ? " " : "") << c.args[i];
}

class BadConfigTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfigTest, IsAnErrorNamingTheCulprit) {
  auto c = parse(GetParam().args, GetParam().env);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find(GetParam().must_mention), std::string::npos)
      << c.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadConfigTest,
    ::testing::Values(BadCase{{"serve", "--port", "abc"}, {}, "--port"},
                      BadCase{{"serve", "--port", "65536"}, {}, "65536"},
                      BadCase{{"serve", "--port"}, {}, "needs a value"},
                      BadCase{{"serve", "--what"}, {}, "--what"},
                      BadCase{{"serve", "--log-level=loud"}, {}, "loud"},
                      BadCase{{"serve", "--workers", "0"}, {}, "--workers"},
                      BadCase{{"serve", "--max-body", "10"}, {}, "--max-body"},
                      BadCase{{"serve", "--job-lock-millis", "5"}, {}, "--job-lock-millis"},
                      BadCase{{"serve"}, {{"DPC_JOB_LOCK_MILLIS", "soon"}}, "DPC_JOB_LOCK_MILLIS"},
                      BadCase{{"serve", "--job-threads", "0"}, {}, "--job-threads"},
                      BadCase{{"serve", "--no-access-log=1"}, {}, "takes no value"},
                      BadCase{{"serve", "extra"}, {}, "extra"},
                      BadCase{{"serve"}, {{"DPC_PORT", "x"}}, "DPC_PORT"},
                      BadCase{{"serve"}, {{"DPC_WORKERS", "-1"}}, "DPC_WORKERS"},
                      BadCase{{"serve", "--tls-cert", "c.pem"}, {}, "--tls-key"},
                      BadCase{{"serve"}, {{"DPC_TLS_KEY", "k.pem"}}, "--tls-cert"},
                      BadCase{{"serve", "--cors-origins", "*"}, {}, "--cors-origins"},
                      BadCase{{"serve", "--cors-origins", "https://a.example/app"}, {}, "https://a.example/app"},
                      BadCase{{"serve"}, {{"DPC_CORS_ORIGINS", "a.example"}}, "DPC_CORS_ORIGINS"},
                      BadCase{{"serve"}, {{"DPC_GROUP_PIPELINE", "0"}}, "DPC_GROUP_PIPELINE"},
                      BadCase{{"serve", "--script-timeout-ms", "soon"}, {}, "--script-timeout-ms"},
                      BadCase{{"launch"}, {}, "launch"}));

TEST(Config, EngineAndStoreSettingsComeFromTheConfigurationNotTheirModules) {
  auto c = parse({"serve"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.group_pipeline, 2);
  EXPECT_EQ(c->config.script_timeout_ms, 2000);
  EXPECT_EQ(c->config.pg_bindir, "");
  c = parse({"serve", "--group-pipeline", "4"},
            {{"DPC_SCRIPT_TIMEOUT_MS", "500"}, {"DPC_PG_BINDIR", "/usr/lib/postgresql/15/bin"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->config.group_pipeline, 4);
  EXPECT_EQ(c->config.script_timeout_ms, 500);
  EXPECT_EQ(c->config.pg_bindir, "/usr/lib/postgresql/15/bin");
}

TEST(Config, HelpFlagAnywhereShowsHelp) {
  auto c = parse({"serve", "--help"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "help");
  EXPECT_NE(usage().find("DPC_DATABASE_URL"), std::string::npos);
}

}  // namespace
}  // namespace dpc::app
