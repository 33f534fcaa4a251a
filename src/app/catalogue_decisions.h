// The catalogue's eligibility rules that name a DMN decision, bound to the engine's deployed
// decisions (the catalogue module knows no engine; this is where the two meet).
#pragma once

#include "dpc/catalogue/offers.h"
#include "dpc/engine/decision_source.h"

namespace dpc::app {

// Binds a decision key to its latest deployed version (kNotFound naming it when there is
// none). The call evaluates it over the rule's inputs (each a variable; objects and lists as
// Json) and answers the first output of its first result, null when no rule matched.
// `decisions` must outlive what this returns.
catalogue::DecisionResolver catalogue_decisions(engine::DecisionSource& decisions);

}  // namespace dpc::app
