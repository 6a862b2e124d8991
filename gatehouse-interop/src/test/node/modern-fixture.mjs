// Gatehouse's MCP 2026-07-28 fixture server, on the TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0).
// Stateless Streamable HTTP on 127.0.0.1, a port the OS picks; prints "LISTENING <port>" once it serves.
// It carries the fixture names the conformance suite's 2026-07-28 server scenarios call
// (test_simple_text, test://static-text, test_simple_prompt, ...). Usage: node modern-fixture.mjs
import http from 'node:http';
import { completable, createMcpHandler, createRequestStateCodec, McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { toRequest, writeResponse } from './web-handler-http.mjs';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=';
const codec = createRequestStateCodec({ key: 'gatehouse-modern-fixture-request-state-key', ttlSeconds: 600 });
let extraTools = 0;
let extraPrompts = 0;

function build() {
  const server = new McpServer(
    { name: 'gatehouse-modern-fixture', version: '1.0.0' },
    {
      capabilities: { tools: { listChanged: true }, resources: { listChanged: true, subscribe: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
      requestState: { verify: (state, ctx) => codec.verify(state, ctx) },
      // Nothing changes the templates, so any cache may keep their list for a minute.
      cacheHints: { 'resources/templates/list': { ttlMs: 60000, cacheScope: 'public' } }
    }
  );
  registerInputRequired(server);
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
  server.registerTool('test_tool_with_progress', { description: 'Reports progress' }, async (ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) {
      for (const progress of [0, 50, 100]) {
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress, total: 100, message: `Completed step ${progress}` } });
      }
    }
    return { content: [{ type: 'text', text: 'Progress test completed' }] };
  });
  server.registerTool('test_logging_tool', { description: 'Logs when asked to' }, async (ctx) => {
    await ctx.mcpReq.log('info', 'Tool execution started');
    await ctx.mcpReq.log('info', 'Tool execution completed');
    return { content: [{ type: 'text', text: 'Logging test completed' }] };
  });
  // Called without the sampling capability, the HTTP front answers -32021 before the SDK sees it
  // (the SDK turns any error a tool throws into an isError result).
  server.registerTool('test_missing_capability', { description: 'Needs the sampling capability' }, async () => ({
    content: [{ type: 'text', text: 'sampling declared' }]
  }));
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
  server.registerTool('test_trigger_resource_update', { description: 'Reports test://static-text updated' }, async () => {
    handler.notify.resourceUpdated('test://static-text');
    return { content: [{ type: 'text', text: 'resource updated' }] };
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
    argsSchema: {
      arg1: completable(z.string(), (value) => ['paris', 'park', 'party'].filter((v) => v.startsWith(value ?? ''))),
      arg2: z.string()
    }
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

// ---- MRTR (2026-07-28 input_required results): the fixture names the conformance scenarios call ----

const ask = {
  name: (message = 'What is your name?') => ({
    method: 'elicitation/create',
    params: { message, requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }
  }),
  confirm: () => ({
    method: 'elicitation/create',
    params: { message: 'Please confirm', requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } }
  }),
  capital: () => ({
    method: 'sampling/createMessage',
    params: { messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }], maxTokens: 100 }
  }),
  roots: () => ({ method: 'roots/list', params: {} })
};

const needed = (requests, requestState) => ({ resultType: 'input_required', inputRequests: requests, ...(requestState ? { requestState } : {}) });
const text = (t) => ({ content: [{ type: 'text', text: t }] });
const accepted = (r) => r && typeof r === 'object' && r.action === 'accept' && r.content && typeof r.content === 'object';

