// Token buckets per client address (see rate_limiter.h).
#include "dpc/http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace dpc::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

RateLimiter::RateLimiter(RateLimitOptions options) : options_(std::move(options)) {
  options_.per_second = std::max(options_.per_second, 1e-6);
  options_.burst = std::max(options_.burst, 1.0);
}

std::string RateLimiter::client_address(const Request& r) const {
  std::string peer(r.header(kPeerAddressHeader));
  if (peer.empty()) peer = "unknown";
  auto trusted = [this](std::string_view a) {
    return std::find(options_.trusted_proxies.begin(), options_.trusted_proxies.end(), a) !=
           options_.trusted_proxies.end();
  };
  if (!trusted(peer)) return peer;
  // From the right: each hop appended the address it received from; stop at the first one
  // that no trusted proxy vouches for.
  std::string_view forwarded = r.header("x-forwarded-for");
  std::string client = peer;
  while (!forwarded.empty()) {
    size_t comma = forwarded.rfind(',');
    std::string_view hop = trim(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
    forwarded = comma == std::string_view::npos ? std::string_view{} : forwarded.substr(0, comma);
    if (hop.empty() || hop.size() > 64) break;
    client = std::string(hop);
    if (!trusted(hop)) break;
  }
  return client;
}

int RateLimiter::take(const std::string& client, Clock::time_point now) {
  Shard& shard = shards_[std::hash<std::string>{}(client) % kShards];
  std::lock_guard lock(shard.mu);
  if (shard.buckets.size() >= options_.max_clients / kShards + 1 && !shard.buckets.contains(client)) {
    // Drop the buckets that have refilled: forgetting them changes nothing.
    std::erase_if(shard.buckets, [&](const auto& entry) {
      double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
      return entry.second.tokens + elapsed * options_.per_second >= options_.burst;
    });
  }
  auto [it, fresh] = shard.buckets.try_emplace(client, Bucket{options_.burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed > 0) b.tokens = std::min(options_.burst, b.tokens + elapsed * options_.per_second);
    b.updated = std::max(b.updated, now);
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / options_.per_second)));
}

std::optional<Response> RateLimiter::admit(const Request& r) {
  int wait = take(client_address(r), Clock::now());
  if (wait == 0) return std::nullopt;
  Response res = error_response(Error{ErrorKind::kInvalidArgument,
                                      "Too many requests from this address: try again in " + std::to_string(wait) +
                                          (wait == 1 ? " second" : " seconds"),
                                      "TooManyRequestsException"});
  res.status = 429;
  res.headers.emplace_back("Retry-After", std::to_string(wait));
  return res;
}

Handler public_endpoint(RateLimiter& limiter, size_t max_body_bytes, Handler handler) {
  return [&limiter, max_body_bytes, handler = std::move(handler)](Request& r) -> Response {
    if (auto refused = limiter.admit(r)) return std::move(*refused);
    if (r.body.size() > max_body_bytes) {
      return error_response(Error{ErrorKind::kTooLarge,
                                  "Request body exceeds the limit of " + std::to_string(max_body_bytes) +
                                      " bytes for this endpoint",
                                  "RestException"});
    }
    return handler(r);
  };
}

}  // namespace dpc::http
