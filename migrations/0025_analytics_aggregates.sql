-- Incremental aggregates for the dashboard (issue 18, src/analytics/README.md), kept by a
-- statement-level trigger on engine_event: whichever node inserts events updates the
-- aggregates in the same transaction, so they commit (or roll back) with the events, and an
-- event is counted exactly once however many nodes write (no consumer, no high-water mark).
-- A group commit's one INSERT of many commands' rows fires the trigger once.
--
-- "Instance start" below is hi_proc_inst.start_time (the same statement inserts it before the
-- trigger runs), else the instance's first event; days are UTC days of the instance start, so
-- "started in [from, to]" questions read whole days from analytics_daily.

-- Per instance and element (activity, event, gateway or sequence flow): its first and last
-- occurrence (a start, a flow's take); element '' is the instance itself (its first and last
-- event of any kind), so analytics_daily's '' rows count instances started per day. *_ord orders events exactly (engine_event.seq * 65536
-- + position in the row), *_time is when. The one index serves the funnel: one range scan per
-- step over (key, element, start range), index-only.
CREATE TABLE analytics_step (
  definition_key      text NOT NULL,
  element_id          text NOT NULL,
  instance_start      bigint NOT NULL,
  proc_inst_id        text NOT NULL,
  definition_version  integer NOT NULL,
  first_time          bigint NOT NULL,
  first_ord           bigint NOT NULL,
  last_time           bigint NOT NULL,
  last_ord            bigint NOT NULL,
  PRIMARY KEY (definition_key, element_id, instance_start, proc_inst_id)
    INCLUDE (definition_version, first_time, first_ord, last_ord)
);

-- Per process version, element and day of instance start: instances that reached it (once
-- per instance), occurrences (starts, takes), ends, cancels, the completed durations' sum
-- (end - the latest earlier start of the element in that instance), and with `bucket` set,
-- how many completed durations fell in that log-scaled bucket (bucket b holds durations d ms
-- with floor(4 * log2(d + 1)) = b, each 19% wider than the previous: a median or p90 within
-- a bucket's width). Insert-only: each trigger run appends its sums (no row two
-- transactions update, so nodes never wait on each other or deadlock); readers sum rows of a
-- key, and analytics_fold() replaces many rows by their sums now and then.
CREATE TABLE analytics_daily (
  definition_key      text NOT NULL,
  definition_version  integer NOT NULL,
  element_id          text NOT NULL,
  day                 bigint NOT NULL,  -- epoch ms of 00:00 UTC
  bucket              smallint,         -- null: the counts row
  reached             bigint NOT NULL DEFAULT 0,
  occurrences         bigint NOT NULL DEFAULT 0,
  ended               bigint NOT NULL DEFAULT 0,
  canceled            bigint NOT NULL DEFAULT 0,
  duration_sum        bigint NOT NULL DEFAULT 0,
  folded              boolean NOT NULL DEFAULT false  -- the one row of its key, written by analytics_fold()
);
CREATE INDEX analytics_daily_key ON analytics_daily (definition_key, day);
CREATE INDEX analytics_daily_new ON analytics_daily (definition_key, element_id, day) WHERE NOT folded;

