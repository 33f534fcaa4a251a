// The `serve` and `migrate` subcommands. Each returns the process exit code.
#pragma once

#include "dpc/app/config.h"

namespace dpc::app {

int run_serve(const ServeConfig& config);
int run_migrate(const ServeConfig& config);

}  // namespace dpc::app
