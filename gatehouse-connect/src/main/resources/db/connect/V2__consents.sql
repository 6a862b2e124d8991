-- Per-user OAuth consents in progress: the id in a consent link, the user it was issued for and,
-- once that user has signed in and started it, the state sent to the authorization server. Each is
-- used once and expires after a few minutes. Tokens are never kept here: the vault keeps them.
CREATE TABLE connection_consents (
  id TEXT NOT NULL PRIMARY KEY,
  project TEXT NOT NULL,
  connection TEXT NOT NULL,
  principal TEXT NOT NULL,
  state TEXT,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX connection_consents_by_state ON connection_consents (state);
CREATE INDEX connection_consents_by_user ON connection_consents (project, connection, principal);
