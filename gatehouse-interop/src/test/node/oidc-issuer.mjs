// A real OpenID Provider (oidc-provider) on 127.0.0.1, for OAuthInteropTest. It issues JWT access
// tokens whose audience is the resource the client asked for (RFC 8707 resource indicators), which
// is how MCP clients ask for a token for one server. Its login page accepts any user name (the
// library's development interactions), and its consent page grants what the client asked for.
//   node oidc-issuer.mjs <redirect-uri>
// Prints one line {"issuer", "jwks"} to stdout once it listens; runs until killed.

import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const redirectUri = process.argv[2];
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'interop-1', use: 'sig', alg: 'RS256' };

const server = (await import('node:http')).createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'gatehouse-interop',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }],
  jwks: { keys: [jwk] },
  scopes: ['openid', 'offline_access', 'mcp:tools'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, client, oneOf) => oneOf ?? undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => ({
        scope: 'mcp:tools',
        audience: resourceIndicator,
        accessTokenTTL: 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.proxy = false;
server.on('request', provider.callback());
process.stdout.write(JSON.stringify({ issuer, jwks: `${issuer}/jwks` }) + '\n');
