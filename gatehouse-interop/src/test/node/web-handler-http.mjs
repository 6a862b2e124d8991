// node:http in front of a web-standard fetch handler (the TypeScript SDK v2 server's createMcpHandler),
// for the Node MCP servers the interop tests run: the request with its body and an abort signal that
// fires when the caller goes away, and the response streamed back chunk by chunk.

/** A web Request of a node:http request whose body was read already. */
export function toRequest(req, body) {
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

/** Writes a web Response to a node:http response, each chunk as it comes (event streams stay live). */
export async function writeResponse(res, response) {
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
}
