-- Jobs: timers now (async continuations and retries later). A job is a runtime row of its
-- instance (written and deleted by the instance's commands); job executors on any node
-- acquire due ones with FOR UPDATE SKIP LOCKED and lock them for a while (lock_owner,
-- lock_expiration), so a node that dies leaves its jobs to the others once the lock expires.
-- Times are engine-clock milliseconds since the Unix epoch, like the other runtime tables.
CREATE TABLE job (
  id                 text PRIMARY KEY,
  type               text NOT NULL,
  proc_inst_id       text NOT NULL,
  execution_id       text,
  activity_id        text,
  proc_def_id        text,
  proc_def_key       text,
  tenant_id          text,
  due_date           bigint NOT NULL,
  created            bigint NOT NULL,
  retries            integer NOT NULL DEFAULT 3,
  lock_owner         text,
  lock_expiration    bigint,
  exception_message  text
);
CREATE INDEX job_proc_inst ON job (proc_inst_id);
CREATE INDEX job_due ON job (due_date) WHERE retries > 0;
