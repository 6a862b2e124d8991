// A real OAuth authorization server (oidc-provider) for machine clients, for
// ClientCredentialsInteropTest: two confidential clients, svc-basic (client_secret_basic) and
// svc-post (client_secret_post), get JWT access tokens by the client credentials grant, with the
// audience the resource indicator names (RFC 8707) and a short lifetime so renewal can be seen.
//   node oidc-service-clients.mjs <client-secret> <token-ttl-seconds>
// With WORKLOAD_JWKS_URI and WORKLOAD_CLIENT_ID set, that client (a workload identity's name)
// authenticates with private_key_jwt by the keys published there (Gatehouse's workload keys); with KEY_CLIENT_JWK (a public JWK), client svc-key
// does with that key.
// Prints {"issuer", "jwks", "token"} once it listens, then {"grant", "client"} for each token it
// issues; runs until killed.

import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [secret, ttl] = [process.argv[2], Number(process.argv[3])];
const jwksUri = process.env.WORKLOAD_JWKS_URI;
const keyClientJwk = process.env.KEY_CLIENT_JWK;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'svc-1', use: 'sig', alg: 'RS256' };

const server = (await import('node:http')).createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const machine = (id, method) => ({
  client_id: id,
  client_secret: secret,
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: method,
});

const provider = new Provider(issuer, {
  clients: [
    machine('svc-basic', 'client_secret_basic'),
    machine('svc-post', 'client_secret_post'),
    ...(jwksUri ? [{
      client_id: process.env.WORKLOAD_CLIENT_ID,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks_uri: jwksUri,
    }] : []),
    ...(keyClientJwk ? [{
      client_id: 'svc-key',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [JSON.parse(keyClientJwk)] },
    }] : []),
  ],
  jwks: { keys: [jwk] },
  scopes: ['mcp:tools'],
  // The provider refuses to fetch from special-use addresses (its own SSRF guard); every party of
  // this test is on loopback, so its fetch of Gatehouse's JWKS goes without that guard.
  fetch: (url, options) => {
    delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
  features: {
    clientCredentials: { enabled: true },
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
  process.stdout.write(
    JSON.stringify({ grant: ctx.oidc.params.grant_type, client: ctx.oidc.client.clientId }) + '\n');
});
provider.on('grant.error', (ctx, err) => {
  process.stderr.write(`grant error: ${err.error} ${err.error_description} ${err.error_detail ?? ""} ${err.cause?.message ?? ""} ${err.cause?.error_description ?? ""}\n`);
});
server.on('request', provider.callback());
process.stdout.write(
  JSON.stringify({ issuer, jwks: `${issuer}/jwks`, token: `${issuer}/token` }) + '\n');
