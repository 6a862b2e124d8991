// A real OpenID Provider (oidc-provider) that people sign in to, for UserConsentInteropTest:
// Gatehouse is its confidential client "gatehouse" (client_secret_basic), redirecting to
// Gatehouse's /oauth/callback. Access tokens are JWTs for the resource Gatehouse asks for (RFC
// 8707), short-lived so refreshing can be seen, with refresh tokens. The login page takes any user
// name (development interactions); the consent page grants what was asked.
//   node oidc-users.mjs <redirect-uri> <client-secret> <token-ttl-seconds> [dcr]
// With "dcr", clients may also register themselves (RFC 7591), and each registration prints
// {"registered"}.
// Prints {"issuer", "jwks", "authorize", "token", "revoke"} once it listens, then {"grant",
// "account"} for each token it issues and {"grantError", "error"} for each token request it
// refuses; runs until killed.

import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [redirectUri, secret, ttl] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const dcr = process.argv[5] === 'dcr';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'users-1', use: 'sig', alg: 'RS256' };

const server = (await import('node:http')).createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'gatehouse',
    client_secret: secret,
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }],
  jwks: { keys: [jwk] },
  scopes: ['openid', 'offline_access', 'mcp:tools'],
  pkce: { required: () => true },
  issueRefreshToken: async () => true,
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    registration: { enabled: dcr },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, client, oneOf) => oneOf ?? undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => ({
        scope: 'mcp:tools',
        audience: resourceIndicator,
        accessTokenTTL: ttl,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.proxy = false;
provider.on('grant.success', (ctx) => {
  process.stdout.write(JSON.stringify({
    grant: ctx.oidc.params.grant_type,
    account: ctx.oidc.session?.accountId ?? ctx.oidc.entities?.RefreshToken?.accountId ?? null,
  }) + '\n');
});
// every token request refused, so a test can show what reached this server at all
provider.on('grant.error', (ctx, error) => {
  process.stdout.write(JSON.stringify({
    grantError: ctx.oidc?.params?.grant_type ?? null, error: error?.error ?? null,
  }) + '\n');
});
provider.on('registration_create.success', (ctx, client) => {
  process.stdout.write(JSON.stringify({ registered: client.clientId, method: client.tokenEndpointAuthMethod }) + '\n');
});
server.on('request', provider.callback());
process.stdout.write(JSON.stringify({
  issuer, jwks: `${issuer}/jwks`, authorize: `${issuer}/auth`, token: `${issuer}/token`,
  revoke: `${issuer}/token/revocation`,
}) + '\n');
