// The 2026-07-28 server of EraMatrixInteropTest, on the TypeScript SDK v2 (@modelcontextprotocol/server
// 2.4.0): modern only (`legacy: 'reject'`, so a 2025-11-25 request can only reach it through a bridge),
// stateless Streamable HTTP on 127.0.0.1 and a port the OS picks; prints "LISTENING <port>".
// `node era-matrix-server.mjs stateless` serves both eras instead (the SDK's `legacy: 'stateless'`: 2025-11-25
// requests are served statelessly by the server itself). Either way it prints "RECEIVED <method> <version>"
// for each JSON-RPC message POSTed to it (<version> is its MCP-Protocol-Version header, or "-"), so a test
// can tell which era reached it.
// Tools: echo (returns `text` unchanged), progress (a notification per step, then the result),
// ask-name and ask-model (elicitation and sampling as MRTR `input_required` results), touch (publishes
// notifications/resources/updated for `uri` to the open subscriptions/listen streams).
// Resource matrix://note (subscribable); prompt greeting.
import http from 'node:http';
import { z } from 'zod';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { toRequest, writeResponse } from './web-handler-http.mjs';

const NOTE = 'matrix://note';
const text = (t) => ({ content: [{ type: 'text', text: t }] });
const inputRequired = (requests) => ({ resultType: 'input_required', inputRequests: requests });

function build() {
  const server = new McpServer(
    { name: 'gatehouse-era-matrix', version: '1.0.0' },
    { capabilities: { tools: {}, prompts: {}, resources: { subscribe: true } } }
  );
  server.registerTool('echo', { description: 'Returns text unchanged', inputSchema: z.object({ text: z.string() }) },
    async ({ text: t }) => text(t));
  server.registerTool('progress', {
    description: 'Reports a progress notification per step, then answers',
    inputSchema: z.object({ steps: z.number().int().min(1).max(20) })
  }, async ({ steps }, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    for (let step = 1; token !== undefined && step <= steps; step++) {
      await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: step, total: steps } });
    }
    return text(`progress done after ${steps} steps`);
  });
  server.registerTool('ask-name', { description: 'MRTR: elicits a name, then greets it' }, async (ctx) => {
    const answer = ctx.mcpReq.inputResponses?.user_name;
    if (answer?.action !== 'accept' || typeof answer.content?.name !== 'string') {
      return inputRequired({
        user_name: {
          method: 'elicitation/create',
          params: {
            message: 'Who is asking?',
            requestedSchema: { type: 'object', properties: { name: { type: 'string' }, check: { type: 'boolean' } }, required: ['name'] }
          }
        }
      });
    }
    return text(`Hello, ${answer.content.name}!`);
  });
  server.registerTool('ask-model', {
    description: 'MRTR: asks the client to sample, then quotes the answer',
    inputSchema: z.object({ prompt: z.string() })
  }, async ({ prompt }, ctx) => {
    const answer = ctx.mcpReq.inputResponses?.model_answer;
    if (answer?.content?.type !== 'text') {
      return inputRequired({
        model_answer: {
          method: 'sampling/createMessage',
          params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 50 }
        }
      });
    }
    return text(`The model said: ${answer.content.text}`);
  });
  server.registerTool('touch', { description: 'Announces an update of a resource', inputSchema: z.object({ uri: z.string() }) },
    async ({ uri }) => {
      handler.notify.resourceUpdated(uri);
      return text(`touched ${uri}`);
    });
  server.registerResource('note', NOTE, { mimeType: 'text/plain' }, async () => ({
    contents: [{ uri: NOTE, mimeType: 'text/plain', text: 'A note for the era matrix ✓' }]
  }));
  server.registerPrompt('greeting', { description: 'Greets a city', argsSchema: { city: z.string() } },
    async ({ city }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Greet ${city}` } }] }));
  return server;
}

const legacy = process.argv[2] ?? 'reject';
const handler = createMcpHandler(() => build(), { legacy });

function received(req, body) {
  try {
    const method = JSON.parse(body.toString('utf8')).method;
    if (typeof method === 'string') {
      console.log(`RECEIVED ${method} ${req.headers['mcp-protocol-version'] ?? '-'}`);
    }
  } catch {
    // not JSON: the handler answers it
  }
}

const httpServer = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (req.method === 'POST') received(req, body);
  await writeResponse(res, await handler.fetch(toRequest(req, body)));
});
httpServer.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});
process.on('SIGTERM', () => { httpServer.close(); process.exit(0); });
