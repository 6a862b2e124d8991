-- A deployment Gatehouse runs itself from its version's npm package over stdio: which package, its
-- env values and working directory, as JSON. NULL for a deployment with an upstream URL. The
-- transport column's CHECK predates stdio, so such a deployment stores 'auto' there and is known
-- by this column.
ALTER TABLE catalog_deployments ADD COLUMN hosted TEXT;
