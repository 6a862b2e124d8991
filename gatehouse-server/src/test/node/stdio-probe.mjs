// A tiny MCP stdio server for Gatehouse's hosting tests (newline-delimited JSON-RPC, no SDK):
// its tools tell what the process sees (its environment's names, its pid and working directory),
// hold memory (to meet a limit), crash it mid-call, or send a log message and progress before
// answering; count calls (state that lives in this process), or hold a call open until another call
// releases it.
import { createInterface } from "node:readline";

const tools = [
  { name: "env", description: "The names of this process's environment variables", inputSchema: { type: "object" } },
  { name: "getenv", description: "The value of one environment variable", inputSchema: { type: "object", properties: { name: { type: "string" } } } },
  { name: "whoami", description: "This process's pid and working directory", inputSchema: { type: "object" } },
  { name: "crash", description: "Exits without answering", inputSchema: { type: "object" } },
  { name: "allocate", description: "Holds that many MiB of memory, or says why it cannot", inputSchema: { type: "object", properties: { mib: { type: "number" } } } },
  { name: "announce", description: "Answers, then logs its marker with nothing in flight", inputSchema: { type: "object", properties: { marker: { type: "string" } } } },
  { name: "chatty", description: "Logs and reports progress, then answers", inputSchema: { type: "object" } },
  { name: "count", description: "How many times this process was asked (its pid too)", inputSchema: { type: "object" } },
  { name: "hold", description: "Reports progress, then answers once 'release' is called", inputSchema: { type: "object" } },
  { name: "release", description: "Answers every held call", inputSchema: { type: "object" } },
];
let counted = 0;
const held = [];

const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");
const text = (id, value) =>
  send({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value } });

process.stderr.write(`stdio-probe ${process.pid} ready\n`);

createInterface({ input: process.stdin }).on("line", (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined || m.method === undefined) return; // notifications and answers
  switch (m.method) {
    case "initialize":
      if (process.env.PROBE_LOG_ON_INIT) {
        send({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "starting" } });
      }
      return send({
        jsonrpc: "2.0",
        id: m.id,
        result: {
          protocolVersion: m.params.protocolVersion,
          capabilities: { tools: {}, logging: {} },
          serverInfo: { name: "stdio-probe", version: "1.0.0" },
        },
      });
    case "ping":
      return send({ jsonrpc: "2.0", id: m.id, result: {} });
    case "tools/list":
      return send({ jsonrpc: "2.0", id: m.id, result: { tools } });
    case "tools/call":
      switch (m.params.name) {
        case "env":
          return text(m.id, { names: Object.keys(process.env).sort() });
        case "getenv":
          return text(m.id, { value: process.env[m.params.arguments.name] ?? null });
        case "whoami":
          return text(m.id, { pid: process.pid, cwd: process.cwd() });
        case "crash":
          process.stderr.write("stdio-probe crashing on purpose\n");
          return process.exit(3);
        case "count":
          return text(m.id, { pid: process.pid, count: ++counted });
        case "hold": {
          const token = m.params._meta?.progressToken;
          if (token !== undefined) {
            send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: token, progress: 0, total: 1 } });
          }
          held.push(m.id);
          return;
        }
        case "release":
          held.splice(0).forEach((id) => text(id, { pid: process.pid, released: true }));
          return text(m.id, { pid: process.pid });
        case "allocate": {
          const held = [];
          try {
            // 16 MiB blocks: a refused block is an exception to catch, not a fatal heap error
            for (let i = 0; i < m.params.arguments.mib / 16; i++) held.push(Buffer.alloc(16 << 20, 1));
            return text(m.id, { allocated: held.length * 16 });
          } catch (e) {
            return text(m.id, { allocated: held.length * 16, failed: String(e.message) });
          }
        }
        case "announce":
          text(m.id, { announced: m.params.arguments.marker });
          // after the answer: no request is in flight, so it goes to the GET streams
          return send({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: m.params.arguments.marker } });
        case "chatty": {
          const token = m.params._meta?.progressToken;
          send({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "working" } });
          if (token !== undefined) {
            send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: token, progress: 1, total: 1 } });
          }
          return text(m.id, { token: token ?? null });
        }
      }
      return send({ jsonrpc: "2.0", id: m.id, error: { code: -32602, message: "unknown tool " + m.params.name } });
    default:
      return send({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "method not found: " + m.method } });
  }
});
