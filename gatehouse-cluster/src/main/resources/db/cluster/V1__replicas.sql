-- The replicas that serve now: each writes its row at start and again every heartbeat, and deletes it
-- when it stops. A row whose seen_at is older than the readers' expiry is a replica that is gone.
-- Times are epoch microseconds.
CREATE TABLE cluster_replicas (
  id TEXT ${text_key} NOT NULL PRIMARY KEY,
  peer_url TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  seen_at BIGINT NOT NULL
);
