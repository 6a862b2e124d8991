-- The vault: secrets encrypted at rest. Runs unchanged on SQLite and PostgreSQL (TEXT and BIGINT only;
-- binary values as base64). Nothing here can be read without a master key, which is never stored.

-- Data keys: random AES-256 keys, each wrapped (AES-256-GCM) by the master key named by master_key_id.
-- Re-wrapping under a new master key rewrites these rows only; the secrets stay as they are.
CREATE TABLE vault_data_keys (
  id TEXT NOT NULL PRIMARY KEY,
  master_key_id TEXT NOT NULL,
  wrapped TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- One row per version of a secret: the value sealed with its own data key, the name and version bound
-- in as associated data (a row copied under another name does not open).
CREATE TABLE vault_secrets (
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  data_key_id TEXT NOT NULL REFERENCES vault_data_keys (id),
  sealed TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  mask TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project, name, version)
);
