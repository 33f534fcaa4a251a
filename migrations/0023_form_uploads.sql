-- Files customers attach to public application forms (scans of documents), uploaded before
-- the form is sent: POST /api/forms/{key}/uploads answers an unguessable upload id, of which
-- only the SHA-256 is kept here; the submission names the id in its file field and the bytes
-- become a File variable of the started instance (the bank's staff see it there). The type
-- is the one the bytes show (PDF, JPEG, PNG), never the name's. Uploads nobody sent expire.
CREATE TABLE form_upload (
  token_hash    text PRIMARY KEY,
  form_key      text NOT NULL,
  file_name     text NOT NULL,
  content_type  text NOT NULL,
  content       bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX form_upload_expiry ON form_upload (expires_at);
