-- The user operation log (issue 13), like Camunda's ACT_HI_OP_LOG: one row per changed
-- property of an operation a logged-in user performed; the rows of one operation share
-- operation_id. Written in the same transaction as the operation. Times are milliseconds
-- since the Unix epoch (bigint), as elsewhere.
CREATE TABLE user_op_log (
  id                   text PRIMARY KEY,
  operation_id         text NOT NULL,
  deployment_id        text,
  proc_def_id          text,
  proc_def_key         text,
  proc_inst_id         text,
  execution_id         text,
  task_id              text,
  job_id               text,
  job_def_id           text,
  batch_id             text,
  external_task_id     text,
  user_id              text,
  timestamp            bigint NOT NULL,
  operation_type       text NOT NULL,
  entity_type          text NOT NULL,
  property             text,
  org_value            text,
  new_value            text,
  category             text,
  annotation           text
);
-- The REST query sorts by time; the Cockpit reads one instance's trail, Admin one user's
-- or one operation's.
CREATE INDEX user_op_log_timestamp ON user_op_log (timestamp);
CREATE INDEX user_op_log_proc_inst ON user_op_log (proc_inst_id, timestamp);
CREATE INDEX user_op_log_task ON user_op_log (task_id);
CREATE INDEX user_op_log_user ON user_op_log (user_id, timestamp);
CREATE INDEX user_op_log_operation ON user_op_log (operation_id);