function registerInputRequired(server) {
  server.registerTool('test_input_required_result_elicitation', { description: 'MRTR: asks for a name' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.user_name;
    if (r === undefined) return needed({ user_name: ask.name() });
    if (!accepted(r) || typeof r.content.name !== 'string') return needed({ user_name: ask.name() });
    return text(`Hello, ${r.content.name}!`);
  });
  server.registerTool('test_input_required_result_sampling', { description: 'MRTR: asks the model' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.capital_question;
    if (r === undefined || typeof r !== 'object') return needed({ capital_question: ask.capital() });
    return text(`The model said: ${r.content?.text ?? JSON.stringify(r.content)}`);
  });
  server.registerTool('test_input_required_result_list_roots', { description: 'MRTR: asks for roots' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.client_roots;
    if (!r || !Array.isArray(r.roots)) return needed({ client_roots: ask.roots() });
    return text(`Roots: ${r.roots.map((x) => x.uri).join(', ')}`);
  });
  server.registerTool('test_input_required_result_request_state', { description: 'MRTR: keeps state across rounds' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.confirm;
    const state = ctx.mcpReq.requestState();
    if (r === undefined || !state) return needed({ confirm: ask.confirm() }, await codec.mint({ step: 'confirm' }, ctx));
    return text(`Confirmed: ${r.content?.ok === true}, state step ${state.step}`);
  });
  server.registerTool('test_input_required_result_tampered_state', { description: 'MRTR: signed state' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.confirm;
    const state = ctx.mcpReq.requestState();
    if (r === undefined || !state) return needed({ confirm: ask.confirm() }, await codec.mint({ step: 'confirm' }, ctx));
    return text('State verified');
  });
  server.registerTool('test_input_required_result_multi_round', { description: 'MRTR: two rounds' }, async (ctx) => {
    const responses = ctx.mcpReq.inputResponses ?? {};
    const state = ctx.mcpReq.requestState();
    if (!state) return needed({ step1: ask.name('Step 1: What is your name?') }, await codec.mint({ round: 1 }, ctx));
    if (state.round === 1 && responses.step1) {
      const name = responses.step1.content?.name;
      return needed({ step2: ask.confirm() }, await codec.mint({ round: 2, name }, ctx));
    }
    if (state.round === 2 && responses.step2) return text(`Done for ${state.name}`);
    return needed({ [state.round === 1 ? 'step1' : 'step2']: state.round === 1 ? ask.name('Step 1: What is your name?') : ask.confirm() }, await codec.mint(state, ctx));
  });
  server.registerTool('test_input_required_result_multiple_inputs', { description: 'MRTR: three requests at once' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses ?? {};
    const state = ctx.mcpReq.requestState();
    if (!state || !r.user_name || !r.greeting || !r.client_roots) {
      return needed({ user_name: ask.name(), greeting: ask.capital(), client_roots: ask.roots() }, await codec.mint({ step: 'all' }, ctx));
    }
    return text(`Hello ${r.user_name.content?.name}; ${r.client_roots.roots?.length ?? 0} roots`);
  });
  server.registerTool('test_input_required_result_capabilities', { description: 'MRTR: asks only what the client can answer' }, async (ctx) => {
    const env = ctx.mcpReq.envelope ?? {};
    const caps = env['io.modelcontextprotocol/clientCapabilities'] ?? {};
    const r = ctx.mcpReq.inputResponses ?? {};
    const requests = {};
    if (caps.elicitation && !r.user_name) requests.user_name = ask.name();
    if (caps.sampling && !r.capital_question) requests.capital_question = ask.capital();
    if (Object.keys(requests).length > 0) return needed(requests);
    return text('ok');
  });
  server.registerTool('test_streaming_elicitation', { description: 'MRTR on a stream: progress, then input_required' }, async (ctx) => {
    await ctx.mcpReq.log('info', 'about to ask');
    const r = ctx.mcpReq.inputResponses?.user_name;
    if (r === undefined) return needed({ user_name: ask.name() });
    return text('ok');
  });
  // The 2025-11-25 suite's server-to-client scenarios, as 2026-07-28 servers write them (MRTR): a
  // 2025-11-25 client sees real requests only through a gateway that bridges them.
  server.registerTool('test_sampling', { description: 'MRTR: samples the prompt', inputSchema: { prompt: z.string() } }, async ({ prompt }, ctx) => {
    const r = ctx.mcpReq.inputResponses?.sample;
    if (r === undefined) {
      return needed({ sample: { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 } } });
    }
    return text(`LLM response: ${r.content?.text ?? JSON.stringify(r.content)}`);
  });
  server.registerTool('test_elicitation', { description: 'MRTR: asks for user information', inputSchema: { message: z.string() } }, async ({ message }, ctx) => {
    const r = ctx.mcpReq.inputResponses?.info;
    if (r === undefined) {
      return needed({ info: { method: 'elicitation/create', params: { message, requestedSchema: { type: 'object', properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } }, required: ['username', 'email'] } } } });
    }
    return text(`User response: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  });
  server.registerTool('test_elicitation_sep1034_defaults', { description: 'MRTR: asks with defaults (SEP-1034)' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.defaults;
    if (r === undefined) {
      return needed({ defaults: { method: 'elicitation/create', params: { message: 'Please review and update the form fields with defaults', requestedSchema: { type: 'object', properties: {
        name: { type: 'string', description: 'User name', default: 'John Doe' },
        age: { type: 'integer', description: 'User age', default: 30 },
        score: { type: 'number', description: 'User score', default: 95.5 },
        status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', description: 'Verification status', default: true }
      } } } } });
    }
    return text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  });
  server.registerTool('test_elicitation_sep1330_enums', { description: 'MRTR: asks with every enum form (SEP-1330)' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.enums;
    if (r === undefined) {
      return needed({ enums: { method: 'elicitation/create', params: { message: 'Please select options from the enum fields', requestedSchema: { type: 'object', properties: {
        untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
        titledSingle: { type: 'string', description: 'Select one option with titles', oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }] },
        legacyEnum: { type: 'string', description: 'Select one option (legacy)', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
        untitledMulti: { type: 'array', description: 'Select multiple options', minItems: 1, maxItems: 3, items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: { type: 'array', description: 'Select multiple options with titles', minItems: 1, maxItems: 3, items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] } }
      } } } } });
    }
    return text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  });
  server.registerTool('test_tool_with_logging', { description: 'Logs three messages' }, async (ctx) => {
    for (const message of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
      await ctx.mcpReq.log('info', message);
    }
    return text('Tool with logging executed successfully');
  });
  server.registerPrompt('test_input_required_result_prompt', { description: 'MRTR: a prompt that asks first' }, async (ctx) => {
    const r = ctx.mcpReq.inputResponses?.user_context;
    if (r === undefined) return needed({ user_context: ask.name('What context should the prompt use?') });
    return { messages: [{ role: 'user', content: { type: 'text', text: `Context: ${JSON.stringify(r.content ?? {})}` } }] };
  });
}

const handler = createMcpHandler(() => build(), { legacy: 'stateless' });

/** The -32021 answer to a 2026-07-28 call of test_missing_capability without sampling, or null. */
function missingCapability(body) {
  let m;
  try {
    m = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const meta = m?.params?._meta;
  if (m?.method !== 'tools/call' || m.params?.name !== 'test_missing_capability' || !meta?.['io.modelcontextprotocol/protocolVersion']) {
    return null;
  }
  if (meta['io.modelcontextprotocol/clientCapabilities']?.sampling) {
    return null;
  }
  return {
    jsonrpc: '2.0',
    id: m.id,
    error: { code: -32021, message: 'test_missing_capability needs the sampling capability', data: { requiredCapabilities: { sampling: {} } } }
  };
}

const httpServer = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const refusal = missingCapability(body);
  if (refusal) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(refusal));
    return;
  }
  if (process.env.MODERN_FIXTURE_LOG) {
    console.error(`REQ ${req.method} ${JSON.stringify(req.headers)} ${body.toString('utf8')}`);
  }
  try {
    await writeResponse(res, await handler.fetch(toRequest(req, body)));
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
