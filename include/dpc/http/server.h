// The HTTP/1.1 server: an async Beast listener and sessions on request threads, each running
// an io_context of its own; ordinary handlers run on the thread that read the request,
// handlers that may wait long (long polling) on a separate worker pool.
//
// Every answer carries security headers (nosniff, no framing, same-origin referrers, a
// Content-Security-Policy: strict for the API, one the web app can run under for its files);
// with TLS also Strict-Transport-Security. CORS only for the configured origins (cors.h).
// The access log line names method, path (never the query), status and time: no header,
// cookie or body is ever logged.
//
// Thread-safety: start() and stop() are called from one controlling thread. The router
// must not change while the server runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/http/router.h"

namespace dpc::http {

struct ServerOptions {
  std::string bind_address = "0.0.0.0";
  uint16_t port = 8080;  // 0 = any free port (see Server::port())
  // Request threads (network I/O and ordinary handlers): worker_threads (at least 1);
  // worker_threads more run the requests that may wait long (external-task long polling).
  int worker_threads = 8;
  size_t max_body_bytes = 16 * 1024 * 1024;   // larger bodies get 413
  std::chrono::seconds read_timeout{30};      // per request, header and body
  std::chrono::seconds idle_timeout{75};      // keep-alive connections
  std::string static_root;                    // built web app; empty = none
  bool access_log = true;                     // one line per request
  // TLS (1.2 and 1.3 only) with this PEM certificate chain and private key; both empty =
  // plain HTTP. Files that cannot be read or do not match make start() fail.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::vector<std::string> cors_origins;      // see Cors; empty = no CORS
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();  // stops if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. Fails (as a value) if the address cannot be bound or the
  // TLS files cannot be used (the message names the file and the reason).
  Status start();
  // The bound port (useful with port 0). Valid after a successful start().
  uint16_t port() const;
  // Stops accepting, lets in-flight requests finish (at most `grace`), then closes every
  // connection and joins all threads. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  struct Impl;  // public only so the session type in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dpc::http
