// EraMatrixInteropTest's v1 client: the TypeScript SDK 1.x (@modelcontextprotocol/sdk), which speaks the
// session era only (initialize, Mcp-Session-Id, server→client requests, resources/subscribe + GET stream).
// Usage: node era-matrix-v1-client.mjs URL PROFILE EXPECTED_PROTOCOL SCENARIO...  (see era-matrix-scenarios.mjs)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ResourceUpdatedNotificationSchema }
  from '@modelcontextprotocol/sdk/types.js';
import { main } from './era-matrix-scenarios.mjs';

await main((url, side) => {
  const client = new Client({ name: 'gatehouse-era-matrix-v1', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} } } });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => side.sample(request.params));
  client.setRequestHandler(ElicitRequestSchema, async (request) => side.elicit(request.params));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => side.updated(n.params.uri));
  const transport = new StreamableHTTPClientTransport(url, { fetch: side.fetch });
  return {
    client,
    connect: () => client.connect(transport),
    protocol: () => transport.protocolVersion,
    serverName: () => client.getServerVersion()?.name,
    callTool: (params, onprogress) => client.callTool(params, undefined, onprogress ? { onprogress } : {}),
    subscribe: (uri) => client.subscribeResource({ uri })
  };
});
