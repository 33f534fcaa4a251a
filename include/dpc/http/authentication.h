// Who is asking, for every request routed to the API: HTTP Basic (programs, as Camunda's
// authentication filter does on /engine-rest) or a browser session cookie with its CSRF token
// (an XSRF-TOKEN cookie echoed in the X-XSRF-TOKEN header on every state-changing request, as
// Camunda's web apps do). Open without credentials: GET /health, GET /engine-rest/engine and
// POST /api/auth/login, and the public paths of public_paths.h. Also the login, logout and
// "who am I" resources:
//   POST /api/auth/login   {"username","password"} (JSON or form): sets the session cookie
//                          (HttpOnly, SameSite=Lax, Secure over TLS) and XSRF-TOKEN
//   POST /api/auth/logout  ends the session on every node, clears the cookies
//   GET  /api/auth/me      {"userId","groups","admin","authenticatedBy","apps"}; "apps": the web
//                          apps (tasklist, cockpit, admin, catalogue, dashboard) on which the
//                          user holds ACCESS of the Application resource (type 0)
// Thread-safe; the services must outlive the router.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dpc/http/router.h"
#include "dpc/identity/identity_service.h"
#include "dpc/identity/session_service.h"

namespace dpc::http {

struct AuthenticationOptions {
  bool secure_cookies = false;  // TLS on: cookies get the Secure attribute
  bool metrics_public = false;  // GET /metrics needs no credentials (--metrics-public)
};

inline constexpr std::string_view kSessionCookie = "DPC_SESSION";
inline constexpr std::string_view kCsrfCookie = "XSRF-TOKEN";
inline constexpr std::string_view kCsrfHeader = "x-xsrf-token";

class Authentication {
 public:
  Authentication(identity::IdentityService& identity, identity::SessionService& sessions,
                 AuthenticationOptions options = {});

  // The router's guard: sets request.principal, or answers 401 (no or wrong credentials,
  // expired session) or 403 (cookie-authenticated change without the CSRF token).
  std::optional<Response> check(Request& request) const;

  // Adds the /api/auth resources and installs check() as the router's guard.
  void install(Router& router);

 private:
  Response login(Request& request) const;
  Response logout(Request& request) const;
  Response me(const Request& request) const;

  identity::IdentityService& identity_;
  identity::SessionService& sessions_;
  AuthenticationOptions options_;
};

// Helpers (exposed for unit tests).
// Base64 (RFC 4648, with padding) to bytes; nullopt when malformed.
std::optional<std::string> base64_decode(std::string_view text);
// The value of cookie `name` in a Cookie header, or empty.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace dpc::http
