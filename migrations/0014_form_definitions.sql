-- Camunda Forms deployed with processes (like Camunda's ACT_RE_CAMFORMDEF): one row per .form
-- resource, keyed by the form's "id" (what camunda:formRef names) with a version per key and
-- tenant, so formRefBinding latest / deployment / version can be resolved. The JSON itself
-- stays in deployment_resource.
CREATE TABLE form_definition (
  id             text PRIMARY KEY,  -- key:version:uuid
  key            text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  resource_name  text NOT NULL,
  deployment_id  text NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  tenant_id      text,
  deploy_time    bigint NOT NULL
);
CREATE UNIQUE INDEX form_definition_key_version
  ON form_definition (key, version, COALESCE(tenant_id, ''));
CREATE INDEX form_definition_deployment ON form_definition (deployment_id, key);
