// The database a command runs against: the configured one (DPC_DATABASE_URL), or a private
// PostgreSQL cluster in the data folder that lives as long as the DatabaseSetup.
#pragma once

#include <memory>
#include <string>

#include "dpc/app/config.h"
#include "dpc/core/result.h"
#include "dpc/store/embedded_postgres.h"

namespace dpc::app {

struct DatabaseSetup {
  std::unique_ptr<store::EmbeddedPostgres> embedded;
  std::string url;
};

// Starts the private cluster when no database is configured; logs which database is used.
Result<DatabaseSetup> open_database(const ServeConfig& config);

}  // namespace dpc::app
