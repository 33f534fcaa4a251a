-- The nodes of the cluster (issue 15, Admin's System screen and GET /api/system): each dpc
-- serve process upserts its row every few seconds. last_seen comes from the database's own
-- clock, so nodes with skewed clocks still compare. Times are milliseconds since the Unix
-- epoch (bigint), as elsewhere. metrics holds the node's Camunda metric counters since it
-- started (activity-instance-start, job-successful, ...) for /engine-rest/metrics.
-- Rows of nodes not seen for a day are removed by the beats of the living ones.
CREATE TABLE node_heartbeat (
  node_id          text PRIMARY KEY,
  host             text NOT NULL,
  version          text NOT NULL,
  started_at       bigint NOT NULL,
  last_seen        bigint NOT NULL,
  job_threads      integer NOT NULL DEFAULT 0,
  job_threads_busy integer NOT NULL DEFAULT 0,
  metrics          jsonb NOT NULL DEFAULT '{}'
);
