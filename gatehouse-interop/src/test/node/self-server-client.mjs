// The TypeScript MCP SDK client against Gatehouse's own MCP server; run by SelfServerInteropTest.
//   SELF_PLAN='{"transport":"http","url":"http://127.0.0.1:<port>/mcp/gatehouse","token":"ghk_...","calls":[...]}'
//   SELF_PLAN='{"transport":"stdio","command":"java","args":[...],"calls":[...]}'   (gatehouse mcp)
// Prints one JSON line per step to stdout ({"step": ...}) and diagnostics to stderr; the Java test
// decides what passed. Exits 0 once every step ran, 1 when the client could not connect at all.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const plan = JSON.parse(process.env.SELF_PLAN);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const textOf = (content) => (content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');

const transport = plan.transport === 'stdio'
  ? new StdioClientTransport({ command: plan.command, args: plan.args, stderr: 'inherit' })
  : new StreamableHTTPClientTransport(new URL(plan.url),
    { requestInit: { headers: { Authorization: `Bearer ${plan.token}` } } });
const client = new Client({ name: 'gatehouse-self-interop', version: '1.0.0' }, { capabilities: {} });
const clientErrors = [];
client.onerror = (e) => {
  clientErrors.push(String(e?.message ?? e));
  process.stderr.write(`client error: ${e?.message ?? e}\n`);
};

try {
  await client.connect(transport);
} catch (e) {
  out({ step: 'connect', error: String(e?.message ?? e) });
  process.exit(1);
}
out({ step: 'initialize', serverInfo: client.getServerVersion(), capabilities: client.getServerCapabilities() });

const tools = await client.listTools();
out({
  step: 'tools',
  tools: tools.tools.map((t) => ({ name: t.name, annotations: t.annotations, outputSchema: !!t.outputSchema })),
});

for (const call of plan.calls ?? []) {
  try {
    const r = await client.callTool({ name: call.tool, arguments: call.arguments ?? {} });
    out({ step: 'call', tool: call.tool, isError: !!r.isError, structuredContent: r.structuredContent ?? null,
      text: textOf(r.content) });
  } catch (e) {
    out({ step: 'call', tool: call.tool, thrown: String(e?.message ?? e) });
  }
}

if (plan.resources) {
  const resources = await client.listResources();
  out({ step: 'resources', uris: resources.resources.map((r) => r.uri) });
  const templates = await client.listResourceTemplates();
  out({ step: 'templates', uriTemplates: templates.resourceTemplates.map((t) => t.uriTemplate) });
  for (const uri of plan.resources) {
    try {
      const r = await client.readResource({ uri });
      out({ step: 'read', uri, text: r.contents.map((c) => c.text).join('\n') });
    } catch (e) {
      out({ step: 'read', uri, thrown: String(e?.message ?? e) });
    }
  }
}

if (plan.prompts) {
  const prompts = await client.listPrompts();
  out({ step: 'prompts', names: prompts.prompts.map((p) => p.name) });
  for (const p of plan.prompts) {
    const r = await client.getPrompt({ name: p.name, arguments: p.arguments });
    out({ step: 'prompt', name: p.name, text: r.messages.map((m) => m.content.text).join('\n') });
  }
}

await client.close();
out({ step: 'done', clientErrors });
