// The TypeScript MCP SDK client, given only a Gatehouse route URL, finds out by itself how to get a
// token: 401 → the route's Protected Resource Metadata → the authorization server's metadata →
// authorization code with PKCE, with a scripted login on the server's login page. Then it lists the
// route's tools. Run by OAuthInteropTest.
//   node oauth-client.mjs <route-url> <redirect-uri> [<other-route-url>]
// Prints one JSON line: {"tools": [...], "resource": ..., "otherRouteStatus": ...}; exits 1 on failure.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [routeUrl, redirectUri, otherRoute] = process.argv.slice(2);
const store = { tokens: undefined, verifier: undefined, authorizationUrl: undefined };

const provider = {
  get redirectUrl() { return redirectUri; },
  get clientMetadata() {
    return { client_name: 'gatehouse-interop', redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'] };
  },
  clientInformation: () => ({ client_id: 'gatehouse-interop' }),
  tokens: () => store.tokens,
  saveTokens: (t) => { store.tokens = t; },
  redirectToAuthorization: (url) => { store.authorizationUrl = url; },
  saveCodeVerifier: (v) => { store.verifier = v; },
  codeVerifier: () => store.verifier,
};

/** Plays the user on the authorization server's login page; returns the code from the redirect. */
async function login(authorizationUrl) {
  const cookies = new Map();
  const keep = (response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body;
  const steps = [];
  for (let step = 0; step < 20; step++) {
    steps.push(`${method} ${url.pathname}`);
    const response = await fetch(url, {
      method, body, redirect: 'manual',
      headers: { cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    keep(response);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) {
        const code = next.searchParams.get('code');
        if (!code) throw new Error(`authorization failed: ${next.search}`);
        return code;
      }
      url = next; method = 'GET'; body = undefined;
      continue;
    }
    const page = await response.text();
    const uid = url.pathname.match(/\/interaction\/([^/]+)/)?.[1];
    if (response.status !== 200 || !uid) throw new Error(`unexpected ${response.status} at ${url}: ${page.slice(0, 300)}`);
    // The login page and the consent page both post back to the interaction itself.
    url = new URL(`/interaction/${uid}`, url);
    body = new URLSearchParams(page.includes('name="login"')
      ? { prompt: 'login', login: 'alice', password: 'any' }
      : { prompt: 'consent' }).toString();
    method = 'POST';
  }
  throw new Error(`the login did not end in a redirect to the client: ${steps.join(' → ')}`);
}

async function connect() {
  const client = new Client({ name: 'gatehouse-oauth-interop', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(routeUrl), { authProvider: provider });
  try {
    await client.connect(transport);
    return client;
  } catch (e) {
    if (!(e instanceof UnauthorizedError) || !store.authorizationUrl) throw e;
    const code = await login(store.authorizationUrl);
    await transport.finishAuth(code);
    const again = new Client({ name: 'gatehouse-oauth-interop', version: '1.0.0' });
    await again.connect(new StreamableHTTPClientTransport(new URL(routeUrl), { authProvider: provider }));
    return again;
  }
}

try {
  const client = await connect();
  const tools = (await client.listTools()).tools.map((t) => t.name);
  await client.close();
  let otherRouteStatus;
  if (otherRoute) {
    const r = await fetch(otherRoute, {
      method: 'POST',
      headers: { authorization: `Bearer ${store.tokens.access_token}`, 'content-type': 'application/json',
        accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
        protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    otherRouteStatus = r.status;
  }
  const payload = JSON.parse(Buffer.from(store.tokens.access_token.split('.')[1], 'base64url').toString());
  process.stdout.write(JSON.stringify({ tools, audience: payload.aud, scope: payload.scope, otherRouteStatus }) + '\n');
  process.exit(0);
} catch (e) {
  process.stderr.write(`oauth-client: ${e?.stack ?? e}\n`);
  process.exit(1);
}
