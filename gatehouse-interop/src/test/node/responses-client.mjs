// The official OpenAI Node SDK (`openai` 7.x) as a client of Gatehouse's /v1/responses; run by
// OpenAiNodeSdkResponsesTest, which starts Gatehouse with the scripted model and scripts these scenarios:
//   GATEHOUSE_API_KEY=<user key> node responses-client.mjs <gatehouse>/v1 <mcp server_url> <project> <connection>
// Prints one JSON line of findings to stdout ({"findings": {...}}), or {"failure": "..."} and exits 1 when
// the SDK threw: the Java test asserts the findings. Every request goes to the loopback base URL only.

import OpenAI, { InternalServerError, NotFoundError } from 'openai';
import { VERSION } from 'openai/version';

const [baseURL, serverUrl, project, connection] = process.argv.slice(2);
const MODEL = 'scripted-model';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Every request the SDK sent: method, path, and the OpenAI-Project header it set from `project`. */
const requests = [];
function recordingFetch(input, init) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname)) {
    return Promise.reject(new TypeError(`blocked: ${url.hostname} is not a loopback host`));
  }
  const headers = new Headers(init?.headers);
  requests.push({ method: init?.method ?? 'GET', path: url.pathname, project: headers.get('openai-project') });
  return fetch(input, init);
}

const client = new OpenAI({
  apiKey: process.env.GATEHOUSE_API_KEY,
  baseURL,
  project,
  organization: null,
  maxRetries: 0,
  timeout: 60_000,
  fetch: recordingFetch,
});

/** The `mcp` tool with the default approval (no require_approval: OpenAI's default is "always"). */
const files = { type: 'mcp', server_label: 'files', server_url: serverUrl };

const types = (response) => response.output.map((item) => item.type);
const only = (response, type) => response.output.filter((item) => item.type === type);

/** The fields of an item that the SDK's types declare, read as a client would. */
function listTools(item) {
  return {
    id: item.id, server_label: item.server_label, error: item.error,
    tools: item.tools.map((t) => ({ name: t.name, input_schema_type: t.input_schema?.type,
      has_description: 'description' in t, annotations: t.annotations ?? null })),
  };
}
function approvalRequest(item) {
  return { id: item.id, server_label: item.server_label, name: item.name, arguments: JSON.parse(item.arguments) };
}
function mcpCall(item) {
  return { id: item.id, server_label: item.server_label, name: item.name, arguments: JSON.parse(item.arguments),
    output: item.output, error: item.error, status: item.status, approval_request_id: item.approval_request_id };
}
function message(item) {
  return { role: item.role, status: item.status,
    parts: item.content.map((p) => ({ type: p.type, text: p.text, annotations: p.annotations })) };
}

/**
 * Collects a stream's event types, sequence numbers, the response id of `response.created` and the items
 * of `response.output_item.done`.
 */
async function collect(stream) {
  const events = { types: [], sequence: [], responseId: undefined, done: [] };
  for await (const event of stream) {
    events.types.push(event.type);
    events.sequence.push(event.sequence_number);
    if (event.type === 'response.created') {
      events.responseId = event.response.id;
    }
    if (event.type === 'response.output_item.done') {
      events.done.push(event.item);
    }
  }
  return events;
}

async function nonStreaming() {
  const first = await client.responses.create({ model: MODEL, input: 'node-approve: delete /tmp/a', tools: [files] });
  const ask = only(first, 'mcp_approval_request')[0];
  const second = await client.responses.create({
    model: MODEL,
    previous_response_id: first.id,
    tools: [files],
    input: [{ type: 'mcp_approval_response', approval_request_id: ask.id, approve: true }],
  });
  return {
    first: { id: first.id, object: first.object, status: first.status, types: types(first),
      list_tools: listTools(only(first, 'mcp_list_tools')[0]), approval_request: approvalRequest(ask),
      output_text: first.output_text },
    second: { id: second.id, status: second.status, types: types(second),
      previous_response_id: second.previous_response_id,
      mcp_call: mcpCall(only(second, 'mcp_call')[0]), message: message(only(second, 'message')[0]),
      output_text: second.output_text, usage_total: second.usage?.total_tokens },
  };
}

