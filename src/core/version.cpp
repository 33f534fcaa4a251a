#include "dpc/core/version.h"

namespace dpc {
const char* version() { return DPC_VERSION; }
}  // namespace dpc
