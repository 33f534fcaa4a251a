// Authentication (argon2id, failed-login throttling and lock, the credential cache) and
// authorization decisions. Management of users, groups and authorizations is in
// identity_management.cpp and authorization_management.cpp.
#include "dpc/identity/identity_service.h"

#include <algorithm>

#include "credential_cache.h"
#include "dpc/identity/authorization_rules.h"
#include "password_hash.h"

namespace dpc::identity {

namespace {

// One message for every failed login, so the answer never tells whether the user exists.
constexpr const char* kLoginFailed = "Unauthorized: wrong user id or password";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

IdentityService::IdentityService(IdentityStore& store, IdentityOptions options)
    : store_(store),
      options_(options),
      cache_(std::make_unique<Cache>(options.credential_cache_ttl, options.credential_cache_size)) {}

IdentityService::~IdentityService() = default;

Status check_id(std::string_view id, std::string_view field) {
  if (id.empty()) return Error::invalid(std::string(field) + " is missing");
  if (id.size() > 128) return Error::invalid(std::string(field) + " is longer than 128 characters");
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '@' || c == '-';
    if (!ok) {
      return Error::invalid(std::string(field) +
                            " may contain only letters, digits and the characters _ . @ -");
    }
  }
  return {};
}

// The wait before the next check once `failures` reached delay_after.
static std::chrono::milliseconds login_delay(const IdentityOptions& o, int failures) {
  int k = std::min(failures - o.delay_after, 30);
  auto wait = o.login_delay_base * (int64_t{1} << k);
  return std::min(wait, o.login_delay_max);
}

Result<Principal> IdentityService::authenticate(std::string_view user_id, std::string_view password) {
  if (user_id.empty() || user_id.size() > 128 || password.size() > kMaxPasswordBytes) {
    return Error::unauthorized(kLoginFailed);
  }
  if (auto cached = cache_->find(user_id, password)) return *cached;
  std::string id(user_id);
  auto creds = store_.credentials(id);
  if (!creds) return creds.error();
  if (!*creds) {
    burn_one_verification(password);
    return Error::unauthorized(kLoginFailed);
  }
  const Credentials& c = **creds;
  if (c.locked) return Error::unauthorized(kLoginFailed);
  int64_t now = now_ms();
  if (c.failed_attempts >= options_.delay_after &&
      now < c.last_failed_time + login_delay(options_, c.failed_attempts).count()) {
    return Error::unauthorized(kLoginFailed);  // throttled: not even checked
  }
  if (!password_matches(c.password_hash, password)) {
    // A failure also drops the user's cached credentials on this node: while the user is
    // throttled or locked, a cached right guess must not get past the check.
    cache_->drop_user(id);
    auto after = store_.record_failed_login(id, now, options_.lock_after);
    if (!after) return after.error();
    return Error::unauthorized(kLoginFailed);
  }
  if (c.failed_attempts > 0) {
    auto cleared = store_.clear_failed_logins(id);
    if (!cleared) return cleared.error();
  }
  auto who = load_principal(id);
  if (!who) return who.error();
  cache_->put(user_id, password, *who);
  return who;
}

Result<Principal> IdentityService::principal(std::string_view user_id) {
  std::string id(user_id);
  auto u = store_.user(id);
  if (!u) return u.error();
  if (!*u) return Error::not_found("User with id " + id + " does not exist");
  return load_principal(id);
}

Result<Principal> IdentityService::load_principal(const std::string& user_id) {
  auto groups = store_.group_ids_of(user_id);
  if (!groups) return groups.error();
  Principal p;
  p.user_id = user_id;
  p.groups = std::move(*groups);
  p.admin = std::find(p.groups.begin(), p.groups.end(), kAdminGroup) != p.groups.end();
  return p;
}

Result<IdSet> IdentityService::allowed_ids(const Principal& who, Resource resource,
                                         int64_t permission) const {
  if (who.admin) return IdSet{true, {}, {}};
  auto auths = store_.authorizations_for(who.user_id, who.groups, resource, "");
  if (!auths) return auths.error();
  // An id no specific authorization names: decided by the user/group/global "*" levels only.
  const std::string unnamed(1, '\0');
  IdSet out;
  out.all = decide(who, *auths, resource, unnamed, permission);
  std::vector<std::string> named;
  for (const auto& a : *auths) {
    if (a.resource_id != "*" && std::find(named.begin(), named.end(), a.resource_id) == named.end()) {
      named.push_back(a.resource_id);
    }
  }
  for (const auto& id : named) {
    bool allowed = decide(who, *auths, resource, id, permission);
    if (out.all && !allowed) out.except.push_back(id);
    if (!out.all && allowed) out.only.push_back(id);
  }
  return out;
}

Result<bool> IdentityService::check(const Principal& who, Resource resource,
                                    std::string_view resource_id, int64_t permission) const {
  if (who.admin) return true;
  auto auths = store_.authorizations_for(who.user_id, who.groups, resource, std::string(resource_id));
  if (!auths) return auths.error();
  return decide(who, *auths, resource, resource_id, permission);
}

bool IdentityService::is_authorized(const Principal& who, Resource resource,
                                    std::string_view resource_id, int64_t permission) const {
  auto ok = check(who, resource, resource_id, permission);
  return ok && *ok;  // a store failure denies
}

Result<void> IdentityService::require(const Principal& who, Resource resource,
                                      std::string_view resource_id, int64_t permission) const {
  auto ok = check(who, resource, resource_id, permission);
  if (!ok) return ok.error();
  if (*ok) return {};
  return Error::forbidden("The user with id '" + who.user_id + "' does not have '" +
                          permission_name(permission) + "' permission on resource '" +
                          std::string(resource_id) + "' of type '" +
                          std::string(resource_name(resource)) + "'.");
}

std::optional<Reader> IdentityService::reader_of(const Principal& caller) const {
  if (caller.admin) return std::nullopt;
  return Reader{caller.user_id, caller.groups};
}

Status IdentityService::verify_password(const std::string& user_id, std::string_view password) {
  auto who = authenticate(user_id, password);
  if (!who) {
    if (who.error().kind != ErrorKind::kUnauthorized) return who.error();
    return Error::invalid("The given authenticated user password is not valid.");
  }
  return {};
}

Status IdentityService::check_new_password(std::string_view password, const User& profile) const {
  if (password.empty()) return Error::invalid("password is missing");
  if (password.size() > kMaxPasswordBytes) {
    return Error::invalid("password is longer than " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  auto policy = check_password(password, profile);
  if (policy.valid) return {};
  std::string failed;
  for (const auto& r : policy.rules) {
    if (!r.valid) failed += (failed.empty() ? "" : ", ") + r.placeholder;
  }
  return Error::invalid("password does not meet the password policy: " + failed);
}

}  // namespace dpc::identity
