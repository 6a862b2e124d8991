-- The tokens each agent response took, one row per response, for GET /admin/v1/usage/models.
-- Times are epoch microseconds.
CREATE TABLE model_usage (
  response_id TEXT NOT NULL PRIMARY KEY,
  at BIGINT NOT NULL,
  project TEXT NOT NULL,
  principal TEXT NOT NULL,
  agent TEXT,
  model TEXT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL
);
CREATE INDEX model_usage_by_project ON model_usage (project, at);
