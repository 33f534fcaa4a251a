// The users a node creates at start: the first administrator from DPC_ADMIN_USER /
// DPC_ADMIN_PASSWORD, and with --demo the demo users and groups that the bpmn-samples use
// (printed at start-up). Without these, no user and no default password exists anywhere.
#pragma once

#include "dpc/app/config.h"
#include "dpc/identity/identity_service.h"

namespace dpc::app {

// Creates what is missing; an existing user is left as it is (its password unchanged).
// Failures are logged, never fatal (the server still starts; nobody can log in until an
// administrator exists: `dpc admin create-user`).
void bootstrap_identity(identity::IdentityService& identity, const ServeConfig& config);

}  // namespace dpc::app
