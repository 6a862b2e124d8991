-- Approval requests: the agent runtime's mcp_approval_requests (mcpr_...) and the gateway's held
-- tools/calls (apr_...), one id space. A row is written PENDING and answered once by a conditional
-- UPDATE ... WHERE state = 'PENDING'; a pending row past expires_at reads as EXPIRED. Times are
-- epoch microseconds. approvers is the gateway policy's list (one per line), null for agent ones.
CREATE TABLE approvals (
  id TEXT ${text_key} NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  project TEXT NOT NULL,
  route TEXT,
  server_label TEXT,
  tool TEXT NOT NULL,
  arguments TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  state TEXT NOT NULL,
  decided_by TEXT,
  reason TEXT,
  decided_at BIGINT,
  replica TEXT,
  approvers TEXT
);

CREATE INDEX approvals_owner ON approvals (owner, state, created_at);
CREATE INDEX approvals_project ON approvals (project, state, created_at);
