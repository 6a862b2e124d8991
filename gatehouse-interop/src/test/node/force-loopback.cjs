'use strict';
// Preload for Node servers started by the interop tests (`node --require force-loopback.cjs server.js`).
// Servers such as server-everything call listen(PORT) without a host, which binds every interface, and
// log the port they were asked for, not the one they got. This preload rewrites each TCP listen() that
// names no host (or a wildcard one) to 127.0.0.1 (FORCE_LOOPBACK_HOST overrides it), and once the socket
// is bound it prints one line to stderr that the Java harness waits for:
//   FORCE_LOOPBACK_LISTENING {"host":"127.0.0.1","port":43705,"pid":11023}
// Unix sockets, pipes and inherited handles are left alone.

const net = require('node:net');

const HOST = process.env.FORCE_LOOPBACK_HOST || '127.0.0.1';
const WILDCARDS = new Set(['', '0.0.0.0', '::', '::0']);
const listen = net.Server.prototype.listen;

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

function loopbackArgs(args) {
  const [first, ...rest] = args;
  if (first === undefined || typeof first === 'function') {
    return [0, HOST, ...args.filter((a) => a !== undefined)];
  }
  if (isPort(first)) {
    if (typeof rest[0] === 'string') {
      return WILDCARDS.has(rest[0]) ? [first, HOST, ...rest.slice(1)] : args;
    }
    return [first, HOST, ...rest];
  }
  if (first !== null && typeof first === 'object' && !('path' in first) && !('fd' in first)
      && !('_handle' in first) && !('handle' in first)) {
    const host = first.host === undefined || WILDCARDS.has(first.host) ? HOST : first.host;
    return [{ ...first, host }, ...rest];
  }
  return args;
}

function announce() {
  const address = this.address();
  if (address !== null && typeof address === 'object') {
    const line = JSON.stringify({ host: address.address, port: address.port, pid: process.pid });
    process.stderr.write(`FORCE_LOOPBACK_LISTENING ${line}\n`);
  }
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  // Registered before listen() adds the caller's callback, so the port is announced first.
  this.once('listening', announce);
  return listen.apply(this, loopbackArgs(args));
};
