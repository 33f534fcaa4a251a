// DecisionSource: where the engine gets deployed decisions (for business rule tasks), the
// counterpart of ProcessDefinitionSource. RepositoryDecisionSource implements it over the
// RepositoryService. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "dpc/core/result.h"
#include "dpc/engine/decision_definition.h"

namespace dpc::engine {

class RepositoryService;

class DecisionSource {
 public:
  virtual ~DecisionSource() = default;
  // Finds the decision a lookup names, with database work if needed, and remembers it.
  // kNotFound when none matches.
  virtual Result<std::shared_ptr<const DeployedDecision>> load_decision(const DecisionLookup& l) = 0;
  // Only what is at hand without database work (a command holding an instance lock must not
  // wait for a second pooled connection). nullptr makes the command call load_decision
  // outside its transaction and run again.
  virtual std::shared_ptr<const DeployedDecision> cached_decision(const DecisionLookup& l) = 0;
};

// Remembers every decision it loaded. Lookups by version, versionTag or deployment never
// go stale; a "latest" lookup is trusted until this node deploys new decisions or for
// kLatestTtl (another node may have deployed a newer version meanwhile).
class RepositoryDecisionSource : public DecisionSource {
 public:
  static constexpr std::chrono::seconds kLatestTtl{5};
  // `repository` must outlive the source.
  explicit RepositoryDecisionSource(RepositoryService& repository) : repository_(repository) {}
  Result<std::shared_ptr<const DeployedDecision>> load_decision(const DecisionLookup& l) override;
  std::shared_ptr<const DeployedDecision> cached_decision(const DecisionLookup& l) override;

 private:
  struct Entry {
    std::shared_ptr<const DeployedDecision> decision;
    std::uint64_t generation = 0;
    std::chrono::steady_clock::time_point loaded;
  };
  RepositoryService& repository_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> loaded_;  // by lookup text; guarded by mu_
};

}  // namespace dpc::engine
