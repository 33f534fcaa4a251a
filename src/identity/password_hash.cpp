#include "password_hash.h"

#include <mutex>

#include <sodium.h>

#include "dpc/identity/identity_service.h"

namespace dpc::identity {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

Result<std::string> hash_password(std::string_view password) {
  if (!sodium_ready()) return Error::internal("libsodium cannot be initialized");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kPasswordOpsLimit,
                        kPasswordMemLimit) != 0) {
    return Error::internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool password_matches(const std::string& encoded, std::string_view password) {
  if (!sodium_ready()) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void burn_one_verification(std::string_view password) {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [] {
    auto h = hash_password("dpc: a hash that no password matches on purpose");
    if (h) dummy = std::move(*h);
  });
  if (!dummy.empty()) (void)password_matches(dummy, password);
}

}  // namespace dpc::identity