async function main() {
  const findings = { sdk_version: VERSION };
  findings.non_streaming = await nonStreaming();

  findings.streaming = await streaming();

  const id = findings.non_streaming.second.id;
  const retrieved = await client.responses.retrieve(id);
  const items = [];
  for await (const item of client.responses.inputItems.list(id)) {
    items.push({ type: item.type, approval_request_id: item.approval_request_id, approve: item.approve });
  }
  await client.responses.delete(id);
  let afterDelete;
  try {
    await client.responses.retrieve(id);
    afterDelete = 'found';
  } catch (e) {
    afterDelete = { not_found: e instanceof NotFoundError, status: e.status, type: e.type ?? e.error?.type };
  }
  findings.stored = { retrieved: { id: retrieved.id, types: types(retrieved), output_text: retrieved.output_text },
    input_items: items, after_delete: afterDelete };

  const failing = await client.responses.create({
    model: MODEL, input: 'node-fail: try it',
    tools: [{ ...files, require_approval: 'never' }],
  });
  findings.failed_call = { types: types(failing), mcp_call: mcpCall(only(failing, 'mcp_call')[0]),
    output_text: failing.output_text };

  const limited = await client.responses.create({
    model: MODEL, input: 'node-limit: loop', max_tool_calls: 1,
    tools: [{ ...files, require_approval: 'never' }],
  });
  findings.incomplete = { status: limited.status, types: types(limited),
    incomplete_details: limited.incomplete_details, error: limited.error,
    cut: mcpCall(limited.output[limited.output.length - 1]) };

  findings.model_failure = await modelFailure();

  const consentTool = { type: 'mcp', server_label: connection, project_connection_id: connection,
    require_approval: 'never' };
  const consent = await client.responses.create({ model: MODEL, input: 'node-consent: my repos', tools: [consentTool] });
  const consentEvents = await collect(await client.responses.create({
    model: MODEL, input: 'node-consent-stream: my repos', tools: [consentTool], stream: true }));
  const helperStream = client.responses.stream({ model: MODEL, input: 'node-consent-helper: my repos',
    tools: [consentTool] });
  const helperEvents = await collect(helperStream);
  const helperFinal = await helperStream.finalResponse();
  findings.consent = {
    id: consent.id, status: consent.status, types: types(consent), item: consent.output[0],
    stream: { types: consentEvents.types, done: consentEvents.done },
    helper: { types: helperEvents.types, done: helperEvents.done, final_types: types(helperFinal),
      item: helperFinal.output[0] },
  };
  findings.requests = requests;
  return findings;
}

/**
 * A model that refuses: an APIError when not streamed; streamed, `response.failed`, which the stream
 * helper's finalResponse() resolves to the failed response.
 */
async function modelFailure() {
  let thrown;
  try {
    await client.responses.create({ model: MODEL, input: 'node-broken: x' });
    thrown = 'nothing';
  } catch (e) {
    thrown = { internal_server_error: e instanceof InternalServerError, status: e.status, code: e.code,
      type: e.type };
  }
  const stream = client.responses.stream({ model: MODEL, input: 'node-broken-stream: x' });
  const events = await collect(stream);
  let final;
  try {
    const r = await stream.finalResponse();
    final = { status: r.status, error: r.error };
  } catch (e) {
    final = { rejected: String(e) };
  }
  return { thrown, stream: { types: events.types, sequence: events.sequence, final } };
}

/**
 * The same approval loop streamed: `stream: true` on create (the SDK's Stream of events; the response id
 * comes from `response.created`), then the stream helper continues it and resolves finalResponse().
 */
async function streaming() {
  const events = await collect(await client.responses.create({
    model: MODEL, input: 'node-stream: delete /tmp/b', tools: [files], stream: true,
  }));
  const ask = events.done.find((item) => item.type === 'mcp_approval_request');
  const completedIds = [];
  const stream = client.responses.stream({
    model: MODEL,
    previous_response_id: events.responseId,
    tools: [files],
    input: [{ type: 'mcp_approval_response', approval_request_id: ask.id, approve: true }],
  });
  stream.on('response.mcp_call.completed', (e) => completedIds.push(e.item_id));
  const helper = await collect(stream);
  const final = await stream.finalResponse();
  return {
    create: { types: events.types, sequence: events.sequence, done_types: events.done.map((i) => i.type),
      approval_request: approvalRequest(ask) },
    helper: { types: helper.types, sequence: helper.sequence, mcp_call_completed_listener: completedIds,
      final: { status: final.status, types: types(final), mcp_call: mcpCall(only(final, 'mcp_call')[0]),
        message: message(only(final, 'message')[0]), output_text: final.output_text } },
  };
}

try {
  process.stdout.write(`${JSON.stringify({ findings: await main() })}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ failure: String(e?.stack ?? e), requests })}\n`);
  process.exitCode = 1;
}
