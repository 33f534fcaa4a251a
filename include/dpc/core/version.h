// Build identity of this dpc binary.
#pragma once

namespace dpc {
// dpc's own version.
const char* version();
// The Camunda 7 REST API version whose contract /engine-rest follows.
inline constexpr const char* kCamundaApiVersion = "7.24.0";
}  // namespace dpc
