#include "dpc/core/authenticated_user.h"

namespace dpc {

namespace {
thread_local const AuthenticatedUser* current = nullptr;
}  // namespace

const AuthenticatedUser* authenticated_user() { return current; }

AuthenticatedScope::AuthenticatedScope(const AuthenticatedUser* user) : previous_(current) { current = user; }
AuthenticatedScope::~AuthenticatedScope() { current = previous_; }

}  // namespace dpc
