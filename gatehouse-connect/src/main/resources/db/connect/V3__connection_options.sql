-- A connection's options besides its URL, transport and auth, as JSON: TLS (trusted CAs, a client
-- certificate whose key is a vault secret) and whether plain http to a non-loopback host is allowed.
ALTER TABLE connections ADD COLUMN options TEXT;
