-- Task extras for the Tasklist (issue 14): delegation, comments, attachments, saved filters,
-- and the indexes that keep the task list's first page fast with 100,000 open tasks (sorted
-- by due date, follow-up date or priority; filtered by process or task variables). Times are
-- milliseconds since the Unix epoch (bigint), as elsewhere.

-- Camunda's DelegationState: 'PENDING' after delegate, 'RESOLVED' after resolve, else NULL.
ALTER TABLE task ADD COLUMN delegation_state text;

-- Comments and attachments outlive the task (Camunda keeps them in history tables), so they
-- are not removed with the task row.
CREATE TABLE task_comment (
  id                 text PRIMARY KEY,
  task_id            text NOT NULL,
  proc_inst_id       text,
  root_proc_inst_id  text,
  user_id            text,
  time               bigint NOT NULL,
  message            text NOT NULL
);
CREATE INDEX task_comment_task ON task_comment (task_id, time);

CREATE TABLE task_attachment (
  id                 text PRIMARY KEY,
  task_id            text NOT NULL,
  proc_inst_id       text,
  root_proc_inst_id  text,
  user_id            text,
  name               text,
  description        text,
  type               text,
  url                text,
  content_type       text,           -- of the uploaded part; NULL for a URL attachment
  content            bytea,          -- NULL for a URL attachment
  created            bigint NOT NULL
);
CREATE INDEX task_attachment_task ON task_attachment (task_id, created);

-- Camunda's ACT_RU_FILTER: a saved query over a resource (only 'Task' is supported) with
-- free-form properties; the query is the REST TaskQueryDto JSON, expressions included.
CREATE TABLE task_filter (
  id             text PRIMARY KEY,
  resource_type  text NOT NULL,
  name           text NOT NULL,
  owner          text,
  query          jsonb NOT NULL DEFAULT '{}',
  properties     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX task_filter_name ON task_filter (name);

-- The default filters, once (the table is new here). Their names are English; the web UI
-- shows properties.dpcMessageKey in the user's language. Everyone may read them (global
-- authorization, resource type 5 = Filter, READ = 2) except "All tasks", which only
-- camunda-admin sees (administrators may do everything anyway; the grant says so plainly).
INSERT INTO task_filter (id, resource_type, name, owner, query, properties) VALUES
  ('dpc-filter-my-tasks', 'Task', 'My tasks', NULL,
   '{"assigneeExpression": "${currentUser()}"}',
   '{"dpcMessageKey": "filter.myTasks", "priority": 10, "description": "Tasks assigned to me"}'),
  ('dpc-filter-group-tasks', 'Task', 'My group tasks', NULL,
   '{"candidateGroupsExpression": "${currentUserGroups()}"}',
   '{"dpcMessageKey": "filter.groupTasks", "priority": 20, "description": "Unassigned tasks of my groups"}'),
  ('dpc-filter-unassigned', 'Task', 'Unassigned', NULL,
   '{"unassigned": true}',
   '{"dpcMessageKey": "filter.unassigned", "priority": 30, "description": "Tasks nobody has claimed"}'),
  ('dpc-filter-due-soon', 'Task', 'Due soon', NULL,
   '{"dueBeforeExpression": "${dateTime().plusDays(3)}"}',
   '{"dpcMessageKey": "filter.dueSoon", "priority": 40, "description": "Tasks due in the next three days"}'),
  ('dpc-filter-all-tasks', 'Task', 'All tasks', NULL,
   '{}',
   '{"dpcMessageKey": "filter.allTasks", "priority": 50, "description": "Every open task"}');
INSERT INTO identity_authorization (id, type, user_id, group_id, resource_type, resource_id, permissions) VALUES
  ('dpc-auth-filter-my-tasks', 0, '*', NULL, 5, 'dpc-filter-my-tasks', 2),
  ('dpc-auth-filter-group-tasks', 0, '*', NULL, 5, 'dpc-filter-group-tasks', 2),
  ('dpc-auth-filter-unassigned', 0, '*', NULL, 5, 'dpc-filter-unassigned', 2),
  ('dpc-auth-filter-due-soon', 0, '*', NULL, 5, 'dpc-filter-due-soon', 2),
  ('dpc-auth-filter-all-tasks', 1, NULL, 'camunda-admin', 5, 'dpc-filter-all-tasks', 2);

-- Task list sort orders (the list's tie-breaker is created, id): the first page of an
-- unrestricted list walks one of these instead of sorting every open task.
CREATE INDEX task_due ON task (due, created, id);
CREATE INDEX task_follow_up ON task (follow_up, created, id);
CREATE INDEX task_priority ON task (priority, created, id);
-- Variable filters of the task query (EXISTS per task): process variables by instance and
-- name, task-local ones by task and name. The first covers the old instance index.
CREATE INDEX variable_proc_inst_name ON variable (proc_inst_id, name);
DROP INDEX variable_proc_inst;
CREATE INDEX variable_task_name ON variable (task_id, name) WHERE task_id IS NOT NULL;
