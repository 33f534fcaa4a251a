// A process definition as deployed: its identity (id, key, version) and the parsed model.
// Immutable; shared between threads and commands.
#pragma once

#include <memory>
#include <string>

#include "dpc/bpmn/definition.h"

namespace dpc::engine {

struct DeployedProcess {
  std::string id;   // key:version:uuid
  std::string key;
  int version = 0;
  std::string tenant_id;
  std::string deployment_id;
  bool suspended = false;
  std::shared_ptr<const bpmn::ProcessDefinition> model;
};

}  // namespace dpc::engine
