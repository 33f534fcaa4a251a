#include "database_setup.h"

#include <spdlog/spdlog.h>

#include "dpc/store/database.h"

namespace dpc::app {

Result<DatabaseSetup> open_database(const ServeConfig& config) {
  DatabaseSetup setup;
  if (!config.database_url.empty()) {
    setup.url = config.database_url;
    spdlog::info("using database {}", store::redact_url(setup.url));
    return setup;
  }
  auto pg = store::EmbeddedPostgres::start(config.data_dir, config.pg_bindir);
  if (!pg) return pg.error();
  setup.embedded = std::move(*pg);
  setup.url = setup.embedded->url();
  return setup;
}

}  // namespace dpc::app
