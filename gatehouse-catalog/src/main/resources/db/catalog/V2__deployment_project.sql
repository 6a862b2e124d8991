-- Deployments belong to a project: its contributors manage them. Existing ones join the default.
ALTER TABLE catalog_deployments ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
