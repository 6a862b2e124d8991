-- Stored agents, per project: the definition (model, instructions, MCP tools, subagents) as JSON,
-- whether the agent is published (and so has its own workload identity, agent:<project>/<name>),
-- and who manages it: 'api' (the admin API) or 'config' (the configuration file, which changes only
-- its own). Runs unchanged on SQLite and PostgreSQL; times are epoch microseconds. No column holds a
-- credential: a definition's tools name connections, which keep theirs in the vault.
CREATE TABLE agents (
  project TEXT ${text_key} NOT NULL,
  name TEXT ${text_key} NOT NULL,
  definition TEXT NOT NULL,
  published BOOLEAN NOT NULL,
  published_at BIGINT,
  managed_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (project, name)
);

-- Bumped by every write, so each replica sees a change with one cheap read.
CREATE TABLE agent_revision (
  id INTEGER NOT NULL PRIMARY KEY,
  revision BIGINT NOT NULL
);
INSERT INTO agent_revision (id, revision) VALUES (1, 0);
