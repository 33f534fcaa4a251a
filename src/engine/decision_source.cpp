#include "dpc/engine/decision_source.h"

#include <mutex>

#include "dpc/engine/repository.h"

namespace dpc::engine {

namespace {
std::string cache_key(const DecisionLookup& l) {
  std::string out = l.binding + "|" + l.key + "|" + l.tenant_id + "|";
  if (l.binding == "version") out += l.version ? std::to_string(*l.version) : "";
  else if (l.binding == "versionTag") out += l.version_tag;
  else if (l.binding == "deployment") out += l.deployment_id;
  return out;
}
}  // namespace

Result<std::shared_ptr<const DeployedDecision>> RepositoryDecisionSource::load_decision(
    const DecisionLookup& l) {
  std::uint64_t generation = repository_.decisions_generation();
  auto record = repository_.find_decision_definition(l);
  if (!record) return record.error();
  auto deployed = repository_.deployed_decision(*record);
  if (!deployed) return deployed.error();
  auto d = std::make_shared<const DeployedDecision>(std::move(*deployed));
  std::unique_lock lock(mu_);
  loaded_[cache_key(l)] = {d, generation, std::chrono::steady_clock::now()};
  return d;
}

std::shared_ptr<const DeployedDecision> RepositoryDecisionSource::cached_decision(
    const DecisionLookup& l) {
  std::shared_lock lock(mu_);
  auto it = loaded_.find(cache_key(l));
  if (it == loaded_.end()) return nullptr;
  const Entry& e = it->second;
  if (l.binding == "latest" || l.binding.empty()) {
    if (e.generation != repository_.decisions_generation()) return nullptr;
    if (std::chrono::steady_clock::now() - e.loaded > kLatestTtl) return nullptr;
  }
  return e.decision;
}

}  // namespace dpc::engine
