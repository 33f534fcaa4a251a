-- Call activities (issue 5): a called process instance is a process instance of its own
-- whose row names the instance and the execution (the token resting in the call activity)
-- that called it, like Camunda's SUPER_EXEC_ / superProcessInstanceId. The caller waits;
-- the command that ends the called instance locks the caller and continues it.
ALTER TABLE proc_inst ADD COLUMN super_proc_inst_id text, ADD COLUMN super_execution_id text;
CREATE INDEX proc_inst_super_execution ON proc_inst (super_execution_id)
  WHERE super_execution_id IS NOT NULL;
ALTER TABLE hi_proc_inst ADD COLUMN super_proc_inst_id text;
CREATE INDEX hi_proc_inst_super ON hi_proc_inst (super_proc_inst_id)
  WHERE super_proc_inst_id IS NOT NULL;
