// The TypeScript MCP SDK client calling the server kit's example through a Gatehouse route; run by
// KitInteropTest.
//   node kit-client.mjs <route-url>
// Prints one JSON line: {"tools": [names], "found": <find_item result>, "missing": <find_item result for
// an unknown SKU>, "counted": <count_stock result>}; exits 1 on failure, with the error on stderr.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [routeUrl] = process.argv.slice(2);

try {
  const client = new Client({ name: 'gatehouse-interop-kit', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(routeUrl)));
  const tools = (await client.listTools()).tools.map((t) => t.name).sort();
  const found = await client.callTool({ name: 'find_item', arguments: { sku: 'NUT-10' } });
  const missing = await client.callTool({ name: 'find_item', arguments: { sku: 'NOPE-1' } });
  const counted = await client.callTool({ name: 'count_stock', arguments: { category: 'TOOLS' } });
  await client.close();
  console.log(JSON.stringify({ tools, found, missing, counted }));
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
