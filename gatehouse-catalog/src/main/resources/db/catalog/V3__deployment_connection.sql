-- A deployment may name a connection of its project: its route then takes the connection's current
-- upstream and credential. NULL for a deployment with its own upstream.
ALTER TABLE catalog_deployments ADD COLUMN connection TEXT;
