// How a node runs processes: its job executor and the group commit of new instances.
#pragma once

#include <cstddef>

#include "dpc/engine/job_executor.h"

namespace dpc::app {

struct RuntimeOptions {
  engine::JobExecutor::Options jobs;
  size_t group_pipeline = 2;  // group commit batches under way at once (DPC_GROUP_PIPELINE)
};

}  // namespace dpc::app
