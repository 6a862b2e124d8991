-- Connections: where an upstream MCP server is and how Gatehouse authenticates to it. Runs unchanged
-- on SQLite and PostgreSQL. No secret is kept here: auth names vault secrets, whose values the vault
-- keeps encrypted.
CREATE TABLE connections (
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  transport TEXT NOT NULL,
  auth TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (project, name)
);

-- What each validation found, newest last; a few per connection are kept.
CREATE TABLE connection_checks (
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  checked_at BIGINT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX connection_checks_by_name ON connection_checks (project, name, checked_at);

-- Bumped by every write, so replicas see a change with one cheap read.
CREATE TABLE connect_revision (
  id INTEGER NOT NULL PRIMARY KEY,
  revision BIGINT NOT NULL
);
INSERT INTO connect_revision (id, revision) VALUES (1, 0);
