// The limits of one JavaScript run (script tasks, conditions, listeners, parameters). Set once
// at start from the server's configuration (DPC_SCRIPT_TIMEOUT_MS); 2 s until then.
#pragma once

#include <chrono>

namespace dpc::engine {

void set_script_time_limit(std::chrono::milliseconds limit);

}  // namespace dpc::engine
