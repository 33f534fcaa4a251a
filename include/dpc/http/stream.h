// An answer that stays open (server-sent events): a handler returns a Response whose
// `stream` is set, with status, content type and headers as usual; the server writes that
// head at once, then every chunk pushed here, in order, until one side ends it. No Beast
// types: handlers and producers need only this header.
//
// Ending: close() from the producer; the client going away; a client that falls more than
// max_queued_bytes behind (it does not read: dropped, so memory stays bounded); or the
// server stopping. Whichever comes first runs the on_closed callback once, on some thread.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

namespace dpc::http {

class Stream {
 public:
  struct Options {
    size_t max_queued_bytes = 1024 * 1024;
    // While nothing else is written for this long, the server writes `keepalive_chunk`
    // (SSE comment), so proxies and browsers keep the connection.
    std::chrono::seconds keepalive{15};
    std::string keepalive_chunk = ": ping\n\n";
  };
  Stream() = default;
  explicit Stream(Options options) : options_(std::move(options)) {}
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Queues `chunk` for the client. False when the stream has ended, or when this chunk would
  // put more than max_queued_bytes in the queue (the stream ends then).
  bool push(std::string chunk);
  // Ends the stream: what is queued is still written, then the connection closes.
  void close();
  bool closed() const;
  // `f` runs once when the stream ends, whoever ends it (set it before returning the
  // response; it must not call back into this stream's push while holding its own locks
  // that push's callers hold).
  void on_closed(std::function<void()> f);
  const Options& options() const { return options_; }

  // ---- the server's side ----
  // `wake` is called (from the thread that queued or closed) when there is something to
  // write after the queue was empty, or when the stream was closed. Once, by the server.
  void attach(std::function<void()> wake);
  // Everything queued so far ("" when nothing).
  std::string take();
  // The connection has ended: closes and runs on_closed (once).
  void finish();

 private:
  void wake_unlocked(std::function<void()>& wake);
  Options options_;
  mutable std::mutex mu_;
  std::string queued_;
  bool closed_ = false;
  bool finished_ = false;
  std::function<void()> wake_;
  std::function<void()> on_closed_;
};

}  // namespace dpc::http
