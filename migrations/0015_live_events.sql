-- Live events for the web apps (GET /api/events) and the case story.
--
-- ui_event: what a browser is told about (task created/assigned/completed/updated/deleted,
-- instance ended, incident created/resolved), written by triggers on the history tables in
-- the transaction of the change, so every code path (engine commands, the job executor,
-- external-task failures, task edits) produces them alike. The id orders the events and lets
-- a browser resume after a reconnect (Last-Event-ID); rows are kept for about an hour
-- (pruned by the nodes, see live_event_log.cpp).
--
-- Every node LISTENs on dpc_ui_event and then reads the rows after the last it saw
-- (event_hub.cpp). The NOTIFY is NOT sent from the task and instance triggers: a
-- transaction that notifies holds a database-wide lock through its commit's WAL flush, so
-- concurrent task completions would commit one after another (user-task round trips fell to
-- a third). The runtime store sends it right after such a command's COMMIT, as a
-- transaction of its own that writes no WAL; the group commit of starts sends none (the
-- hubs also read the log five times a second while someone subscribes). Incidents are
-- rare: their triggers notify themselves.
--
-- Why the history tables: the runtime task and incident rows are rewritten as delete plus
-- insert when they change, so a trigger there could not tell an update from a deletion;
-- hi_task and hi_incident are updated in place. Candidate users and groups (for who may see
-- a task) come from the runtime task row while it exists, else from the task's last event.
--
-- Cost: the statement-level triggers fire once per statement (a group commit's batch), the
-- row-level ones only on hi_task/hi_proc_inst/hi_incident updates, which commands issue one
-- per row anyway. An instance that starts and ends in one command (inserted into
-- hi_proc_inst already ended) gives no "ended" event: no live view ever showed it running,
-- and the straight-through path stays as fast as before.
CREATE TABLE ui_event (
  id                bigserial PRIMARY KEY,
  created           timestamptz NOT NULL DEFAULT now(),  -- for pruning only
  kind              text NOT NULL,   -- task | instance | incident
  type              text NOT NULL,   -- created, assigned, completed, updated, deleted, ended, resolved
  task_id           text,
  incident_id       text,
  name              text,
  proc_inst_id      text,
  proc_def_key      text,
  activity_id       text,
  assignee          text,
  previous_assignee text,            -- of an 'assigned' event: they see it too
  candidate_users   text[],
  candidate_groups  text[]
);
CREATE INDEX ui_event_task ON ui_event (task_id) WHERE task_id IS NOT NULL;

-- Tasks created (not those created and finished in one command: nobody saw them).
CREATE FUNCTION ui_event_task_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ui_event (kind, type, task_id, name, proc_inst_id, proc_def_key, activity_id,
                        assignee, candidate_users, candidate_groups)
  SELECT 'task', 'created', n.id, n.name, n.proc_inst_id, n.proc_def_key, n.task_def_key,
         n.assignee, t.candidate_users, t.candidate_groups
  FROM ui_new_rows n LEFT JOIN task t ON t.id = n.id
  WHERE n.end_time IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER ui_event_task_created AFTER INSERT ON hi_task
  REFERENCING NEW TABLE AS ui_new_rows FOR EACH STATEMENT EXECUTE FUNCTION ui_event_task_created();

-- A task changed: ended (completed or deleted), assignee changed, or anything else.
CREATE FUNCTION ui_event_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  what text;
  users text[];
  groups text[];
BEGIN
  IF OLD.end_time IS NOT NULL THEN
    RETURN NULL;  -- history of an ended task edited: nothing live
  ELSIF NEW.end_time IS NOT NULL THEN
    what := CASE WHEN NEW.delete_reason = 'completed' THEN 'completed' ELSE 'deleted' END;
  ELSIF NEW.assignee IS DISTINCT FROM OLD.assignee THEN
    what := 'assigned';
  ELSE
    what := 'updated';
  END IF;
  SELECT candidate_users, candidate_groups INTO users, groups FROM task WHERE id = NEW.id;
  IF NOT FOUND THEN
    SELECT candidate_users, candidate_groups INTO users, groups FROM ui_event
    WHERE task_id = NEW.id ORDER BY id DESC LIMIT 1;
  END IF;
  INSERT INTO ui_event (kind, type, task_id, name, proc_inst_id, proc_def_key, activity_id,
                        assignee, previous_assignee, candidate_users, candidate_groups)
  VALUES ('task', what, NEW.id, NEW.name, NEW.proc_inst_id, NEW.proc_def_key, NEW.task_def_key,
          NEW.assignee, OLD.assignee, users, groups);
  RETURN NULL;
END $$;
CREATE TRIGGER ui_event_task_changed AFTER UPDATE ON hi_task
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION ui_event_task_changed();

-- An instance ended (completed, canceled or deleted) after running in an earlier command.
CREATE FUNCTION ui_event_instance_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ui_event (kind, type, proc_inst_id, proc_def_key)
  VALUES ('instance', 'ended', NEW.id, NEW.definition_key);
  RETURN NULL;
END $$;
CREATE TRIGGER ui_event_instance_ended AFTER UPDATE ON hi_proc_inst
  FOR EACH ROW WHEN (OLD.end_time IS NULL AND NEW.end_time IS NOT NULL)
  EXECUTE FUNCTION ui_event_instance_ended();

-- Incidents raised (hi_incident rows inserted) and resolved (their state leaves 'open').
CREATE FUNCTION ui_event_incident_created() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  first_id bigint;
  last_id bigint;
BEGIN
  WITH ins AS (
    INSERT INTO ui_event (kind, type, incident_id, proc_inst_id, proc_def_key, activity_id)
    SELECT 'incident', 'created', n.id, n.proc_inst_id, d.key, n.activity_id
    FROM ui_new_rows n LEFT JOIN process_definition d ON d.id = n.proc_def_id
    RETURNING id)
  SELECT min(id), max(id) INTO first_id, last_id FROM ins;
  IF first_id IS NOT NULL THEN
    PERFORM pg_notify('dpc_ui_event', '');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ui_event_incident_created AFTER INSERT ON hi_incident
  REFERENCING NEW TABLE AS ui_new_rows FOR EACH STATEMENT EXECUTE FUNCTION ui_event_incident_created();

CREATE FUNCTION ui_event_incident_resolved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_id bigint;
BEGIN
  INSERT INTO ui_event (kind, type, incident_id, proc_inst_id, proc_def_key, activity_id)
  SELECT 'incident', 'resolved', NEW.id, NEW.proc_inst_id, d.key, NEW.activity_id
  FROM (SELECT 1) one LEFT JOIN process_definition d ON d.id = NEW.proc_def_id
  RETURNING id INTO new_id;
  PERFORM pg_notify('dpc_ui_event', '');
  RETURN NULL;
END $$;
CREATE TRIGGER ui_event_incident_resolved AFTER UPDATE ON hi_incident
  FOR EACH ROW WHEN (OLD.state = 'open' AND NEW.state <> 'open')
  EXECUTE FUNCTION ui_event_incident_resolved();

-- Who changed a variable (the authenticated user of the command; null: the engine itself,
-- e.g. the job executor), for GET /engine-rest/history/detail.
ALTER TABLE hi_var_update ADD COLUMN user_id text;

-- The sequence flows a case took are engine_event entries (element type sequenceFlow, event
-- take); the case story reads one instance's rows.
CREATE INDEX engine_event_proc_inst ON engine_event (proc_inst_id);
