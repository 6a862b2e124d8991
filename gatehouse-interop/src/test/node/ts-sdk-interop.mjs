// The TypeScript MCP SDK client, driven through one Gatehouse route; run by TypeScriptSdkInteropTest.
//   node ts-sdk-interop.mjs streamable http://127.0.0.1:<port>/mcp/<route>       Streamable HTTP client
//   node ts-sdk-interop.mjs sse http://127.0.0.1:<port>/mcp/<route>/sse          legacy HTTP+SSE client
// Prints one JSON line per scenario to stdout, {"scenario", "passed", "detail", "millis"}, and diagnostics
// to stderr. Exits 0 whatever the scenarios did: the Java test decides, so each failure names its scenario.
// INTEROP_ONLY=<name>[,<name>] runs only those scenarios, for debugging.
// Scenario names and expectations match InteropScenarios and JavaSdkScenarios.

import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ErrorCode, McpError }
  from '@modelcontextprotocol/sdk/types.js';
import { digest, largeMessage, listAll, runScenarios, withTimeout } from './scenario-runner.mjs';

const SCENARIO_TIMEOUT_MS = 6_000;
const UNICODE = 'héllo ✓ 😀 中文';
const ESCAPES = 'quote " backslash \\ newline \n tab \t nul \u0000 line-separator \u2028 end';
const SAMPLED_TEXT = 'canned answer from the ts-sdk client ✓';
const ELICITED_NAME = 'Ada Lovelace ✓';

const kind = process.argv[2];
const url = new URL(process.argv[3]);
const httpLog = [];
const clientErrors = [];
const handled = { sampling: [], elicitation: [] };

/** Records each request the transport sends: method, URL, session header and the status it got. */
function recordingFetch(input, init) {
  const sessionId = new Headers(init?.headers).get('mcp-session-id');
  const entry = { method: init?.method ?? 'GET', url: String(input), sessionId, status: undefined };
  httpLog.push(entry);
  return fetch(input, init).then((response) => {
    entry.status = response.status;
    return response;
  });
}

function newClient() {
  const client = new Client({ name: 'gatehouse-interop-ts', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} } } });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    handled.sampling.push(request.params);
    return { role: 'assistant', content: { type: 'text', text: SAMPLED_TEXT }, model: 'interop-model',
      stopReason: 'endTurn' };
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    handled.elicitation.push(request.params);
    return { action: 'accept', content: { name: ELICITED_NAME, check: true } };
  });
  client.onerror = (error) => clientErrors.push(String(error?.message ?? error));
  return client;
}

