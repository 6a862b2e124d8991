'use strict';
// Preload for the conformance CLI in client mode when no private network namespace is available
// (`node --require loopback-fetch-only.cjs conformance client ...`). Some scenarios fetch a URL the
// client under test names (auth/offline-access-scope fetches the client's metadata document URL,
// an https URL on a non-loopback host); this makes every fetch() of a non-loopback host fail at once,
// before any name lookup, so the run never leaves the machine. The scenario records the failed fetch
// as INFO.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const realFetch = globalThis.fetch;

globalThis.fetch = function loopbackOnlyFetch(input, init) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname)) {
    return Promise.reject(new TypeError(`blocked: ${url.hostname} is not a loopback host`));
  }
  return realFetch(input, init);
};
