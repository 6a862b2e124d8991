// The scenario list of EraMatrixInteropTest, shared by its two client scripts (era-matrix-v1-client.mjs on
// @modelcontextprotocol/sdk 1.x, era-matrix-v2-client.mjs on @modelcontextprotocol/client 2.4.0), run against
// either upstream through the gateway. What differs per upstream (tool names, arguments, answers) is its
// profile below; what differs per SDK is the client adapter the script passes in:
//   { client, connect(), protocol(), serverName(), callTool(params, onprogress), subscribe(uri) }
// where client has the SDKs' common listTools/listResources/readResource/listPrompts/getPrompt.
// Scenario names match EraScenarios.java; the Java test names those a pair runs (argv) and judges the lines.
import assert from 'node:assert/strict';
import { digest, largeMessage, listAll, runScenarios } from './scenario-runner.mjs';

const SAMPLED_TEXT = 'canned answer from the matrix client ✓';
const ELICITED_NAME = 'Ada Lovelace ✓';
const UNICODE = 'héllo ✓ 😀 中文 "quoted" \\ \n';
const TIMEOUT_MS = 10_000;
const SUBSCRIPTION_TIMEOUT_MS = 15_000;

const ARCHITECTURE = 'demo://resource/static/document/architecture.md';

/** What each upstream offers for each scenario. */
const PROFILES = {
  // @modelcontextprotocol/server-everything (2025-11-25 only).
  everything: {
    serverName: 'mcp-servers/everything',
    echo: { tool: 'echo', args: (message) => ({ message }), answer: (message) => `Echo: ${message}` },
    progress: { tool: 'trigger-long-running-operation', args: { duration: 1, steps: 4 }, steps: 4,
      answer: /Long running operation completed/ },
    elicitation: { tool: 'trigger-elicitation-request', args: {}, answer: `- Name: ${ELICITED_NAME}` },
    sampling: { tool: 'trigger-sampling-request', args: { prompt: 'matrix prompt ✓', maxTokens: 50 },
      answer: SAMPLED_TEXT },
    resource: { uri: ARCHITECTURE, text: (t) => t.includes('# ') && t.length > 100 },
    prompt: { name: 'args-prompt', args: { city: 'Zürich' }, text: "What's weather in Zürich?" },
    // Its own 5-second timer sends notifications/resources/updated for every URI the session subscribed,
    // once toggle-subscriber-updates (per session, a second call stops it) has started it.
    subscription: { uri: ARCHITECTURE, trigger: { name: 'toggle-subscriber-updates', arguments: {} },
      retriggerMs: undefined }
  },
  // era-matrix-server.mjs (2026-07-28 only, TypeScript SDK v2).
  'era-matrix-server': {
    serverName: 'gatehouse-era-matrix',
    echo: { tool: 'echo', args: (text) => ({ text }), answer: (text) => text },
    progress: { tool: 'progress', args: { steps: 4 }, steps: 4, answer: /progress done after 4 steps/ },
    elicitation: { tool: 'ask-name', args: {}, answer: `Hello, ${ELICITED_NAME}!` },
    sampling: { tool: 'ask-model', args: { prompt: 'matrix prompt ✓' }, answer: `The model said: ${SAMPLED_TEXT}` },
    resource: { uri: 'matrix://note', text: (t) => t === 'A note for the era matrix ✓' },
    prompt: { name: 'greeting', args: { city: 'Zürich' }, text: 'Greet Zürich' },
    // touch publishes one update to the listen streams open at that moment. A bridge may still be
    // (re)opening its upstream listen stream after the client's subscribe was answered, so touch is
    // repeated until the update arrives or the scenario's time is up.
    subscription: { uri: 'matrix://note', trigger: { name: 'touch', arguments: { uri: 'matrix://note' } },
      retriggerMs: 1_000 }
  }
};

