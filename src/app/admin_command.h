// `dpc admin <subcommand>`: administration against the node's database without a server.
//   dpc admin create-user --id ID --password-stdin [--group G ...] [--first-name F]
//                         [--last-name L] [--email E] [--database-url URL] [--data-dir DIR]
// Opens the database as `dpc migrate` does, applies migrations, then creates the user (the
// password policy applies), the missing groups and the memberships. Returns the exit code:
// 0 done, 1 refused or failed (message on stderr), 2 bad command line.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "dpc/app/config.h"

namespace dpc::app {

int run_admin(const ServeConfig& config, const std::vector<std::string>& args, std::istream& in);

}  // namespace dpc::app
