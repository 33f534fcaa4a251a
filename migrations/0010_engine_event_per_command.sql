-- The engine event log keeps one row per command and instance instead of one per event:
-- the events of a command travel as parallel arrays (element, type, event, time). A
-- straight-through instance wrote eight rows and sixteen index entries here; now one row.
ALTER TABLE engine_event RENAME TO engine_event_old;
ALTER INDEX engine_event_key_time RENAME TO engine_event_old_key_time;
CREATE TABLE engine_event (
  seq                 bigserial PRIMARY KEY,
  proc_inst_id        text NOT NULL,
  definition_key      text NOT NULL,
  definition_version  integer NOT NULL,
  business_key        text,
  time                bigint NOT NULL,    -- the command's first event
  element_ids         text[] NOT NULL,    -- one entry per event, in the order they happened
  element_types       text[] NOT NULL,
  events              text[] NOT NULL,    -- start | end | cancel
  times               bigint[] NOT NULL
);
CREATE INDEX engine_event_key_time ON engine_event (definition_key, time);
-- Events already logged: one row per instance and instant.
INSERT INTO engine_event (proc_inst_id, definition_key, definition_version, business_key, time,
                          element_ids, element_types, events, times)
SELECT proc_inst_id, definition_key, definition_version, min(business_key), time,
       array_agg(element_id ORDER BY seq), array_agg(element_type ORDER BY seq),
       array_agg(event ORDER BY seq), array_agg(time ORDER BY seq)
FROM engine_event_old
GROUP BY proc_inst_id, definition_key, definition_version, time
ORDER BY min(seq);
DROP TABLE engine_event_old;
