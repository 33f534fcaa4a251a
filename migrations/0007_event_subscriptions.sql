-- Event subscriptions of running instances (like Camunda's ACT_RU_EVENT_SUBSCR): which
-- execution waits for which message or signal, so that POST /message and /signal find their
-- targets by name without loading instances. A row is derived from an execution resting at
-- a message/signal catch event or receive task, or in an activity with message/signal
-- boundary events; the engine rewrites an execution's rows whenever it writes the execution,
-- and they go with the instance. Start events are not stored: they are read from the
-- latest definitions' models.
CREATE TABLE event_subscription (
  id            text PRIMARY KEY,
  kind          text NOT NULL,      -- 'message' or 'signal'
  event_name    text NOT NULL,
  proc_inst_id  text NOT NULL,
  execution_id  text NOT NULL,
  activity_id   text NOT NULL,      -- the catch event, receive task or boundary event
  proc_def_id   text NOT NULL,
  created       bigint NOT NULL
);
CREATE INDEX event_subscription_name ON event_subscription (kind, event_name);
CREATE INDEX event_subscription_proc_inst ON event_subscription (proc_inst_id);
CREATE INDEX event_subscription_execution ON event_subscription (execution_id);
