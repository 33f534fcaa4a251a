// The runtime's view of the repository: deployed processes by id and latest by key.
// Thread-safe (the repository service is).
#pragma once

#include <shared_mutex>
#include <unordered_map>

#include "dpc/engine/repository.h"
#include "dpc/engine/runtime_service.h"

namespace dpc::engine {

class RepositoryDefinitionSource : public ProcessDefinitionSource {
 public:
  explicit RepositoryDefinitionSource(RepositoryService& repository) : repository_(repository) {}
  Result<std::shared_ptr<const DeployedProcess>> process_by_id(const std::string& id) override;
  Result<std::shared_ptr<const DeployedProcess>> latest_process_by_key(const std::string& key) override;
  // Every definition loaded once stays here: ids, keys, versions and models never change.
  std::shared_ptr<const DeployedProcess> cached_process(const std::string& id) override;

 private:
  std::shared_ptr<const DeployedProcess> remember(const DeployedDefinition& d);

  RepositoryService& repository_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const DeployedProcess>> loaded_;
};

}  // namespace dpc::engine
