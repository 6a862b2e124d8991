// An MCP server of the TypeScript SDK v2 (@modelcontextprotocol/server), served over HTTP on
// 127.0.0.1 and a free port by its createMcpHandler: 2026-07-28 requests in the modern era, and
// with `legacy` (argv[2]: 'stateless' or 'reject') 2025 requests too. Prints "listening <url>" and
// prints each request's method and Mcp-Method header. Tool `echo` echoes `text`.
import http from 'node:http';
import * as z from 'zod';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';

const legacy = process.argv[2] === 'reject' ? 'reject' : 'stateless';

const handler = createMcpHandler(
  () => {
    const server = new McpServer({ name: 'sdk-v2-modern', version: '2.4.0' });
    server.registerTool(
      'echo',
      { description: 'Echoes text', inputSchema: z.object({ text: z.string() }) },
      async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] })
    );
    return server;
  },
  { legacy }
);

const httpServer = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  let method = '';
  try {
    method = JSON.parse(body.toString('utf8')).method ?? '';
  } catch {}
  console.log(`${req.method} ${method} mcp-method=${req.headers['mcp-method'] ?? ''}`);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
  }
  const request = new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body
  });
  const response = await handler.fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) {
    for await (const chunk of response.body) res.write(chunk);
  }
  res.end();
});

httpServer.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${httpServer.address().port}/mcp`);
});
