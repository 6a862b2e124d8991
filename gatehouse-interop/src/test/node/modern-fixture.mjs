// Gatehouse's MCP 2026-07-28 fixture server, on the TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0).
// Stateless Streamable HTTP on 127.0.0.1, a port the OS picks; prints "LISTENING <port>" once it serves.
// It carries the fixture names the conformance suite's 2026-07-28 server scenarios call
// (test_simple_text, test://static-text, test_simple_prompt, ...). Usage: node modern-fixture.mjs
import http from 'node:http';
import { createMcpHandler, McpServer, ResourceTemplate, MissingRequiredClientCapabilityError } from '@modelcontextprotocol/server';
import { z } from 'zod';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=';
let extraTools = 0;
let extraPrompts = 0;

function build() {
  const server = new McpServer(
    { name: 'gatehouse-modern-fixture', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true }, logging: {}, completions: {} } }
  );
  server.registerTool('test_simple_text', { description: 'Returns simple text' }, async () => ({
    content: [{ type: 'text', text: 'This is a simple text response for testing.' }]
  }));
  server.registerTool('test_image_content', { description: 'Returns an image' }, async () => ({
    content: [{ type: 'image', data: PNG, mimeType: 'image/png' }]
  }));
  server.registerTool('test_audio_content', { description: 'Returns audio' }, async () => ({
    content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }]
  }));
  server.registerTool('test_embedded_resource', { description: 'Returns an embedded resource' }, async () => ({
    content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }]
  }));
  server.registerTool('test_multiple_content_types', { description: 'Returns text, image and resource' }, async () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } }
    ]
  }));
  server.registerTool('test_error_handling', { description: 'Always fails' }, async () => ({
    isError: true,
    content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }]
  }));
  server.registerTool('test_tool_with_progress', { description: 'Reports progress' }, async (_args, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) {
      for (const progress of [0, 50, 100]) {
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress, total: 100, message: `Completed step ${progress}` } });
      }
    }
    return { content: [{ type: 'text', text: 'Progress test completed' }] };
  });
  server.registerTool('test_logging_tool', { description: 'Logs when asked to' }, async (_args, ctx) => {
    await ctx.mcpReq.log('info', 'Tool execution started');
    await ctx.mcpReq.log('info', 'Tool execution completed');
    return { content: [{ type: 'text', text: 'Logging test completed' }] };
  });
  server.registerTool('test_missing_capability', { description: 'Needs the sampling capability' }, async (_args, ctx) => {
    if (!ctx.mcpReq.envelope?.clientCapabilities?.sampling) {
      throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { sampling: {} } });
    }
    return { content: [{ type: 'text', text: 'sampling declared' }] };
  });
  server.registerTool('test_trigger_tool_change', { description: 'Adds a tool' }, async () => {
    extraTools++;
    handler.notify.toolsChanged();
    return { content: [{ type: 'text', text: 'tools changed' }] };
  });
  server.registerTool('test_trigger_prompt_change', { description: 'Adds a prompt' }, async () => {
    extraPrompts++;
    handler.notify.promptsChanged();
    return { content: [{ type: 'text', text: 'prompts changed' }] };
  });
  server.registerTool('echo_region', {
    description: 'Echoes a region mirrored into the Mcp-Param-Region header',
    inputSchema: { region: z.string().meta({ 'x-mcp-header': 'Region' }) }
  }, async ({ region }) => ({ content: [{ type: 'text', text: `region ${region}` }] }));
  for (let i = 0; i < extraTools; i++) {
    server.registerTool(`added_tool_${i}`, { description: 'added at run time' }, async () => ({ content: [{ type: 'text', text: 'added' }] }));
  }

  server.registerResource('static-text', 'test://static-text', { mimeType: 'text/plain', cacheHint: { ttlMs: 60000, cacheScope: 'public' } }, async () => ({
    contents: [{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }]
  }));
  server.registerResource('static-binary', 'test://static-binary', { mimeType: 'image/png' }, async () => ({
    contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: PNG }]
  }));
  server.registerResource('template', new ResourceTemplate('test://template/{id}/data', { list: undefined }), { mimeType: 'application/json' }, async (uri, { id }) => ({
    contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }]
  }));

  server.registerPrompt('test_simple_prompt', { description: 'A simple prompt' }, async () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }]
  }));
  server.registerPrompt('test_prompt_with_arguments', {
    description: 'A prompt with arguments',
    argsSchema: { arg1: z.string(), arg2: z.string() }
  }, async ({ arg1, arg2 }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } }]
  }));
  server.registerPrompt('test_prompt_with_embedded_resource', {
    description: 'A prompt with an embedded resource',
    argsSchema: { resourceUri: z.string() }
  }, async ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } }
    ]
  }));
  server.registerPrompt('test_prompt_with_image', { description: 'A prompt with an image' }, async () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } }
    ]
  }));
  for (let i = 0; i < extraPrompts; i++) {
    server.registerPrompt(`added_prompt_${i}`, { description: 'added at run time' }, async () => ({ messages: [] }));
  }
  return server;
}

const handler = createMcpHandler(() => build(), { legacy: 'stateless' });

function toRequest(req, body) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
    else if (v !== undefined) headers.set(k, v);
  }
  const controller = new AbortController();
  req.on('close', () => { if (!req.complete || req.destroyed) controller.abort(); });
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    signal: controller.signal
  });
}

const httpServer = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (process.env.MODERN_FIXTURE_LOG) {
    console.error(`REQ ${req.method} ${JSON.stringify(req.headers)} ${body.toString('utf8')}`);
  }
  try {
    const response = await handler.fetch(toRequest(req, body));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    if (!response.body) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    res.on('close', () => reader.cancel().catch(() => {}));
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch (e) {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
    }
    res.end(String(e));
  }
});
httpServer.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});
process.on('SIGTERM', () => { httpServer.close(); process.exit(0); });
