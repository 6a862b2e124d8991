-- Where a connection came from: the catalog deployment it was made from (JSON, or null), and who
-- manages it: 'api' (the admin API) or 'config' (the configuration file, which updates and deletes
-- only its own).
ALTER TABLE connections ADD COLUMN origin TEXT;
ALTER TABLE connections ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'api';
