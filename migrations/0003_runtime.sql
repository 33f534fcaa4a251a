-- Runtime state of running process instances. Times are milliseconds since the Unix epoch
-- (bigint): the engine works in milliseconds and the REST layer formats them, so the
-- database never converts. Rows of an instance go when it ends; history keeps the story.

CREATE TABLE proc_inst (
  id                  text PRIMARY KEY,
  definition_id       text NOT NULL,
  definition_key      text NOT NULL,
  definition_version  integer NOT NULL,
  business_key        text,
  tenant_id           text,
  suspended           boolean NOT NULL DEFAULT false,
  start_time          bigint NOT NULL,
  start_activity_id   text
);
CREATE INDEX proc_inst_definition_key ON proc_inst (definition_key);
CREATE INDEX proc_inst_definition_id ON proc_inst (definition_id);
CREATE INDEX proc_inst_business_key ON proc_inst (business_key);

-- Tokens and scopes (state: 0 active, 1 waiting, 2 joining, 3 scope).
CREATE TABLE execution (
  id                    text PRIMARY KEY,
  proc_inst_id          text NOT NULL,
  parent_id             text,
  activity_id           text,
  activity_instance_id  text,
  incoming_flow_id      text,
  state                 smallint NOT NULL
);
CREATE INDEX execution_proc_inst ON execution (proc_inst_id);
CREATE INDEX execution_activity ON execution (activity_id) WHERE state = 1;

CREATE TABLE task (
  id                    text PRIMARY KEY,
  name                  text,
  description           text,
  assignee              text,
  owner                 text,
  proc_inst_id          text NOT NULL,
  execution_id          text NOT NULL,
  proc_def_id           text NOT NULL,
  proc_def_key          text NOT NULL,
  task_def_key          text NOT NULL,
  activity_instance_id  text,
  business_key          text,
  form_key              text,
  camunda_form_ref      text,
  tenant_id             text,
  candidate_users       text[] NOT NULL DEFAULT '{}',
  candidate_groups      text[] NOT NULL DEFAULT '{}',
  created               bigint NOT NULL,
  last_updated          bigint NOT NULL,
  due                   bigint,
  follow_up             bigint,
  priority              integer NOT NULL DEFAULT 50,
  suspended             boolean NOT NULL DEFAULT false
);
CREATE INDEX task_proc_inst ON task (proc_inst_id);
CREATE INDEX task_assignee ON task (assignee);
CREATE INDEX task_created ON task (created);
CREATE INDEX task_candidate_groups ON task USING gin (candidate_groups);
CREATE INDEX task_candidate_users ON task USING gin (candidate_users);

CREATE TABLE external_task (
  id                    text PRIMARY KEY,
  topic                 text NOT NULL,
  worker_id             text,
  proc_inst_id          text NOT NULL,
  execution_id          text NOT NULL,
  activity_id           text NOT NULL,
  activity_instance_id  text,
  proc_def_id           text NOT NULL,
  proc_def_key          text NOT NULL,
  business_key          text,
  tenant_id             text,
  lock_expiration       bigint,
  retries               integer,
  error_message         text,
  error_details         text,
  priority              bigint NOT NULL DEFAULT 0,
  suspended             boolean NOT NULL DEFAULT false,
  created               bigint NOT NULL
);
CREATE INDEX external_task_topic ON external_task (topic, priority DESC, created);
CREATE INDEX external_task_proc_inst ON external_task (proc_inst_id);

-- One row per variable per scope (scope_id = execution id, the instance id for process
-- variables; task_id for task-local variables). Typed columns: see TypedValue.
CREATE TABLE variable (
  id            text PRIMARY KEY,
  proc_inst_id  text NOT NULL,
  scope_id      text NOT NULL,
  task_id       text,
  name          text NOT NULL,
  type          text NOT NULL,
  long_value    bigint,
  double_value  double precision,
  text_value    text,
  bytes_value   bytea,
  value_info    text
);
CREATE INDEX variable_proc_inst ON variable (proc_inst_id);
CREATE INDEX variable_name ON variable (name);

