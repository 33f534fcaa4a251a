// argon2id password hashes through libsodium (crypto_pwhash_str): the encoded string holds
// the salt and the cost parameters. Private to the identity module. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "dpc/core/result.h"

namespace dpc::identity {

// Initializes libsodium once (idempotent, thread-safe); false if it cannot be used.
bool sodium_ready();

// A new encoded hash of `password` with kPasswordOpsLimit / kPasswordMemLimit.
// Error::internal when libsodium runs out of memory.
Result<std::string> hash_password(std::string_view password);

// True when `password` matches `encoded`. Constant-time in the password.
bool password_matches(const std::string& encoded, std::string_view password);

// Spends the time of one verification on nothing: for unknown users, so that the answer
// takes as long as for a wrong password.
void burn_one_verification(std::string_view password);

}  // namespace dpc::identity
