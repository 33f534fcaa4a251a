// A database connection of its own (plain libpq, which libpqxx 6 does not expose) that runs a
// SqlBatch in libpq's pipeline mode: every statement goes out at once, prepared statements
// as Bind/Execute with their parameters out of band (PostgreSQL lexes and parses no SQL text
// for them), and the whole batch is one implicit transaction ending at the pipeline's sync.
// The group commit of new instances writes through these (runtime_store.cpp): parsing the
// multi-statement text with its array literals had been about a sixth of PostgreSQL's CPU in
// the straight-through benchmark.
//
// Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <memory>
#include <string>

#include "dpc/core/result.h"
#include "sql_batch.h"

namespace dpc::store {

class PipelineConnection {
 public:
  explicit PipelineConnection(std::string url);
  ~PipelineConnection();
  PipelineConnection(const PipelineConnection&) = delete;
  PipelineConnection& operator=(const PipelineConnection&) = delete;

  // Runs every statement of `batch` in one transaction and one round trip. Connects (and
  // prepares the history statements) on first use and again after a lost connection.
  // Errors: kUnavailable when the database cannot be reached, kInternal when a statement
  // failed (nothing of the batch is then committed).
  Status run(const SqlBatch& batch);

 private:
  struct Conn;
  Status connect();
  std::string url_;
  std::unique_ptr<Conn> conn_;
};

}  // namespace dpc::store
