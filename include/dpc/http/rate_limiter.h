// A per-client rate limiter for the public endpoints (market simulators, application forms):
// one token bucket per client address, refilled at `per_second` up to `burst`. A request
// that finds its bucket empty is answered 429 with Retry-After (whole seconds until a token is
// back). Thread-safe: buckets live in shards, each behind its own mutex; an idle bucket (full
// again) is dropped when its shard grows past its share of `max_clients`.
//
// The client address is the connection's peer, which the server puts in the request's
// kPeerAddressHeader pseudo-header (a name no client can send: ':' is not allowed in HTTP/1.1
// field names). X-Forwarded-For counts only when that peer is one of `trusted_proxies`: then
// the client is the right-most address in the header that is not itself a trusted proxy (the
// left part of the header is whatever the client chose to write).
//
// public_endpoint() wraps a handler with the limiter and a body limit, so any module's public
// routes (the catalogue's public reads later) get the same protection with one call.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dpc/http/router.h"

namespace dpc::http {

// Set by the server on every request to the peer's IP address ("127.0.0.1", "::1").
inline constexpr std::string_view kPeerAddressHeader = ":peer-address";

struct RateLimitOptions {
  double per_second = 10;   // sustained requests per second and client
  double burst = 40;        // requests a client may make at once
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
  size_t max_clients = 100'000;              // buckets kept before idle ones are dropped
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimitOptions options);

  // The address the request is counted against (see above); "unknown" without a peer.
  std::string client_address(const Request& request) const;

  // Takes a token for `client` at `now`: 0 when allowed, else the seconds to wait (>= 1).
  int take(const std::string& client, Clock::time_point now);

  // nullopt when the request may go on; else the 429 answer (Retry-After set).
  std::optional<Response> admit(const Request& request);

  const RateLimitOptions& options() const { return options_; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr size_t kShards = 16;

  RateLimitOptions options_;
  std::array<Shard, kShards> shards_;
};

// `handler` behind `limiter` (429) and a body limit of `max_body_bytes` (413), for routes
// that need no login. The limiter must outlive the router.
Handler public_endpoint(RateLimiter& limiter, size_t max_body_bytes, Handler handler);

}  // namespace dpc::http
