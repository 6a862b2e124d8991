-- A consent is finished only in the browser that started it (a hash of a nonce kept in that
-- browser's cookie), and only while the connection is as it was when the user started.
ALTER TABLE connection_consents ADD COLUMN browser TEXT;
ALTER TABLE connection_consents ADD COLUMN connection_version BIGINT;
