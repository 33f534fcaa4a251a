// The per-node credential cache of IdentityService: verified (user id, password) pairs, keyed
// by a keyed BLAKE2b hash (crypto_generichash with a random per-process key) of
// user id + NUL + password, so neither the password nor an offline-checkable hash of it is
// kept in memory. Bounded; entries expire after the TTL. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dpc/identity/identity_service.h"

namespace dpc::identity {

struct IdentityService::Cache {
  Cache(std::chrono::seconds ttl, size_t max_entries);

  // The principal of a verified, unexpired credential.
  std::optional<Principal> find(std::string_view user_id, std::string_view password);
  void put(std::string_view user_id, std::string_view password, const Principal& who);
  // Forget every credential of the user (password changed, deleted, locked, membership
  // changed), or of every member of the group (group deleted).
  void drop_user(std::string_view user_id);
  void drop_group(std::string_view group_id);

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Principal who;
    Clock::time_point expires;
  };
  std::string key(std::string_view user_id, std::string_view password) const;

  const std::chrono::seconds ttl_;
  const size_t max_entries_;
  unsigned char hash_key_[32];
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace dpc::identity
