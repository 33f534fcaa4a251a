// REST resources of deployed decisions, as Camunda 7's engine-rest serves them:
//   GET  /engine-rest/decision-definition, /decision-definition/count
//   GET  /engine-rest/decision-definition/{id}, /key/{key}, /key/{key}/tenant-id/{tenantId}
//   GET  the same three with /xml                       → {id, dmnXml}
//   POST the same three with /evaluate                  {"variables": {...}}
//        → [{outputName: {value, type, valueInfo}}, ...] one map per rule result
//   GET  /engine-rest/history/decision-instance (+ /count)
// Handlers translate JSON to RepositoryService and decision evaluation calls; no rules here.
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/engine/decision_history.h"
#include "dpc/engine/repository.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `repository` (and `history`, when given: evaluations are then recorded) must outlive the
// router.
void add_decision_routes(Router& router, engine::RepositoryService& repository,
                         engine::DecisionHistoryStore* history = nullptr);
// GET /engine-rest/history/decision-instance, /history/decision-instance/count
// (includeInputs, includeOutputs; filters by decision, process and activity; paging).
void add_decision_history_routes(Router& router, engine::DecisionHistoryStore& history);

// DecisionDefinitionDto.
nlohmann::json decision_definition_dto(const engine::DecisionDefinitionRecord& d);

}  // namespace dpc::http
