// The TypeScript SDK v2 client (@modelcontextprotocol/client 2.4.0) pinned to MCP 2026-07-28:
// lists the tools at the URL and calls one, printing one JSON line with what it saw.
// Usage: node modern-client.mjs URL TOOL [auto]   (auto: probe for 2026-07-28, fall back to initialize)
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, tool, mode] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url));
const client = new Client(
  { name: 'gatehouse-modern-client', version: '1.0.0' },
  { capabilities: {}, versionNegotiation: { mode: mode === 'auto' ? 'auto' : { pin: '2026-07-28' } } }
);
await client.connect(transport);
const { tools } = await client.listTools();
const result = await client.callTool({ name: tool, arguments: {} });
console.log(JSON.stringify({
  protocol: client.getNegotiatedProtocolVersion() ?? null,
  era: client.getProtocolEra() ?? null,
  session: transport.sessionId ?? null,
  tools: tools.map((t) => t.name),
  text: result.content?.[0]?.text ?? null,
  isError: result.isError ?? false
}));
await client.close();
