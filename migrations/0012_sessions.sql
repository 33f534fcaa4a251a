-- Browser sessions (identity): keyed by a hash of the session token (the token itself lives
-- only in the browser's HttpOnly cookie), so any node serves any request and a logout on one
-- node ends the session everywhere. Times are milliseconds since the Unix epoch (wall clock).
CREATE TABLE dpc_session (
  token_hash   text PRIMARY KEY,
  user_id      text NOT NULL,
  csrf_token   text NOT NULL,
  created      bigint NOT NULL,
  last_seen    bigint NOT NULL,
  expires      bigint NOT NULL
);
CREATE INDEX dpc_session_user ON dpc_session (user_id);
