// What the interop client scripts share: running named scenarios one after another, each reported as one
// JSON line on stdout, {"scenario", "passed", "detail", "millis"} (InteropRun reads them on the Java side),
// and the helpers their assertions use.
import { createHash } from 'node:crypto';

/**
 * Runs each `[name, body]` of `scenarios` with `context`, in order, each under `timeoutMs(name)`; when the
 * client could not connect, every scenario fails with that reason rather than not being reported.
 */
export async function runScenarios(scenarios, context, { connectError, timeoutMs }) {
  for (const [name, body] of scenarios) {
    const started = performance.now();
    const millis = () => Math.round(performance.now() - started);
    try {
      if (connectError) {
        throw new Error(`connect failed: ${describe(connectError)}`);
      }
      await withTimeout(body(context), name, timeoutMs(name));
      report({ scenario: name, passed: true, detail: '', millis: millis() });
    } catch (error) {
      report({ scenario: name, passed: false, detail: describe(error), millis: millis() });
    }
  }
}

export function withTimeout(promise, name, timeoutMs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no outcome within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function report(outcome) {
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

export function describe(error) {
  const code = error?.code === undefined ? '' : ` (code ${error.code})`;
  const data = error?.data === undefined ? '' : ` data ${JSON.stringify(error.data)}`;
  return `${error?.name ?? 'Error'}: ${error?.message ?? error}${code}${data}`;
}

/** Exactly 256 KiB of UTF-8 mixing 1- to 4-byte characters, so chunk boundaries fall inside them. */
export function largeMessage() {
  const pieces = ['abcdefghij', 'é', '✓', '😀', '中文', '"\\', '\n'];
  let message = '';
  let bytes = 0;
  for (let i = 0; ; i++) {
    const piece = pieces[i % pieces.length];
    const size = Buffer.byteLength(piece);
    if (bytes + size > 256 * 1024) {
      return message + 'x'.repeat(256 * 1024 - bytes);
    }
    message += piece;
    bytes += size;
  }
}

/** Size and SHA-256 of a string's UTF-8, to compare large texts byte for byte in a short message. */
export function digest(value) {
  return `${Buffer.byteLength(value)} bytes, sha256 ${createHash('sha256').update(value).digest('hex')}`;
}

/** Every item of a paged list, following `nextCursor` (at most 100 pages). */
export async function listAll(list, key) {
  const items = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const result = await list(cursor === undefined ? undefined : { cursor });
    items.push(...result[key]);
    cursor = result.nextCursor;
    if (cursor === undefined) {
      return items;
    }
  }
  throw new Error(`${key}: still a nextCursor after 100 pages`);
}
