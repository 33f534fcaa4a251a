-- Applications customers submit through public application forms (/api/forms/...). The form
-- itself is a deployed Camunda Form (form_definition, versioned per deployment); this row ties
-- an application number to the form version it was validated against and to the process
-- instance it started. status_token is the unguessable second half of the status link; kept
-- as issued so that a replayed submit (same idempotency key) can answer the same link.
CREATE TABLE form_application (
  number               text PRIMARY KEY,
  status_token         text NOT NULL,
  form_key             text NOT NULL,
  form_version         integer NOT NULL,
  process_instance_id  text,            -- null while the start is under way
  idempotency_key      text UNIQUE,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_application_instance ON form_application (process_instance_id);