CREATE TABLE incident (
  id             text PRIMARY KEY,
  type           text NOT NULL,
  message        text,
  proc_inst_id   text NOT NULL,
  execution_id   text,
  activity_id    text,
  proc_def_id    text,
  configuration  text,
  created        bigint NOT NULL
);
CREATE INDEX incident_proc_inst ON incident (proc_inst_id);

-- History (full level).
CREATE TABLE hi_proc_inst (
  id                  text PRIMARY KEY,
  definition_id       text NOT NULL,
  definition_key      text NOT NULL,
  definition_version  integer NOT NULL,
  business_key        text,
  tenant_id           text,
  state               text NOT NULL,
  start_time          bigint NOT NULL,
  end_time            bigint,
  start_activity_id   text,
  end_activity_id     text,
  delete_reason       text
);
CREATE INDEX hi_proc_inst_key ON hi_proc_inst (definition_key);
CREATE INDEX hi_proc_inst_start ON hi_proc_inst (start_time);

CREATE TABLE hi_act_inst (
  id                    text PRIMARY KEY,
  parent_act_inst_id    text,
  activity_id           text NOT NULL,
  activity_name         text,
  activity_type         text NOT NULL,
  proc_inst_id          text NOT NULL,
  proc_def_id           text NOT NULL,
  proc_def_key          text NOT NULL,
  execution_id          text,
  task_id               text,
  assignee              text,
  start_time            bigint NOT NULL,
  end_time              bigint,
  canceled              boolean NOT NULL DEFAULT false,
  complete_scope        boolean NOT NULL DEFAULT false
);
CREATE INDEX hi_act_inst_proc_inst ON hi_act_inst (proc_inst_id);
CREATE INDEX hi_act_inst_activity ON hi_act_inst (proc_def_id, activity_id);

CREATE TABLE hi_task (
  id                    text PRIMARY KEY,
  name                  text,
  description           text,
  assignee              text,
  owner                 text,
  proc_inst_id          text,
  execution_id          text,
  proc_def_id           text,
  proc_def_key          text,
  task_def_key          text,
  activity_instance_id  text,
  tenant_id             text,
  created               bigint NOT NULL,
  end_time              bigint,
  due                   bigint,
  follow_up             bigint,
  priority              integer,
  delete_reason         text
);
CREATE INDEX hi_task_proc_inst ON hi_task (proc_inst_id);

-- Every write of a variable; /history/variable-instance reads the latest per variable.
CREATE TABLE hi_var_update (
  seq                   bigserial PRIMARY KEY,
  variable_id           text NOT NULL,
  proc_inst_id          text NOT NULL,
  proc_def_key          text,
  scope_id              text,
  task_id               text,
  activity_instance_id  text,
  name                  text NOT NULL,
  type                  text NOT NULL,
  long_value            bigint,
  double_value          double precision,
  text_value            text,
  bytes_value           bytea,
  value_info            text,
  time                  bigint NOT NULL,
  deleted               boolean NOT NULL DEFAULT false
);
CREATE INDEX hi_var_update_variable ON hi_var_update (variable_id, seq DESC);
CREATE INDEX hi_var_update_proc_inst ON hi_var_update (proc_inst_id);

CREATE TABLE hi_incident (
  id             text PRIMARY KEY,
  type           text NOT NULL,
  message        text,
  proc_inst_id   text,
  activity_id    text,
  proc_def_id    text,
  configuration  text,
  created        bigint NOT NULL,
  end_time       bigint,
  state          text NOT NULL DEFAULT 'open'
);

-- Append-only engine events for the sales-funnel dashboard.
CREATE TABLE engine_event (
  seq                 bigserial PRIMARY KEY,
  proc_inst_id        text NOT NULL,
  definition_key      text NOT NULL,
  definition_version  integer NOT NULL,
  element_id          text NOT NULL,
  element_type        text NOT NULL,
  event               text NOT NULL,
  business_key        text,
  time                bigint NOT NULL
);
CREATE INDEX engine_event_key_time ON engine_event (definition_key, time);
