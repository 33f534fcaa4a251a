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

-- Drafts of public application forms, resumed by an unguessable token. Only the token's
-- SHA-256 is kept: the link is the customer's alone. Expired drafts are not answered (and
-- deleted when found).
CREATE TABLE form_draft (
  token_hash    text PRIMARY KEY,
  form_key      text NOT NULL,
  form_version  integer NOT NULL,
  data          jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX form_draft_expiry ON form_draft (expires_at);
