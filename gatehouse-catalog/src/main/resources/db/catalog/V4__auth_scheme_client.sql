-- An oauth2 auth scheme may name the OAuth client registered for Gatehouse at its authorization
-- server (a client id, public: never a secret), so connections made from it need nothing from
-- their users but their consent.
ALTER TABLE catalog_auth_schemes ADD COLUMN client_id TEXT;
