-- Who runs the scheduled validation of every connection: one replica at a time holds the lease
-- until expires_at and renews it while it works; another takes it over once it has expired.
CREATE TABLE connect_leases (
  name TEXT NOT NULL PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
INSERT INTO connect_leases (name, holder, expires_at) VALUES ('validation', '', 0);
