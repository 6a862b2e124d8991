-- A consent is finished at the authorization server it was started with (RFC 9207; MCP 2026-07-28,
-- SEP-2352: credentials are bound to the server that issued them): when its user starts, the
-- issuer (null for servers configured by hand), token endpoint, client id, resource and whether
-- the server sends iss are kept, and the code goes to exactly those, even if the upstream has named
-- another authorization server meanwhile. A consent started before this has none: it is started
-- again.
ALTER TABLE connection_consents ADD COLUMN issuer TEXT;
ALTER TABLE connection_consents ADD COLUMN token_url TEXT;
ALTER TABLE connection_consents ADD COLUMN client_id TEXT;
ALTER TABLE connection_consents ADD COLUMN resource TEXT;
ALTER TABLE connection_consents ADD COLUMN iss_required BIGINT;
