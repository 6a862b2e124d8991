// The TypeScript SDK v2 client (@modelcontextprotocol/client 2.4.0) pinned to MCP 2026-07-28, declaring
// form elicitation, calling an eliciting tool EXCHANGES times in a row through a load balancer
// (BalancedBridgeInteropTest). Each call comes back input_required; the elicitation handler answers
// and the SDK's multi-round-trip driver sends the retry. Prints one JSON line per exchange: the
// tool's text, or the error the call ended with. With --pause the handler first prints
// {"asked": N} and waits for a line on stdin, so the test can act between the call and its retry.
// Each call's message argument is "LABEL N", so the balancer's log tells the exchanges apart.
// Usage: node balanced-mrtr-client.mjs URL TOOL LABEL EXCHANGES [--pause]
import { createInterface } from 'node:readline';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, tool, label, exchanges, pause] = process.argv.slice(2);
const stdin = createInterface({ input: process.stdin });
const signals = stdin[Symbol.asyncIterator]();
const client = new Client(
  { name: 'gatehouse-balanced-mrtr', version: '1.0.0' },
  { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } }
);
let exchange = 0;
client.setRequestHandler('elicitation/create', async () => {
  if (pause === '--pause') {
    console.log(JSON.stringify({ asked: exchange }));
    await signals.next();
  }
  return { action: 'accept', content: { username: `user-${exchange}`, email: `user-${exchange}@example.com` } };
});
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
for (exchange = 1; exchange <= Number(exchanges); exchange++) {
  try {
    const result = await client.callTool({ name: tool, arguments: { message: `${label} ${exchange}` } });
    console.log(JSON.stringify({ exchange, text: result.content?.[0]?.text ?? null, isError: result.isError ?? false }));
  } catch (e) {
    console.log(JSON.stringify({ exchange, error: { code: e.code ?? null, message: String(e.message), data: e.data ?? null } }));
  }
}
stdin.close();
await client.close();
