// Incidents raised and resolved by the stores outside an engine command (a failed job, an
// external task failing with no retries left): the runtime row and its history row.
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "dpc/core/strings.h"
#include "dpc/engine/model.h"

namespace dpc::store {

// What an incident is about: `configuration` is the failed job's or external task's id.
struct IncidentSubject {
  std::string configuration, process_instance_id, execution_id, activity_id, process_definition_id;
};

// Raises an incident of `type` for the subject, unless one is open for it already.
inline void raise_incident(pqxx::work& tx, const char* type, const IncidentSubject& s,
                           const std::string& message, engine::Millis now) {
  auto exists = tx.exec_params("SELECT 1 FROM incident WHERE configuration = $1", s.configuration);
  if (!exists.empty()) return;
  std::string id = new_uuid();
  tx.exec_params(
      "INSERT INTO incident (id, type, message, proc_inst_id, execution_id, activity_id, "
      "proc_def_id, configuration, created) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
      id, type, message, s.process_instance_id, s.execution_id, s.activity_id,
      s.process_definition_id, s.configuration, now);
  tx.exec_params(
      "INSERT INTO hi_incident (id, type, message, proc_inst_id, activity_id, proc_def_id, "
      "configuration, created) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
      id, type, message, s.process_instance_id, s.activity_id, s.process_definition_id,
      s.configuration, now);
}

// Resolves the open incidents of a job or external task (its retries were set again).
inline void resolve_incidents(pqxx::work& tx, const std::string& configuration, engine::Millis now) {
  tx.exec_params("UPDATE hi_incident SET state = 'resolved', end_time = $2 "
                 "WHERE configuration = $1 AND state = 'open'", configuration, now);
  tx.exec_params("DELETE FROM incident WHERE configuration = $1", configuration);
}

}  // namespace dpc::store
