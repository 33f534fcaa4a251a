// A database connection of its own (plain libpq, which libpqxx 6 does not expose) that runs a
// SqlBatch in libpq's pipeline mode: every statement goes out at once, prepared statements
// as Bind/Execute with their parameters out of band (PostgreSQL lexes and parses no SQL text
// for them), and the whole batch is one implicit transaction ending at the pipeline's sync.
// The group commit of new instances writes through one of these (runtime_store.cpp), with
// the history arrays in PostgreSQL's binary format: parsing the multi-statement text with
// its array literals had been about a sixth of PostgreSQL's CPU in the straight-through
// benchmark.
//
// Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <deque>
#include <memory>
#include <vector>
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

  // Sends every statement of `batch` and a sync: one transaction. Several batches may be
  // sent before their results are read; PostgreSQL runs them in order. Connects (and
  // prepares the history statements) on first use and again after a lost connection.
  // Returns a ticket for receive_statements() and receive_commit().
  Result<long> send(const SqlBatch& batch);
  // Read the results of the oldest batch sent, in two steps; `ticket` is what send()
  // returned for it. PostgreSQL sends a batch's statement results as soon as they have run,
  // before it commits (a flush request follows the statements), so receive_statements()
  // returns once the batch has run and its commit (the WAL flush) is under way;
  // receive_commit() then waits for the commit. Between the two, the next batch can be sent
  // and reach PostgreSQL while it flushes. Errors (receive_commit): kUnavailable when the
  // connection was lost (the batch may or may not have been committed), kInternal when a
  // statement failed (nothing of that batch was committed).
  Status receive_statements(long ticket);
  Status receive_commit(long ticket);
  // Waits until results have arrived (true) or `other_fd` (an eventfd; -1: none) is readable
  // (false, after reading it). True too when the connection is gone (receive_commit() then
  // reports it).
  bool wait(int other_fd);

 private:
  struct Conn;
  Status connect();
  bool results_ready();  // consumes what has arrived; true when gone too

  Error lost(const std::string& what);
  std::string url_;
  std::unique_ptr<Conn> conn_;
  long generation_ = 0;  // connections made so far: a ticket names the one it was sent on
  struct Sent {
    std::vector<std::string> statements;  // for errors
    bool read = false;                    // receive_statements() done
    std::string failure;                  // the first statement that failed
  };
  std::deque<Sent> sent_;  // per batch sent and not received
};

}  // namespace dpc::store
