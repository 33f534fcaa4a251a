// Password checks per second on one core with dpc's argon2id cost (kPasswordOpsLimit,
// kPasswordMemLimit from identity_service.h): what one uncached login costs.
// Usage: identity_bench [seconds]   (default 5)
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <sodium.h>

#include "dpc/identity/identity_service.h"

int main(int argc, char** argv) {
  using clock = std::chrono::steady_clock;
  double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  if (sodium_init() < 0) return 1;
  const char password[] = "a benchmark passphrase";
  char hash[crypto_pwhash_STRBYTES];
  auto t0 = clock::now();
  if (crypto_pwhash_str(hash, password, sizeof password - 1, dpc::identity::kPasswordOpsLimit,
                        dpc::identity::kPasswordMemLimit) != 0) {
    return 1;
  }
  double hash_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  int n = 0;
  auto start = clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    if (crypto_pwhash_str_verify(hash, password, sizeof password - 1) != 0) return 1;
    ++n;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  std::printf("argon2id t=%llu m=%zu MiB: hash %.1f ms; %d verifications in %.1f s = %.1f logins/s per core (%.1f ms each)\n",
              dpc::identity::kPasswordOpsLimit, dpc::identity::kPasswordMemLimit >> 20, hash_ms, n,
              elapsed, n / elapsed, 1000.0 * elapsed / n);
  return 0;
}
