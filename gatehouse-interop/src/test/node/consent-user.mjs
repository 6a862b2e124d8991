// A person using an MCP client on a Gatehouse route whose connection sends each user's own token:
// the TypeScript SDK client (with the user's Gatehouse API key) is refused with the URL
// elicitation error -32042; the person opens the consent link, signs in to Gatehouse with the same
// key, signs in at the authorization server as <login> and allows access; then the client calls the
// tool "whoami". Run by UserConsentInteropTest.
//   node consent-user.mjs <route-url> <api-key> <login>
// Prints one JSON line {"code", "consentUrl", "callbackUrl", "callbackStatus", "cookie" (the
// browser's consent nonce, for the test to replay the callback), "result"}; exits 1
// on failure.
//   node consent-user.mjs --link <consent-url> <api-key> <login | --decline>
// Only the person's part in the browser, from a consent link they were given (by the agent
// runtime's oauth_consent_request, say); with --decline they abort at the authorization server,
// which answers access_denied. Prints {"callbackUrl", "callbackStatus", "connected", "declined"}.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const linkOnly = process.argv[2] === '--link';
const [routeUrl, apiKey, login] = linkOnly
  ? [undefined, process.argv[4], process.argv[5]]
  : process.argv.slice(2);

function transport() {
  return new StreamableHTTPClientTransport(new URL(routeUrl), {
    requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
  });
}

/** Plays the person in a browser, from the consent link to Gatehouse's callback page. */
async function consent(consentUrl) {
  const cookies = new Map();
  const keep = (response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const gatehouse = new URL(consentUrl).origin;
  const page = await fetch(consentUrl);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('name="credential"')) {
    throw new Error(`the consent page answered ${page.status}: ${html.slice(0, 300)}`);
  }
  let response = await fetch(consentUrl, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ credential: apiKey }).toString(),
  });
  keep(response); // the nonce that ties the consent to this browser
  let url = new URL(response.headers.get('location') ?? 'about:blank');
  if (response.status !== 303) throw new Error(`signing in to Gatehouse answered ${response.status}`);
  let method = 'GET';
  let body;
  for (let step = 0; step < 20; step++) {
    if (url.origin === gatehouse) {
      const done = await fetch(url, { headers: { cookie: cookieHeader() } });
      return { callbackUrl: url.href, callbackStatus: done.status, page: await done.text(),
        cookie: `gatehouse_consent=${cookies.get('gatehouse_consent')}` };
    }
    response = await fetch(url, {
      method, body, redirect: 'manual',
      headers: { cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    keep(response);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url); method = 'GET'; body = undefined;
      continue;
    }
    const text = await response.text();
    const uid = url.pathname.match(/\/interaction\/([^/]+)/)?.[1];
    if (response.status !== 200 || !uid) throw new Error(`unexpected ${response.status} at ${url}: ${text.slice(0, 300)}`);
    if (login === '--decline') {
      url = new URL(`/interaction/${uid}/abort`, url); method = 'GET'; body = undefined;
      continue;
    }
    url = new URL(`/interaction/${uid}`, url);
    body = new URLSearchParams(text.includes('name="login"')
      ? { prompt: 'login', login, password: 'any' }
      : { prompt: 'consent' }).toString();
    method = 'POST';
  }
  throw new Error('the sign-in did not come back to Gatehouse');
}

if (linkOnly) {
  try {
    const done = await consent(process.argv[3]);
    process.stdout.write(JSON.stringify({
      callbackUrl: done.callbackUrl, callbackStatus: done.callbackStatus,
      connected: done.page.includes('is connected for you'),
      declined: done.page.includes('CONSENT_DECLINED'),
    }) + '\n');
    process.exit(0);
  } catch (e) {
    process.stderr.write(`consent-user: ${e?.stack ?? e}\n`);
    process.exit(1);
  }
}

try {
  let refused;
  try {
    const first = new Client({ name: 'consent-user', version: '1.0.0' });
    await first.connect(transport());
    await first.listTools();
  } catch (e) {
    refused = e;
  }
  if (!refused || refused.code !== -32042) throw new Error(`expected -32042, got ${refused?.code}: ${refused?.message}`);
  const consentUrl = refused.elicitations?.[0]?.url ?? refused.data?.elicitations?.[0]?.url;
  const done = await consent(consentUrl);
  const client = new Client({ name: 'consent-user', version: '1.0.0' });
  await client.connect(transport());
  const result = await client.callTool({ name: 'whoami', arguments: {} });
  await client.close();
  process.stdout.write(JSON.stringify({
    code: refused.code, errorClass: refused.constructor.name, consentUrl,
    callbackUrl: done.callbackUrl, callbackStatus: done.callbackStatus, cookie: done.cookie,
    connected: done.page.includes('is connected for you'), result: result.content[0].text,
  }) + '\n');
  process.exit(0);
} catch (e) {
  process.stderr.write(`consent-user: ${e?.stack ?? e}\n`);
  process.exit(1);
}
