// The runtime's view of the repository: deployed processes by id and latest by key.
// Thread-safe (the repository service is).
#pragma once

#include <chrono>
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
  // Called processes (call activities): lookups by version, versionTag or deployment never
  // go stale; a "latest" lookup is trusted for kLatestTtl (a newer version may be deployed).
  static constexpr std::chrono::seconds kLatestTtl{5};
  Result<std::shared_ptr<const DeployedProcess>> load_called_process(
      const CalledProcessLookup& lookup) override;
  std::shared_ptr<const DeployedProcess> cached_called_process(
      const CalledProcessLookup& lookup) override;

 private:
  std::shared_ptr<const DeployedProcess> remember(const DeployedDefinition& d);

  RepositoryService& repository_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const DeployedProcess>> loaded_;
  struct Called {
    std::shared_ptr<const DeployedProcess> process;
    std::chrono::steady_clock::time_point loaded;
  };
  std::unordered_map<std::string, Called> called_;  // by CalledProcessLookup::text()
};

}  // namespace dpc::engine
