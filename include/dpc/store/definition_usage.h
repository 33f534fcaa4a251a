// PostgreSQL implementation of the repository's DefinitionUsage port: running instances of
// definitions (count, cascade delete, suspend) for deployment deletes and suspensions.
#pragma once

#include <memory>

#include "dpc/engine/repository.h"
#include "dpc/store/database.h"

namespace dpc::store {

std::unique_ptr<engine::DefinitionUsage> make_definition_usage(Database& db);

}  // namespace dpc::store
