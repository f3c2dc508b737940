import * as http from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

/** The raw request body as text, exactly as sent (Cashy signs these bytes). */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendText(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  sendText(res, status, 'application/json', JSON.stringify(value));
}

/** Both gateways run on Java; an unknown path, wrong method or a crash gets a Spring Boot style error body. */
export function sendSpringError(res: http.ServerResponse, status: number, path: string): void {
  sendJson(res, status, { timestamp: new Date().toISOString(), status, error: http.STATUS_CODES[status] ?? 'Error', path });
}

/** Drops the connection with a TCP reset: the client sees ECONNRESET, never an answer. */
export function resetConnection(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  socket.resetAndDestroy();
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Callbacks only ever go to plain-http loopback URLs, so a sandbox never calls anything outside this machine. */
export function loopbackProblem(notifyUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(notifyUrl);
  } catch {
    return 'notifyUrl is not a URL';
  }
  if (url.protocol !== 'http:') return 'the sandbox only calls back plain http URLs';
  if (!LOOPBACK_HOSTS.has(url.hostname) && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)) {
    return `the sandbox only calls back loopback hosts, not ${url.hostname}`;
  }
  return undefined;
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A JSON object body, or undefined when the text is not JSON or not an object. */
export function parseJsonObject(rawBody: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(rawBody);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
