// Column lists and row readers for the runtime tables, shared by the runtime store and the
// runtime queries so each table is described once.
#pragma once

#include <pqxx/pqxx>

#include "dpc/engine/jobs.h"
#include "dpc/engine/model.h"
#include "sql_batch.h"

namespace dpc::store {

extern const char* const kExecutionColumns;
extern const char* const kTaskColumns;
extern const char* const kExternalTaskColumns;
extern const char* const kVariableColumns;
extern const char* const kIncidentColumns;
extern const char* const kProcInstColumns;
extern const char* const kJobColumns;  // job_store.cpp
// Whether job `j` is suspended: its instance (LEFT JOINed as `p`) is, or for a timer start
// event's job its process definition (job_store.cpp).
extern const char* const kJobSuspended;

engine::ExecutionRecord read_execution(const pqxx::row& r);
engine::TaskRecord read_task(const pqxx::row& r);
engine::ExternalTaskRecord read_external_task(const pqxx::row& r);
engine::VariableRecord read_variable(const pqxx::row& r);
engine::IncidentRecord read_incident(const pqxx::row& r);
engine::ProcessInstanceRecord read_proc_inst(const pqxx::row& r);
engine::JobRecord read_job(const pqxx::row& r);

std::string values_of(const SqlBatch& b, const engine::ExecutionRecord& e);
std::string values_of(const SqlBatch& b, const engine::TaskRecord& t);
std::string values_of(const SqlBatch& b, const engine::ExternalTaskRecord& t);
std::string values_of(const SqlBatch& b, const engine::VariableRecord& v);
std::string values_of(const SqlBatch& b, const engine::IncidentRecord& i);
std::string values_of(const SqlBatch& b, const engine::ProcessInstanceRecord& p);
std::string values_of(const SqlBatch& b, const engine::JobRecord& j);

}  // namespace dpc::store
