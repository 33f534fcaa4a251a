// The rows most commands write (activity history, variable history, engine events, the end
// of an instance) go through statements prepared once per connection, carrying the rows as
// arrays (unnest; the inserts of four tables in one statement), instead of INSERT ... VALUES
// text that PostgreSQL would parse, analyse and plan again for every command. Profiling the straight-through
// benchmark showed that front-end work at about 40% of PostgreSQL's CPU.
//
// The EXECUTEs still travel inside the command's one multi-statement round trip (libpqxx 6
// cannot pipeline protocol-level prepared statements, but SQL EXECUTE reaches the same ones).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "dpc/engine/model.h"
#include "sql_batch.h"

namespace dpc::store {

// Defines and prepares the statements on this connection; cheap once done (libpqxx keeps the
// registry per connection, and a new connection prepares again).
void prepare_history_statements(pqxx::connection_base& c);
// Each statement's name and text (for connections that libpqxx does not manage).
void for_each_history_statement(const std::function<void(const char* name, const char* sql)>& f);

// New history rows of four tables (instances, activity instances, variable updates, engine
// events) as one statement; nothing when all are empty.
void add_history_inserts(SqlBatch& b, const std::vector<const engine::ProcessInstanceRecord*>& instances,
                         const std::vector<engine::ActivityInstanceRecord>& activities,
                         const std::vector<engine::VariableUpdateRecord>& variable_updates,
                         const std::vector<engine::EngineEvent>& events);
// Ends of activity instances inserted before (this command's inserts included).
void add_activity_ends(SqlBatch& b, const std::vector<engine::ActivityInstanceRecord>& rows);
// Deletes every runtime row of an ended instance (one statement for the seven tables).
void add_instance_runtime_delete(SqlBatch& b, const std::string& instance_id);


}  // namespace dpc::store