function text(result) {
  assert.ok(!result.isError, `tool returned isError: ${JSON.stringify(result.content)}`);
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

/** The handlers every client registers, and what they saw. */
export function clientSide() {
  const seen = { sampling: [], elicitation: [], updated: [], refusals: [] };
  const waiters = [];
  return {
    seen,
    /** The transports' fetch: keeps each answer of status 400 and above, which SDK errors may not quote. */
    async fetch(input, init) {
      const response = await fetch(input, init);
      if (response.status >= 400) {
        seen.refusals.push(`${init?.method ?? 'GET'} ${response.status} ${await response.clone().text()}`);
      }
      return response;
    },
    sample(params) {
      seen.sampling.push(params);
      return { role: 'assistant', content: { type: 'text', text: SAMPLED_TEXT }, model: 'matrix-model',
        stopReason: 'endTurn' };
    },
    elicit(params) {
      seen.elicitation.push(params);
      return { action: 'accept', content: { name: ELICITED_NAME, check: true } };
    },
    updated(uri) {
      seen.updated.push(uri);
      waiters.filter((w) => w.uri === uri).forEach((w) => w.resolve());
    },
    /** Resolves at the first notifications/resources/updated for `uri` from now on. */
    nextUpdate(uri) {
      return new Promise((resolve) => waiters.push({ uri, resolve }));
    }
  };
}

const scenarios = {
  async 'connected-in-era'({ adapter, profile, protocol }) {
    assert.equal(adapter.protocol(), protocol, 'negotiated protocol version');
    assert.equal(adapter.serverName(), profile.serverName, 'the upstream named in serverInfo');
  },

  async 'tools-list-and-call'({ adapter, profile }) {
    const names = (await listAll((p) => adapter.client.listTools(p), 'tools')).map((t) => t.name);
    for (const tool of [profile.echo.tool, profile.progress.tool, profile.elicitation.tool, profile.sampling.tool]) {
      assert.ok(names.includes(tool), `tools/list lacks ${tool}: ${names}`);
    }
    const result = await adapter.callTool({ name: profile.echo.tool, arguments: profile.echo.args(UNICODE) });
    assert.equal(text(result), profile.echo.answer(UNICODE));
  },

  async 'resources-list-and-read'({ adapter, profile }) {
    const uris = (await listAll((p) => adapter.client.listResources(p), 'resources')).map((r) => r.uri);
    assert.ok(uris.includes(profile.resource.uri), `resources/list lacks ${profile.resource.uri}: ${uris}`);
    const read = await adapter.client.readResource({ uri: profile.resource.uri });
    assert.equal(read.contents[0].uri, profile.resource.uri);
    assert.ok(profile.resource.text(read.contents[0].text), `resource text: ${read.contents[0].text}`);
  },

  async 'prompts-list-and-get'({ adapter, profile }) {
    const names = (await listAll((p) => adapter.client.listPrompts(p), 'prompts')).map((p) => p.name);
    assert.ok(names.includes(profile.prompt.name), `prompts/list lacks ${profile.prompt.name}: ${names}`);
    const prompt = await adapter.client.getPrompt({ name: profile.prompt.name, arguments: profile.prompt.args });
    assert.equal(prompt.messages[0].content.text, profile.prompt.text);
  },

  async 'progress-before-result'({ adapter, profile }) {
    const seen = [];
    const result = await adapter.callTool({ name: profile.progress.tool, arguments: profile.progress.args },
      (p) => seen.push(`progress ${p.progress}/${p.total}`));
    seen.push('result');
    assert.match(text(result), profile.progress.answer);
    const steps = profile.progress.steps;
    assert.deepEqual(seen, [...Array.from({ length: steps }, (_, i) => `progress ${i + 1}/${steps}`), 'result']);
  },

  async 'elicitation-answered-by-client'({ adapter, profile, side }) {
    const before = side.seen.elicitation.length;
    const result = await adapter.callTool({ name: profile.elicitation.tool, arguments: profile.elicitation.args });
    assert.equal(side.seen.elicitation.length, before + 1, 'the elicitation handler ran once');
    assert.ok(side.seen.elicitation.at(-1).requestedSchema.properties.name, 'the form asks for a name');
    assert.ok(text(result).includes(profile.elicitation.answer), `tool result: ${text(result)}`);
  },

  async 'sampling-answered-by-client'({ adapter, profile, side }) {
    const before = side.seen.sampling.length;
    const result = await adapter.callTool({ name: profile.sampling.tool, arguments: profile.sampling.args });
    assert.equal(side.seen.sampling.length, before + 1, 'the sampling handler ran once');
    assert.match(JSON.stringify(side.seen.sampling.at(-1).messages), /matrix prompt ✓/);
    assert.ok(text(result).includes(profile.sampling.answer), `tool result: ${text(result)}`);
  },

  async 'echo-256-kib-byte-exact'({ adapter, profile }) {
    const message = largeMessage();
    const result = await adapter.callTool({ name: profile.echo.tool, arguments: profile.echo.args(message) });
    assert.equal(digest(text(result)), digest(profile.echo.answer(message)));
  },

  async 'resource-subscription-update'({ adapter, profile, side }) {
    const { uri, trigger, retriggerMs } = profile.subscription;
    const update = side.nextUpdate(uri);
    await adapter.subscribe(uri);
    for (;;) {
      await adapter.callTool(trigger);
      const wait = retriggerMs === undefined ? [] : [new Promise((r) => setTimeout(() => r('again'), retriggerMs))];
      if ((await Promise.race([update.then(() => 'updated'), ...wait])) === 'updated') {
        return;
      }
    }
  }
};

/**
 * Connects the adapter and runs the scenarios named on the command line:
 *   node era-matrix-vN-client.mjs URL PROFILE EXPECTED_PROTOCOL SCENARIO...
 */
export async function main(newAdapter) {
  const [url, profileName, protocol, ...names] = process.argv.slice(2);
  const profile = PROFILES[profileName];
  assert.ok(profile, `no profile ${profileName}: ${Object.keys(PROFILES)}`);
  const unknown = names.filter((n) => !(n in scenarios));
  assert.deepEqual(unknown, [], `unknown scenarios; known: ${Object.keys(scenarios)}`);
  const side = clientSide();
  const adapter = newAdapter(new URL(url), side);
  let connectError;
  try {
    await adapter.connect();
  } catch (error) {
    connectError = error;
    connectError.message += `; HTTP answers >= 400: ${side.seen.refusals.join(' | ') || 'none'}`;
  }
  await runScenarios(names.map((n) => [n, scenarios[n]]), { adapter, profile, protocol, side },
    { connectError, timeoutMs: (n) => (n === 'resource-subscription-update' ? SUBSCRIPTION_TIMEOUT_MS : TIMEOUT_MS) });
  await adapter.client.close().catch(() => {});
  process.exit(0);
}
