// Decision definitions: the decisions of deployed DMN resources, versioned per decision key
// and tenant like process definitions (ids key:version:uuid). Plain records and the query
// the repository answers, plus a deployed decision with its parsed, immutable DMN model.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/dmn/model.h"

namespace dpc::engine {

struct DecisionDefinitionRecord {
  std::string id;  // key:version:uuid
  std::string key;           // the decision's id attribute
  int version = 0;
  std::string name;
  std::string category;      // the definitions' namespace
  std::string resource_name;
  std::string deployment_id;
  std::string version_tag;
  std::optional<int> history_ttl_days;
  std::string tenant_id;
  std::int64_t deploy_time = 0;
};

// A decision of a deployment: its record and the parsed model of its DMN resource (shared
// by every decision of that resource). Immutable; shared between threads.
struct DeployedDecision {
  DecisionDefinitionRecord record;
  std::shared_ptr<const dmn::Model> model;
};

// How a business rule task (or a REST call) names the decision it wants; binding as
// camunda:decisionRefBinding: latest (default), deployment, version, versionTag.
struct DecisionLookup {
  std::string key;
  std::string binding = "latest";
  std::optional<int> version;
  std::string version_tag;
  std::string deployment_id;  // binding "deployment": the calling process's deployment
  std::string tenant_id;
  bool operator==(const DecisionLookup&) const = default;
};

}  // namespace dpc::engine
