-- The audit log: one row per MCP exchange. Runs unchanged on SQLite and PostgreSQL. Times are epoch
-- milliseconds, ids random hex made by the application; (at, id) orders the rows for paging, and
-- ${text_key} makes id compare byte by byte on both databases. No column holds a credential or a
-- session id: session is a hash, arguments and result are redacted and set only when a route opts in.
-- Every exchange inserts a row and few read them, so the table has its time-ordered key and no other
-- index: a filtered read walks the key newest first (since/until bound it).
CREATE TABLE observe_audit (
  at BIGINT NOT NULL,
  id TEXT ${text_key} NOT NULL,
  principal TEXT,
  project TEXT,
  route TEXT NOT NULL,
  session TEXT,
  entry TEXT NOT NULL,
  method TEXT,
  request_id TEXT,
  target TEXT,
  decision TEXT NOT NULL,
  error_key TEXT,
  status INTEGER NOT NULL,
  upstream_status INTEGER NOT NULL,
  latency_us BIGINT NOT NULL,
  upstream_us BIGINT NOT NULL,
  bytes_in BIGINT NOT NULL,
  bytes_out BIGINT NOT NULL,
  arguments TEXT,
  result TEXT,
  PRIMARY KEY (at, id)
);
