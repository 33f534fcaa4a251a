// The user on whose behalf the current thread runs a command, as Camunda's
// IdentityService.setAuthentication: set by the HTTP layer around each handler (from the
// request's credentials), absent for the job executor and start-up work. Expressions read it
// (`currentUser()`, `currentUserGroups()`), start events record it (`camunda:initiator`).
// Thread-local: each thread sees only the scope it is inside.
#pragma once

#include <string>
#include <vector>

namespace dpc {

struct AuthenticatedUser {
  std::string id;
  std::vector<std::string> groups;
};

// This thread's authenticated user, or nullptr.
const AuthenticatedUser* authenticated_user();

// Sets the thread's authenticated user for its lifetime (nullptr = none), restoring the
// previous one after. `user` must outlive the scope.
class AuthenticatedScope {
 public:
  explicit AuthenticatedScope(const AuthenticatedUser* user);
  ~AuthenticatedScope();
  AuthenticatedScope(const AuthenticatedScope&) = delete;
  AuthenticatedScope& operator=(const AuthenticatedScope&) = delete;

 private:
  const AuthenticatedUser* previous_;
};

}  // namespace dpc
