// PostgreSQL implementation of the engine's TaskNoteStore port (task comments and
// attachments, the attachments' bytes in a bytea column).
#pragma once

#include <memory>

#include "dpc/engine/task_notes.h"
#include "dpc/store/database.h"

namespace dpc::store {

// `db` must outlive the returned store.
std::unique_ptr<engine::TaskNoteStore> make_task_note_store(Database& db);

}  // namespace dpc::store
