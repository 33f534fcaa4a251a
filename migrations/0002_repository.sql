-- The repository: deployments, their resources (the uploaded files, byte for byte) and the
-- process definitions parsed from them (like Camunda's ACT_RE_DEPLOYMENT, ACT_GE_BYTEARRAY
-- and ACT_RE_PROCDEF). Times are milliseconds since the Unix epoch (bigint), as elsewhere.
-- An empty tenant is stored as NULL.

CREATE TABLE deployment (
  id           text PRIMARY KEY,
  name         text,
  source       text,
  tenant_id    text,
  deploy_time  bigint NOT NULL,
  seq          bigint GENERATED ALWAYS AS IDENTITY  -- insertion order, to find the newest
);
CREATE INDEX deployment_name ON deployment (name, seq DESC);
CREATE INDEX deployment_time ON deployment (deploy_time);

CREATE TABLE deployment_resource (
  id             text PRIMARY KEY,
  deployment_id  text NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  name           text NOT NULL,
  content_hash   text NOT NULL,  -- hex SHA-256 of bytes, for duplicate filtering
  bytes          bytea NOT NULL,
  UNIQUE (deployment_id, name)
);
CREATE INDEX deployment_resource_name ON deployment_resource (name);

CREATE TABLE process_definition (
  id                     text PRIMARY KEY,  -- key:version:uuid
  key                    text NOT NULL,
  version                integer NOT NULL CHECK (version > 0),
  name                   text,
  category               text,              -- the definitions' targetNamespace
  description            text,
  resource_name          text NOT NULL,
  deployment_id          text NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  version_tag            text,
  history_ttl            integer,           -- days; NULL = not set
  startable_in_tasklist  boolean NOT NULL DEFAULT true,
  suspended              boolean NOT NULL DEFAULT false,
  tenant_id              text,
  deploy_time            bigint NOT NULL
);
-- One version number per key and tenant (no tenant counts as one tenant).
CREATE UNIQUE INDEX process_definition_key_version
  ON process_definition (key, version, COALESCE(tenant_id, ''));
CREATE INDEX process_definition_deployment ON process_definition (deployment_id);
CREATE INDEX process_definition_deploy_time ON process_definition (deploy_time);
