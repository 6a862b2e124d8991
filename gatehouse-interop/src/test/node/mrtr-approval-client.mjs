// The TypeScript SDK v2 client (@modelcontextprotocol/client 2.4.0) pinned to MCP 2026-07-28, with
// URL elicitation, calling a tool a Gatehouse route holds for approval. Its elicitation handler
// plays the user passing the approval page on to an approver, who approves it through the admin
// API; the SDK's multi-round-trip driver then sends the call again. Prints one JSON line with what
// it was asked and the result.
// Usage: node mrtr-approval-client.mjs ROUTE_URL CALLER_KEY APPROVER_KEY GATEHOUSE_BASE TOOL
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, key, approver, base, tool] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } }
});
const client = new Client(
  { name: 'gatehouse-mrtr-client', version: '1.0.0' },
  { capabilities: { elicitation: { url: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } }
);
const asked = [];
client.setRequestHandler('elicitation/create', async (request) => {
  // 2026-07-28 dropped elicitationId (the SDK strips it): the approval's id ends the page's URL
  const { mode, url: page, elicitationId } = request.params;
  const id = new URL(page).pathname.split('/').pop();
  const answer = await fetch(`${base}/admin/v1/approvals/${id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${approver}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ approve: true, reason: 'seen in the sdk test' })
  });
  asked.push({ mode, page, id, elicitationId: elicitationId ?? null, approverStatus: answer.status });
  return { action: 'accept' };
});
await client.connect(transport);
const result = await client.callTool({ name: tool, arguments: {} });
console.log(JSON.stringify({
  asked,
  text: result.content?.[0]?.text ?? null,
  isError: result.isError ?? false
}));
await client.close();
