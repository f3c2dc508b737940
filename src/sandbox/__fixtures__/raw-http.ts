import * as http from 'node:http';

/** What came back: an HTTP answer, or the socket error when there was none. */
export interface RawReply {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body: string;
  error?: string;
  durationMs: number;
}

/** One request on a fresh connection (no keep-alive), so tests see resets and held sockets as they are. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<RawReply> {
  const started = Date.now();
  return new Promise((resolve) => {
    const body = options.body ?? '';
    const req = http.request(url, {
      method: options.method ?? 'POST',
      agent: false,
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    req.setTimeout(options.timeoutMs ?? 5_000, () => req.destroy(new Error('client timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ body: '', error: err.code ?? err.message, durationMs: Date.now() - started }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), durationMs: Date.now() - started }),
      );
    });
    req.end(body);
  });
}

export function postJson(url: string, headers: Record<string, string>, body: string): Promise<RawReply> {
  return rawRequest(url, { headers: { 'content-type': 'application/json', ...headers }, body });
}

/** Polls until the predicate holds; fails the test with `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