CREATE FUNCTION analytics_day(at bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  $$ SELECT at - ((at % 86400000) + 86400000) % 86400000 $$;

-- The trigger: new_events is the statement's inserted engine_event rows.
CREATE FUNCTION analytics_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH ev AS (
    SELECT n.proc_inst_id, n.definition_key, n.definition_version, f.element_id, f.event, f.at,
           n.seq * 65536 + f.n AS ord
    FROM new_events n, unnest(n.element_ids, n.events, n.times) WITH ORDINALITY AS f(element_id, event, at, n)
  ), st AS (
    SELECT i.proc_inst_id, coalesce(p.start_time, i.at) AS instance_start
    FROM (SELECT proc_inst_id, min(at) AS at FROM ev GROUP BY 1) i
    LEFT JOIN hi_proc_inst p ON p.id = i.proc_inst_id
  ), e AS (
    SELECT ev.*, st.instance_start, analytics_day(st.instance_start) AS day,
           max(at) FILTER (WHERE event = 'start') OVER (PARTITION BY ev.proc_inst_id, element_id ORDER BY ord
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS started_here
    FROM ev JOIN st USING (proc_inst_id)
  ), ends AS (
    SELECT e.definition_key, e.definition_version, e.element_id, e.day, e.event,
           e.at - coalesce(e.started_here,
             (SELECT s.last_time FROM analytics_step s WHERE s.definition_key = e.definition_key
                AND s.element_id = e.element_id AND s.instance_start = e.instance_start
                AND s.proc_inst_id = e.proc_inst_id)) AS d
    FROM e WHERE e.event IN ('end', 'cancel')
  ), occ AS (
    SELECT definition_key, element_id, instance_start, proc_inst_id, min(definition_version) AS v, min(day) AS day,
           min(at) AS first_time, min(ord) AS first_ord, max(at) AS last_time, max(ord) AS last_ord,
           count(*) AS n
    FROM e WHERE event IN ('start', 'take') GROUP BY 1, 2, 3, 4
    UNION ALL  -- element '': the instance itself (any event); its first reach is its start
    SELECT definition_key, '', instance_start, proc_inst_id, min(definition_version), min(day),
           min(at), min(ord), max(at), max(ord), 0
    FROM e GROUP BY 1, 3, 4
  ), up AS (
    -- A row inserted (xmax = 0) is a first reach.
    INSERT INTO analytics_step AS s
    SELECT definition_key, element_id, instance_start, proc_inst_id, v, first_time, first_ord, last_time, last_ord
    FROM occ ORDER BY 1, 2, 3, 4
    ON CONFLICT (definition_key, element_id, instance_start, proc_inst_id)
    DO UPDATE SET last_time = EXCLUDED.last_time, last_ord = EXCLUDED.last_ord
    RETURNING s.definition_key, s.element_id, s.instance_start, s.proc_inst_id, (xmax = 0) AS first_reach
  ), counts AS (
    SELECT o.definition_key, o.v AS definition_version, o.element_id, o.day,
           (u.first_reach)::int AS reached, o.n AS occurrences, 0 AS ended, 0 AS canceled, 0 AS duration_sum
    FROM occ o JOIN up u USING (definition_key, element_id, instance_start, proc_inst_id)
    UNION ALL
    SELECT definition_key, definition_version, element_id, day, 0, 0, (event = 'end')::int,
           (event = 'cancel')::int, CASE WHEN event = 'end' THEN coalesce(d, 0) ELSE 0 END
    FROM ends
  )
  INSERT INTO analytics_daily (definition_key, definition_version, element_id, day, bucket, reached,
                               occurrences, ended, canceled, duration_sum)
  SELECT definition_key, definition_version, element_id, day, NULL, sum(reached), sum(occurrences),
         sum(ended), sum(canceled), sum(duration_sum)
  FROM counts GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT definition_key, definition_version, element_id, day, floor(4 * log(2, greatest(d, 0) + 1))::smallint,
         0, 0, count(*), 0, sum(d)
  FROM ends WHERE event = 'end' AND d IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_events AFTER INSERT ON engine_event
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION analytics_events();

-- Replaces the rows of each key (process version, element, day, bucket) that has new rows
-- by one row holding their sums; one node at a time (the others skip: their readers just sum
-- more rows). Rows committed meanwhile stay for the next fold. Returns the rows folded.
CREATE FUNCTION analytics_fold() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE folded_rows bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('dpc analytics_fold')) THEN RETURN 0; END IF;
  WITH k AS (SELECT DISTINCT definition_key, element_id, day FROM analytics_daily WHERE NOT folded),
  d AS (DELETE FROM analytics_daily a USING k
        WHERE a.definition_key = k.definition_key AND a.element_id = k.element_id AND a.day = k.day
        RETURNING a.*),
  ins AS (
    INSERT INTO analytics_daily
    SELECT definition_key, definition_version, element_id, day, bucket, sum(reached), sum(occurrences),
           sum(ended), sum(canceled), sum(duration_sum), true
    FROM d GROUP BY 1, 2, 3, 4, 5)
  SELECT count(*) INTO folded_rows FROM d;
  RETURN folded_rows;
END $$;

-- Events logged before this migration: inserted again (same rows, same seq) so the trigger
-- counts them, in their order.
CREATE TEMP TABLE analytics_backfill AS SELECT * FROM engine_event;
DELETE FROM engine_event;
INSERT INTO engine_event SELECT * FROM analytics_backfill ORDER BY seq;
DROP TABLE analytics_backfill;
SELECT analytics_fold();
