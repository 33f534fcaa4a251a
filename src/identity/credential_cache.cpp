#include "credential_cache.h"

#include <algorithm>

#include <sodium.h>

#include "password_hash.h"

namespace dpc::identity {

IdentityService::Cache::Cache(std::chrono::seconds ttl, size_t max_entries)
    : ttl_(ttl), max_entries_(std::max<size_t>(max_entries, 1)) {
  static_assert(sizeof hash_key_ == crypto_generichash_KEYBYTES);
  sodium_ready();
  randombytes_buf(hash_key_, sizeof hash_key_);
}

std::string IdentityService::Cache::key(std::string_view user_id, std::string_view password) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, hash_key_, crypto_generichash_KEYBYTES, crypto_generichash_BYTES);
  const unsigned char nul = 0;
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(user_id.data()), user_id.size());
  crypto_generichash_update(&st, &nul, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(password.data()), password.size());
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash_final(&st, out, sizeof out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::optional<Principal> IdentityService::Cache::find(std::string_view user_id,
                                                      std::string_view password) {
  if (ttl_.count() <= 0) return std::nullopt;
  std::string k = key(user_id, password);
  std::lock_guard lock(mu_);
  auto it = entries_.find(k);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= Clock::now()) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.who;
}

void IdentityService::Cache::put(std::string_view user_id, std::string_view password,
                                 const Principal& who) {
  if (ttl_.count() <= 0) return;
  std::string k = key(user_id, password);
  auto now = Clock::now();
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_) {
    std::erase_if(entries_, [&](const auto& e) { return e.second.expires <= now; });
  }
  if (entries_.size() >= max_entries_) {
    auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.expires < b.second.expires;
    });
    entries_.erase(oldest);
  }
  entries_[k] = Entry{who, now + ttl_};
}

void IdentityService::Cache::drop_user(std::string_view user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& e) { return e.second.who.user_id == user_id; });
}

void IdentityService::Cache::drop_group(std::string_view group_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& e) {
    const auto& g = e.second.who.groups;
    return std::find(g.begin(), g.end(), group_id) != g.end();
  });
}

}  // namespace dpc::identity
