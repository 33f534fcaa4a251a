-- Decision definitions: the decisions of deployed DMN resources (like Camunda's
-- ACT_RE_DECISION_DEF), versioned per decision key and tenant; the DMN XML itself stays in
-- deployment_resource. An empty tenant is stored as NULL.

CREATE TABLE decision_definition (
  id             text PRIMARY KEY,  -- key:version:uuid
  key            text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  name           text,
  category       text,              -- the definitions' namespace
  resource_name  text NOT NULL,
  deployment_id  text NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  version_tag    text,
  history_ttl    integer,           -- days; NULL = not set
  tenant_id      text,
  deploy_time    bigint NOT NULL
);
CREATE UNIQUE INDEX decision_definition_key_version
  ON decision_definition (key, version, COALESCE(tenant_id, ''));
CREATE INDEX decision_definition_deployment ON decision_definition (deployment_id);

-- Decision history (like ACT_HI_DECINST with ACT_HI_DEC_IN/OUT folded into jsonb arrays):
-- one row per evaluation of a decision, by a business rule task or over REST.
-- inputs:  [{"clauseId","clauseName","type","value"}]
-- outputs: [{"clauseId","clauseName","ruleId","ruleOrder","variableName","type","value"}]
CREATE TABLE hi_decision_instance (
  id                        text PRIMARY KEY,
  decision_definition_id    text NOT NULL,
  decision_definition_key   text NOT NULL,
  decision_definition_name  text,
  evaluation_time           bigint NOT NULL,
  process_definition_id     text,
  process_definition_key    text,
  process_instance_id       text,
  activity_id               text,
  activity_instance_id      text,
  tenant_id                 text,
  inputs                    jsonb NOT NULL DEFAULT '[]',
  outputs                   jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX hi_decision_instance_process ON hi_decision_instance (process_instance_id);
CREATE INDEX hi_decision_instance_key ON hi_decision_instance (decision_definition_key, evaluation_time);
