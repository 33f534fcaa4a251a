#include "dpc/identity/session_service.h"

#include <sodium.h>

#include <stdexcept>

namespace dpc::identity {

namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string to_hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

// A session's idle time is written back at most this often.
constexpr int64_t kTouchEveryMs = 60'000;

}  // namespace

std::string random_token(size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string hash_token(std::string_view text) {
  ensure_sodium();
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return to_hex(out, sizeof out);
}

SessionService::SessionService(SessionStore& store, SessionOptions options)
    : store_(store), options_(options) {}

Result<NewSession> SessionService::open(std::string_view user_id) {
  NewSession s{random_token(), random_token()};
  SessionRecord record;
  record.user_id = std::string(user_id);
  record.csrf_token = s.csrf_token;
  record.created_ms = record.last_seen_ms = now_ms();
  record.expires_ms = record.created_ms +
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.absolute_timeout).count();
  if (auto st = store_.create(hash_token(s.token), record); !st) return st.error();
  return s;
}

Result<std::optional<SessionRecord>> SessionService::find(std::string_view token) {
  if (token.empty() || token.size() > 128) return std::optional<SessionRecord>{};
  std::string key = hash_token(token);
  auto found = store_.find(key);
  if (!found || !*found) return found;
  int64_t now = now_ms();
  auto idle_ms = std::chrono::duration_cast<std::chrono::milliseconds>(options_.idle_timeout).count();
  SessionRecord& r = **found;
  if (now >= r.expires_ms || now - r.last_seen_ms >= idle_ms) {
    (void)store_.remove(key);
    return std::optional<SessionRecord>{};
  }
  if (now - r.last_seen_ms >= std::min(kTouchEveryMs, idle_ms / 4)) {
    if (auto st = store_.touch(key, now); !st) return st.error();
    r.last_seen_ms = now;
  }
  return found;
}

Status SessionService::close(std::string_view token) {
  if (token.empty() || token.size() > 128) return {};
  return store_.remove(hash_token(token));
}

}  // namespace dpc::identity
