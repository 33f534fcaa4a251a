// Internal to the repository: the deploy-time steps for Camunda Forms (form_repository.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dpc/engine/repository.h"

namespace dpc::engine {

// The form id of every *.form resource (resource name -> id), read with `reader`; none
// without a reader. kInvalidArgument for a broken form or an id used twice.
Result<std::map<std::string, std::string>> read_forms(const RepositoryService::FormReader& reader,
                                                      const std::vector<DeploymentResource>& resources);

// Versions and inserts the forms among `to_deploy` (keys locked in order).
Status store_forms(RepositoryTransaction& tx, const std::vector<const DeploymentResource*>& to_deploy,
                   const std::map<std::string, std::string>& form_ids, const DeploymentRecord& d);

}  // namespace dpc::engine
