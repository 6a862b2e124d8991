-- Quota windows: how many calls each counter admitted in a fixed UTC window, so quotas survive a
-- restart. Written behind the request path (about once a second), read when a counter is first used.
-- Runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds.
CREATE TABLE limits_quota_windows (
  counter_key TEXT ${text_key} NOT NULL,
  window_start BIGINT NOT NULL,
  window_end BIGINT NOT NULL,
  route TEXT NOT NULL,
  limit_name TEXT NOT NULL,
  tool TEXT NOT NULL,
  consumer TEXT NOT NULL,
  project TEXT NOT NULL,
  used BIGINT NOT NULL,
  quota BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (counter_key, window_start)
);

CREATE INDEX limits_quota_windows_consumer ON limits_quota_windows (consumer, route);
