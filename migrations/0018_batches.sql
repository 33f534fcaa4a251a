-- Batches (Camunda 7's /batch): long operations over many items (delete instances, set job
-- retries, suspend, migrate ...). A batch is a row here; each item is a job row of type
-- 'batch' (handler_config names the item) with job.batch_id set, run by the job executors of
-- every node like any other job, so a dead node's items are taken over once its locks
-- expire. The item's effect and the deletion of its job commit together, so an item whose
-- effect was committed never runs again. One 'batch-monitor' job per batch ends it (sets
-- end_time) when no item job is left. end_time NULL = running (/batch); every row is also
-- the historic batch (/history/batch). Times are engine-clock milliseconds.
CREATE TABLE batch (
  id                   text PRIMARY KEY,
  type                 text NOT NULL,
  total_jobs           integer NOT NULL,
  invocations_per_job  integer NOT NULL DEFAULT 1,
  suspended            boolean NOT NULL DEFAULT false,
  tenant_id            text,
  create_user_id       text,
  start_time           bigint NOT NULL,
  execution_start_time bigint,
  end_time             bigint,
  configuration        text NOT NULL DEFAULT '{}'
);
CREATE INDEX batch_running ON batch (start_time) WHERE end_time IS NULL;

ALTER TABLE job ADD COLUMN batch_id text;
CREATE INDEX job_batch ON job (batch_id) WHERE batch_id IS NOT NULL;
