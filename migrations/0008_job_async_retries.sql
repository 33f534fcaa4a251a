-- Jobs for async continuations, priorities and failed-job retries (issue 5). A job of type
-- 'message' is an async continuation; handler_config says where the token continues
-- ('async-before', or 'async-after:<sequence flow id>' / 'async-after:' for the end of a
-- token). retry_cycle is the element's camunda:failedJobRetryTimeCycle (R5/PT5M, or a
-- comma-separated list of durations); empty means the engine default (3 retries).
-- exception_stacktrace is the detail text of the last failure (GET /job/{id}/stacktrace).
ALTER TABLE job
  ADD COLUMN handler_config       text,
  ADD COLUMN priority             bigint NOT NULL DEFAULT 0,
  ADD COLUMN exclusive            boolean NOT NULL DEFAULT true,
  ADD COLUMN retry_cycle          text,
  ADD COLUMN exception_stacktrace text,
  ADD COLUMN failed_activity_id   text;
CREATE INDEX job_locked_exclusive ON job (proc_inst_id) WHERE lock_owner IS NOT NULL AND exclusive;
