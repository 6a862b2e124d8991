-- Policy sets made through the admin API, one per scope: 'global' or 'route:NAME'. The
-- configuration file's sets are not stored: the file owns the scopes it sets.
CREATE TABLE policy_sets (
  scope TEXT NOT NULL PRIMARY KEY,
  document TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);

-- Bumped by every write, so replicas see a change with one cheap read.
CREATE TABLE policy_revision (
  id INTEGER NOT NULL PRIMARY KEY,
  revision BIGINT NOT NULL
);
INSERT INTO policy_revision (id, revision) VALUES (1, 0);