function text(result) {
  assert.ok(!result.isError, `tool returned isError: ${JSON.stringify(result.content)}`);
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

const scenarios = {
  async 'initialize-list-tools-unicode-echo'(session) {
    assert.equal(session.client.getServerVersion()?.name, 'mcp-servers/everything');
    const tools = await listAll((p) => session.client.listTools(p), 'tools');
    const names = tools.map((t) => t.name);
    for (const name of ['echo', 'trigger-long-running-operation', 'trigger-sampling-request',
      'trigger-elicitation-request']) {
      assert.ok(names.includes(name), `tools/list lacks ${name}: ${names}`);
    }
    for (const message of [UNICODE, ESCAPES]) {
      const result = await session.client.callTool({ name: 'echo', arguments: { message } });
      assert.equal(text(result), `Echo: ${message}`);
    }
  },

  async 'echo-256-kib-byte-exact'(session) {
    const message = largeMessage();
    const result = await session.client.callTool({ name: 'echo', arguments: { message } });
    assert.equal(digest(text(result)), digest(`Echo: ${message}`));
  },

  async 'progress-before-result'(session) {
    const seen = [];
    const errorsBefore = clientErrors.length;
    const result = await session.client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 2, steps: 4 } }, undefined,
      { onprogress: (p) => seen.push(`progress ${p.progress}/${p.total}`) });
    seen.push('result');
    assert.match(text(result), /Long running operation completed/);
    await new Promise((resolve) => setImmediate(resolve));
    // The SDK runs notification handlers in a microtask but settles responses at once. The legacy
    // SSEClientTransport hands it every event of a network chunk in one go, so a last progress that shares
    // a chunk with the result is handled after it and reported as "unknown token" (so it goes directly
    // against server-everything too). It still arrived, in order; the streamable client shows no such skew.
    const lateLast = kind === 'sse' && clientErrors.slice(errorsBefore)
      .some((e) => e.includes('unknown token') && e.includes('"progress":4,"total":4'));
    assert.deepEqual(seen, ['progress 1/4', 'progress 2/4', 'progress 3/4',
      ...(lateLast ? [] : ['progress 4/4']), 'result']);
  },

  async 'sampling-relayed'(session) {
    const before = handled.sampling.length;
    const result = await session.client.callTool(
      { name: 'trigger-sampling-request', arguments: { prompt: 'interop prompt ✓', maxTokens: 50 } });
    assert.equal(handled.sampling.length, before + 1, 'the sampling handler ran once');
    assert.match(handled.sampling.at(-1).messages[0].content.text, /interop prompt ✓/);
    assert.ok(text(result).includes(SAMPLED_TEXT), `tool result: ${text(result)}`);
  },

  async 'elicitation-relayed'(session) {
    const before = handled.elicitation.length;
    const result = await session.client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    assert.equal(handled.elicitation.length, before + 1, 'the elicitation handler ran once');
    assert.ok(handled.elicitation.at(-1).requestedSchema.properties.name, 'the form asks for a name');
    assert.ok(text(result).includes(`- Name: ${ELICITED_NAME}`), `tool result: ${text(result)}`);
  },

  async 'resources-and-prompts-paged'(session) {
    const c = session.client;
    const resources = await listAll((p) => c.listResources(p), 'resources');
    const templates = await listAll((p) => c.listResourceTemplates(p), 'resourceTemplates');
    const prompts = await listAll((p) => c.listPrompts(p), 'prompts');
    const architecture = 'demo://resource/static/document/architecture.md';
    assert.ok(resources.some((r) => r.uri === architecture), `resources: ${resources.map((r) => r.uri)}`);
    assert.deepEqual(templates.map((t) => t.uriTemplate).sort(),
      ['demo://resource/dynamic/blob/{resourceId}', 'demo://resource/dynamic/text/{resourceId}']);
    assert.deepEqual(prompts.map((p) => p.name).sort(),
      ['args-prompt', 'completable-prompt', 'resource-prompt', 'simple-prompt']);
    const read = await c.readResource({ uri: architecture });
    assert.equal(read.contents[0].uri, architecture);
    assert.ok(read.contents[0].text.length > 100, 'the document has text');
    const prompt = await c.getPrompt({ name: 'args-prompt', arguments: { city: 'Zürich' } });
    assert.equal(prompt.messages[0].content.text, "What's weather in Zürich?");
  },

  async 'parallel-calls-one-session'(session) {
    const from = httpLog.length;
    const calls = Array.from({ length: 20 }, (_, i) => i % 2 === 0
      ? session.client.callTool({ name: 'echo', arguments: { message: `parallel ${i} ✓` } })
      : session.client.callTool({ name: 'get-sum', arguments: { a: i, b: 1000 } }));
    const texts = (await Promise.all(calls)).map(text);
    texts.forEach((t, i) => assert.equal(t, i % 2 === 0 ? `Echo: parallel ${i} ✓`
      : `The sum of ${i} and 1000 is ${i + 1000}.`));
    const posts = httpLog.slice(from).filter((e) => e.method === 'POST');
    assert.equal(posts.length, 20, 'one POST per call');
    assert.equal(new Set(posts.map((e) => `${e.url} ${e.sessionId}`)).size, 1, 'all on one session');
  },

  async 'cancel-then-reuse-session'(session) {
    const abort = new AbortController();
    let progress = 0;
    const call = session.client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 1.5, steps: 3 } }, undefined,
      { signal: abort.signal, onprogress: () => { if (++progress === 1) abort.abort('interop cancel'); } });
    const error = await call.then(() => null, (e) => e);
    assert.ok(error instanceof McpError, `the call rejects with an McpError, not ${error}`);
    assert.equal(error.code, ErrorCode.RequestTimeout);
    assert.match(error.message, /interop cancel/);
    const after = await session.client.callTool({ name: 'echo', arguments: { message: 'after cancel' } });
    assert.equal(text(after), 'Echo: after cancel');
    // Past the cancelled operation's end and the gateway's SSE retry interval (2 s), after which the
    // client resumes the stream the gateway closed on cancel: nothing answered before may come again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const again = await session.client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
    assert.equal(text(again), 'The sum of 2 and 3 is 5.');
    const duplicates = clientErrors.filter((e) => /response for an unknown message ID/.test(e));
    assert.equal(duplicates.length, 0, 'each response reaches the client once (transports: "MUST NOT replay'
      + ` messages that would have been delivered on a different stream"); got again: ${duplicates.join('; ')}`);
  },

  async 'end-session-then-404'(session) {
    const last = httpLog.filter((e) => e.method === 'POST').at(-1);
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (kind === 'streamable') {
      // Streamable HTTP: DELETE ends the session.
      assert.ok(last.sessionId, 'the gateway issued a session id');
      headers['mcp-session-id'] = last.sessionId;
      headers['mcp-protocol-version'] = session.transport.protocolVersion;
      await session.transport.terminateSession();
      const deletes = httpLog.filter((e) => e.method === 'DELETE');
      assert.equal(deletes.at(-1)?.status, 200, 'DELETE is answered 200 (not 405)');
    } else {
      // Legacy HTTP+SSE has no DELETE: closing the event stream ends the session.
      await session.client.close();
    }
    const body = JSON.stringify({ jsonrpc: '2.0', id: 'after-end', method: 'ping' });
    let status;
    let answer;
    for (const deadline = Date.now() + 5_000; Date.now() < deadline && status !== 404;) {
      const response = await fetch(last.url, { method: 'POST', headers, body });
      [status, answer] = [response.status, await response.text()];
      await new Promise((resolve) => setTimeout(resolve, status === 404 ? 0 : 100));
    }
    assert.equal(status, 404, `POST for the ended session: ${status} ${answer}`);
  },
};

async function main() {
  const transport = kind === 'streamable' ? new StreamableHTTPClientTransport(url, { fetch: recordingFetch })
    : new SSEClientTransport(url, { fetch: recordingFetch });
  const session = { client: newClient(), transport };
  let connectError;
  try {
    await withTimeout(session.client.connect(transport), 'connect', SCENARIO_TIMEOUT_MS);
  } catch (error) {
    connectError = error;
  }
  const only = process.env.INTEROP_ONLY?.split(',');
  await runScenarios(Object.entries(scenarios).filter(([name]) => !only || only.includes(name)), session,
    { connectError, timeoutMs: () => SCENARIO_TIMEOUT_MS });
  if (clientErrors.length > 0) {
    process.stderr.write(`client onerror: ${JSON.stringify(clientErrors)}\n`);
  }
  await session.client.close();
}

await main();
process.exit(0);
