-- A deployment whose upstream Gatehouse provides itself, as JSON: an npm package of its version it
-- runs over stdio (which package, env values, working directory), or an uploaded OpenAPI document it
-- serves as tools. NULL for a deployment with an upstream URL. The transport column's CHECK predates
-- both, so such a deployment stores 'auto' there and is known by this column.
ALTER TABLE catalog_deployments ADD COLUMN hosted TEXT;
