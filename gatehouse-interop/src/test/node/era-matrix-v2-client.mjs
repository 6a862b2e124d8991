// EraMatrixInteropTest's v2 client: the TypeScript SDK v2 (@modelcontextprotocol/client 2.4.0) pinned to
// MCP 2026-07-28 (no initialize, no session; elicitation and sampling answered inside the call as MRTR,
// resource updates through subscriptions/listen).
// Usage: node era-matrix-v2-client.mjs URL PROFILE EXPECTED_PROTOCOL SCENARIO...  (see era-matrix-scenarios.mjs)
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { main } from './era-matrix-scenarios.mjs';

await main((url, side) => {
  const client = new Client({ name: 'gatehouse-era-matrix-v2', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  client.setRequestHandler('sampling/createMessage', async (request) => side.sample(request.params));
  client.setRequestHandler('elicitation/create', async (request) => side.elicit(request.params));
  client.setNotificationHandler('notifications/resources/updated', (n) => side.updated(n.params.uri));
  const transport = new StreamableHTTPClientTransport(url, { fetch: side.fetch });
  return {
    client,
    connect: () => client.connect(transport),
    protocol: () => client.getNegotiatedProtocolVersion(),
    serverName: () => client.getServerVersion()?.name,
    callTool: (params, onprogress) => client.callTool(params, onprogress ? { onprogress } : {}),
    async subscribe(uri) {
      const subscription = await client.listen({ resourceSubscriptions: [uri] });
      assert.deepEqual(subscription.honoredFilter.resourceSubscriptions, [uri], 'the listen filter honoured');
    }
  };
});
