#include "dpc/http/authentication.h"

#include <sodium.h>

#include <array>

#include <nlohmann/json.hpp>

#include "dpc/http/public_paths.h"
#include "dpc/http/query.h"

namespace dpc::http {

namespace {

using nlohmann::json;

constexpr size_t kMaxUserIdBytes = 128;
constexpr size_t kMaxPasswordBytes = 1024;

bool is_change(Method m) {
  return m != Method::kGet && m != Method::kHead && m != Method::kOptions;
}

// Endpoints that answer without credentials.
bool is_open(const Request& r) {
  if (r.path == "/health" || r.path == "/health/live" || r.path == "/health/ready") {
    return r.method == Method::kGet || r.method == Method::kHead;
  }
  if (r.path == "/engine-rest/engine" || r.path == "/engine-rest/engine/") {
    return r.method == Method::kGet || r.method == Method::kHead;
  }
  // Catalogue assets are public marketing content, cached by CDNs that carry no credentials.
  if (r.path.starts_with("/cdn/")) return r.method == Method::kGet || r.method == Method::kHead;
  if (is_public_path(r.path)) return true;  // the customers' side: rate-limited instead
  return r.path == "/api/auth/login" && r.method == Method::kPost;
}

// A browser (the web apps) never gets the Basic challenge, so it shows no password pop-up.
bool from_browser(const Request& r) {
  return !r.header("cookie").empty() || !r.header(kCsrfHeader).empty() ||
         r.header("x-requested-with") == "XMLHttpRequest";
}

Response unauthorized(const Request& r, std::string message) {
  Response res = error_response(Error::unauthorized(std::move(message)));
  if (!from_browser(r)) res.headers.emplace_back("WWW-Authenticate", "Basic realm=\"dpc\"");
  return res;
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string cookie(std::string_view name, std::string_view value, bool http_only, bool secure,
                   bool clear) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=" +
                  (http_only ? "Lax" : "Strict");
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

// The web apps behind a login, by the Application resource ids Camunda uses ("tasklist",
// "cockpit", "admin") and dpc's own. The public ones (market, forms) need no access right.
constexpr std::string_view kWebApps[] = {"tasklist", "cockpit", "admin", "catalogue", "dashboard"};

json principal_json(const identity::Principal& p, std::string_view by,
                    const identity::IdentityService& identity) {
  // "apps": where the user holds ACCESS on the Application resource (camunda-admin: all), so
  // the shell's app switcher shows only what will open.
  json apps = json::array();
  for (auto app : kWebApps) {
    if (identity.is_authorized(p, identity::Resource::kApplication, app, identity::perm::kAccess)) {
      apps.push_back(app);
    }
  }
  return {{"userId", p.user_id}, {"groups", p.groups}, {"admin", p.admin}, {"authenticatedBy", by},
          {"apps", apps}};
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  static const auto table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
    return t;
  }();
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;  // data after padding
      v[k] = table[static_cast<unsigned char>(c)];
      if (v[k] < 0) return std::nullopt;
    }
    unsigned n = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out.push_back(static_cast<char>((n >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return out;
}

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return {};
}

Authentication::Authentication(identity::IdentityService& identity, identity::SessionService& sessions,
                               AuthenticationOptions options)
    : identity_(identity), sessions_(sessions), options_(options) {}

std::optional<Response> Authentication::check(Request& r) const {
  // The open endpoints ignore credentials (as Camunda's filter skips them): /health must
  // answer whatever the state of the database that credentials are checked against.
  if (is_open(r)) return std::nullopt;
  if (options_.metrics_public && r.path == "/metrics" && !is_change(r.method)) return std::nullopt;
  std::string_view auth = r.header("authorization");
  if (!auth.empty()) {
    // Programs: HTTP Basic on every request.
    constexpr std::string_view kBasic = "Basic ";
    if (auth.size() <= kBasic.size() || auth.substr(0, kBasic.size()) != kBasic || auth.size() > 8192) {
      return unauthorized(r, "Authorization header must be HTTP Basic credentials");
    }
    auto decoded = base64_decode(auth.substr(kBasic.size()));
    size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return unauthorized(r, "Malformed HTTP Basic credentials");
    auto who = identity_.authenticate(std::string_view(*decoded).substr(0, colon),
                                      std::string_view(*decoded).substr(colon + 1));
    sodium_memzero(decoded->data(), decoded->size());
    if (!who) {
      if (who.error().kind == ErrorKind::kUnauthorized) return unauthorized(r, who.error().message);
      return error_response(who.error());
    }
    r.principal = std::make_shared<const identity::Principal>(std::move(*who));
    r.identity = &identity_;
    return std::nullopt;
  }
  std::string_view token = cookie_value(r.header("cookie"), kSessionCookie);
  if (!token.empty()) {
    auto session = sessions_.find(token);
    if (!session) return error_response(session.error());
    if (*session) {
      if (is_change(r.method) &&
          !same(r.header(kCsrfHeader), (*session)->csrf_token)) {
        return error_response(Error{ErrorKind::kForbidden,
                                    "CSRF token missing or wrong: send the XSRF-TOKEN cookie's value in the "
                                    "X-XSRF-TOKEN header",
                                    "ForbiddenException"});
      }
      auto who = identity_.principal((*session)->user_id);
      if (!who) {
        if (who.error().kind != ErrorKind::kNotFound) return error_response(who.error());
        (void)sessions_.close(token);  // the user was deleted
      } else {
        r.principal = std::make_shared<const identity::Principal>(std::move(*who));
        r.identity = &identity_;
        return std::nullopt;
      }
    }
  }
  return unauthorized(r, token.empty() ? "Authentication required" : "Session expired: log in again");
}

void Authentication::install(Router& router) {
  router.add(Method::kPost, "/api/auth/login", [this](Request& r) { return login(r); });
  router.add(Method::kPost, "/api/auth/logout", [this](Request& r) { return logout(r); });
  router.add(Method::kGet, "/api/auth/me", [this](Request& r) { return me(r); });
  router.set_guard([this](Request& r) { return check(r); });
}

Response Authentication::login(Request& r) const {
  std::string user, password;
  if (r.header("content-type").starts_with("application/x-www-form-urlencoded")) {
    std::string path;
    std::vector<std::pair<std::string, std::string>> fields;
    split_target("?" + r.body, path, fields);
    for (auto& [k, v] : fields) {
      if (k == "username") user = v;
      if (k == "password") password = v;
    }
  } else {
    auto body = json_body(r);
    if (!body) return error_response(body.error());
    if (!body->is_object()) return error_response(Error::invalid("the request body must be a JSON object"));
    auto text = [&](const char* field) -> std::optional<std::string> {
      auto it = body->find(field);
      if (it == body->end() || !it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    auto u = text("username");
    auto p = text("password");
    if (!u) return error_response(Error::invalid("username: a string is required"));
    if (!p) return error_response(Error::invalid("password: a string is required"));
    user = std::move(*u);
    password = std::move(*p);
  }
  // Longer ones are never valid (the identity service refuses to set them); say so plainly
  // instead of hashing a megabyte.
  if (user.size() > kMaxUserIdBytes) return error_response(Error::invalid("username: at most 128 bytes"));
  if (password.size() > kMaxPasswordBytes) return error_response(Error::invalid("password: at most 1024 bytes"));
  auto who = identity_.authenticate(user, password);
  sodium_memzero(password.data(), password.size());
  if (!who) {
    if (who.error().kind == ErrorKind::kUnauthorized) {
      return error_response(Error::unauthorized(who.error().message));  // never a Basic challenge here
    }
    return error_response(who.error());
  }
  // A new session on every login (no fixation); an old one the browser still holds ends.
  if (auto old = cookie_value(r.header("cookie"), kSessionCookie); !old.empty()) (void)sessions_.close(old);
  auto session = sessions_.open(who->user_id);
  if (!session) return error_response(session.error());
  Response res = Response::json(200, principal_json(*who, "session", identity_).dump());
  res.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, session->token, true, options_.secure_cookies, false));
  res.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, session->csrf_token, false, options_.secure_cookies, false));
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

Response Authentication::logout(Request& r) const {
  if (auto token = cookie_value(r.header("cookie"), kSessionCookie); !token.empty()) {
    if (auto st = sessions_.close(token); !st) return error_response(st.error());
  }
  Response res = Response::no_content();
  res.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, "", true, options_.secure_cookies, true));
  res.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, "", false, options_.secure_cookies, true));
  return res;
}

Response Authentication::me(const Request& r) const {
  if (!r.principal) return error_response(Error::unauthorized("Authentication required"));
  bool by_session = r.header("authorization").empty();
  Response res = Response::json(200, principal_json(*r.principal, by_session ? "session" : "basic", identity_).dump());
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace dpc::http
