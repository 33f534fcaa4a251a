// Stream: the hand-over between a producer thread and the server's writing thread. The
// queue is one string (chunks appended), so a slow client costs one buffer, bounded.
#include "dpc/http/stream.h"

namespace dpc::http {

bool Stream::push(std::string chunk) {
  std::function<void()> wake;
  bool overflow = false;
  {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    if (queued_.size() + chunk.size() > options_.max_queued_bytes) {
      closed_ = true;  // a client that does not read is dropped, not buffered without end
      queued_.clear();
      overflow = true;
    } else {
      bool was_empty = queued_.empty();
      queued_ += chunk;
      if (!was_empty) return true;  // the server already has a wake-up for the queue
    }
    wake = wake_;
  }
  if (wake) wake();
  return !overflow;
}

void Stream::close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    wake = wake_;
  }
  if (wake) wake();
}

bool Stream::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

void Stream::on_closed(std::function<void()> f) {
  std::lock_guard lock(mu_);
  on_closed_ = std::move(f);
}

void Stream::attach(std::function<void()> wake) {
  bool pending;
  {
    std::lock_guard lock(mu_);
    wake_ = wake;
    pending = !queued_.empty() || closed_;
  }
  if (pending) wake();
}

std::string Stream::take() {
  std::lock_guard lock(mu_);
  std::string out;
  out.swap(queued_);
  return out;
}

void Stream::finish() {
  std::function<void()> done;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    queued_.clear();
    wake_ = nullptr;
    if (finished_) return;
    finished_ = true;
    done = std::move(on_closed_);
  }
  if (done) done();
}

}  // namespace dpc::http
