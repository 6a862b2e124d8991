-- Responses of the agent runtime, kept per user until they expire, so a user can read, list the
-- input of, delete and continue their own (previous_response_id). The body is what GET answers;
-- state is what a continuation resumes from. Neither ever holds a request's headers or
-- authorization. Runs unchanged on SQLite and PostgreSQL. Times are epoch microseconds.
CREATE TABLE agent_responses (
  id TEXT ${text_key} NOT NULL PRIMARY KEY,
  owner TEXT NOT NULL,
  project TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  body TEXT NOT NULL,
  input TEXT NOT NULL,
  state TEXT NOT NULL
);

CREATE INDEX agent_responses_expiry ON agent_responses (expires_at);
