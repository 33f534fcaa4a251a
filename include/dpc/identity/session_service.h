// Browser sessions: an opaque random token in an HttpOnly cookie, stored in PostgreSQL only as
// a hash (a leaked table gives no usable session), so any node serves any request and a logout
// on one node ends the session on every node at once. Each session has its own CSRF token
// (sent to the browser as the XSRF-TOKEN cookie and echoed in the X-XSRF-TOKEN header).
// Idle expiry (refreshed at most once a minute, so reads do not write on every request) and
// absolute expiry. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dpc/core/result.h"

namespace dpc::identity {

struct SessionRecord {
  std::string user_id;
  std::string csrf_token;
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  int64_t expires_ms = 0;  // absolute expiry
};

// Storage port (src/store/session_store.cpp). Keys are token hashes, never tokens.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual Status create(const std::string& token_hash, const SessionRecord& record) = 0;
  virtual Result<std::optional<SessionRecord>> find(const std::string& token_hash) = 0;
  virtual Status touch(const std::string& token_hash, int64_t now_ms) = 0;
  virtual Status remove(const std::string& token_hash) = 0;
  // Sessions idle since before `idle_before_ms` or past their absolute expiry at `now_ms`.
  virtual Status purge(int64_t now_ms, int64_t idle_before_ms) = 0;
};

struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 3600};
};

struct NewSession {
  std::string token;       // goes into the session cookie; never stored
  std::string csrf_token;  // goes into the XSRF-TOKEN cookie
};

class SessionService {
 public:
  explicit SessionService(SessionStore& store, SessionOptions options = {});

  Result<NewSession> open(std::string_view user_id);
  // The live session of `token` (refreshing its idle time), or nullopt when there is none,
  // it expired or it was closed.
  Result<std::optional<SessionRecord>> find(std::string_view token);
  Status close(std::string_view token);

  const SessionOptions& options() const { return options_; }

 private:
  SessionStore& store_;
  SessionOptions options_;
};

// Random bytes as lower-case hex (libsodium's CSPRNG).
std::string random_token(size_t bytes = 32);
// BLAKE2b-256 of `text`, as hex.
std::string hash_token(std::string_view text);

}  // namespace dpc::identity
