-- Model providers the admin API (managed_by = 'api') or the configuration file (managed_by = 'config')
-- defines; api is chat-completions or responses. Runs unchanged on SQLite and PostgreSQL. No key is
-- kept here: api_key_secret names a vault secret of project default (api_key_kind 'secret'), or
-- api_key_kind 'stored' says the key is the vault's model-provider.<name>.api-key; 'none' sends none.
CREATE TABLE model_providers (
  name TEXT NOT NULL PRIMARY KEY,
  base_url TEXT NOT NULL,
  api TEXT NOT NULL,
  api_key_kind TEXT NOT NULL,
  api_key_secret TEXT,
  models TEXT NOT NULL,
  timeout_ms BIGINT NOT NULL,
  retries BIGINT NOT NULL,
  managed_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
