// A private PostgreSQL cluster that dpc runs for itself when no database is configured.
//
// Layout under the data folder: `cluster/` (PGDATA), `postgres.log`, and the unix socket
// (in the data folder, or under /tmp when that path is too long for a socket). The server
// listens on the socket only, never on TCP. When dpc runs as root, initdb and postgres run
// as the unprivileged `postgres` user (which owns the data folder).
//
// The postmaster is a child of dpc with a parent-death signal, so even a SIGKILLed dpc
// leaves no server behind; a stale postmaster.pid from such a run is handled on restart.
// Not thread-safe: start and stop from the controlling thread.
#pragma once

#include <memory>
#include <string>

#include "dpc/core/result.h"

namespace dpc::store {

class EmbeddedPostgres {
 public:
  // Creates the cluster on first use (initdb), starts it, waits until it accepts
  // connections and makes sure database `dpc` exists. Errors carry the tail of the
  // server's log. `bindir`: PostgreSQL's programs (empty = the newest under
  // /usr/lib/postgresql).
  static Result<std::unique_ptr<EmbeddedPostgres>> start(const std::string& data_dir,
                                                         const std::string& bindir = "");

  ~EmbeddedPostgres();  // stop()
  EmbeddedPostgres(const EmbeddedPostgres&) = delete;
  EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

  // libpq connection string of the `dpc` database on the cluster's socket.
  const std::string& url() const { return url_; }
  bool created_now() const { return created_now_; }

  // Fast shutdown (SIGINT), waiting for the postmaster to exit. Idempotent.
  void stop();

 private:
  EmbeddedPostgres() = default;
  std::string url_;
  bool created_now_ = false;
  int pid_ = -1;
};

}  // namespace dpc::store
