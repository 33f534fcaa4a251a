-- Identity (issue 13): users, groups, memberships and authorizations, like Camunda's
-- ACT_ID_USER, ACT_ID_GROUP, ACT_ID_MEMBERSHIP and ACT_RU_AUTHORIZATION. Times are
-- milliseconds since the Unix epoch (bigint), as elsewhere.

CREATE TABLE identity_user (
  id                text PRIMARY KEY,
  first_name        text NOT NULL DEFAULT '',
  last_name         text NOT NULL DEFAULT '',
  email             text NOT NULL DEFAULT '',
  -- libsodium's encoded argon2id string ($argon2id$v=19$m=...,t=...,p=1$salt$hash): the salt
  -- and the cost parameters travel with the hash, so they can be raised later.
  password_hash     text NOT NULL,
  failed_attempts   integer NOT NULL DEFAULT 0,
  last_failed_time  bigint,
  locked            boolean NOT NULL DEFAULT false  -- until an admin unlocks the user
);
CREATE INDEX identity_user_first_name ON identity_user (first_name);
CREATE INDEX identity_user_last_name ON identity_user (last_name);
CREATE INDEX identity_user_email ON identity_user (email);

CREATE TABLE identity_group (
  id    text PRIMARY KEY,
  name  text NOT NULL DEFAULT '',
  type  text NOT NULL DEFAULT ''
);
CREATE INDEX identity_group_name ON identity_group (name);

CREATE TABLE identity_membership (
  user_id   text NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
  group_id  text NOT NULL REFERENCES identity_group (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX identity_membership_group ON identity_membership (group_id, user_id);

-- type: 0 global (user_id '*'), 1 grant, 2 revoke. permissions as Camunda stores them: the
-- granted bits, or for a revoke the complement of the revoked bits.
CREATE TABLE identity_authorization (
  id             text PRIMARY KEY,
  type           integer NOT NULL CHECK (type IN (0, 1, 2)),
  user_id        text,
  group_id       text,
  resource_type  integer NOT NULL,
  resource_id    text NOT NULL DEFAULT '*',
  permissions    bigint NOT NULL,
  CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
-- One authorization per (type, user or group, resource), as Camunda's ACT_UNIQ_AUTH_USER
-- and ACT_UNIQ_AUTH_GROUP.
CREATE UNIQUE INDEX identity_authorization_user_unique
  ON identity_authorization (type, user_id, resource_type, resource_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX identity_authorization_group_unique
  ON identity_authorization (type, group_id, resource_type, resource_id) WHERE group_id IS NOT NULL;
-- The decision lookups: by resource for a user, a group, or everyone.
CREATE INDEX identity_authorization_resource_user
  ON identity_authorization (resource_type, user_id, resource_id) WHERE user_id IS NOT NULL;
CREATE INDEX identity_authorization_resource_group
  ON identity_authorization (resource_type, group_id, resource_id) WHERE group_id IS NOT NULL;
