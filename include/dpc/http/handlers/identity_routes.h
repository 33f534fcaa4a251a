// Camunda 7's identity and authorization resources (all under /engine-rest):
//   GET  /user, /user/count            id, idIn, firstName(Like), lastName(Like), email(Like),
//                                      memberOfGroup; sortBy userId|firstName|lastName|email;
//                                      firstResult/maxResults. Only users the caller may READ.
//   POST /user/create                  {profile: {id, firstName, lastName, email},
//                                       credentials: {password}} → 204
//   GET|PUT /user/{id}/profile         UserProfileDto
//   PUT  /user/{id}/credentials        {password, authenticatedUserPassword} → 204
//   DELETE /user/{id}; POST /user/{id}/unlock (camunda-admin only)
//   GET  /group, /group/count          id, idIn, name(Like), type, member; sortBy id|name|type
//   POST /group/create; GET|PUT|DELETE /group/{id}; PUT|DELETE /group/{id}/members/{userId}
//   GET  /identity/groups?userId=      {groups: [{id, name}], groupUsers: [{id, firstName,
//                                       lastName, displayName}]} (own groups, or an admin)
//   POST /identity/verify              {username, password} → {authenticatedUser, authenticated}
//   GET|POST /identity/password-policy the rules; {password, profile} → rules with valid flags
//   GET  /authorization, /count        id, type, userIdIn, groupIdIn, resourceType, resourceId;
//                                      sortBy resourceType|resourceId
//   POST /authorization/create         {type, permissions: [names], userId | groupId,
//                                       resourceType, resourceId} → AuthorizationDto
//   GET|PUT|DELETE /authorization/{id}
//   GET  /authorization/check          permissionName, resourceName, resourceType, resourceId:
//                                      {permissionName, resourceName, resourceId, authorized}
// Every handler acts for Request::principal; without one the answer is 401. Handlers
// translate; the rules live in IdentityService.
#pragma once

#include "dpc/http/router.h"
#include "dpc/identity/identity_service.h"

namespace dpc::http {

// `identity` must outlive the router.
void add_identity_routes(Router& router, identity::IdentityService& identity);

}  // namespace dpc::http
