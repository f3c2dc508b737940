import * as http from 'node:http';
import * as https from 'node:https';
import { ChannelTimeouts } from './channel-config';

export const DEFAULT_TIMEOUTS: ChannelTimeouts = { connectMs: 5_000, responseMs: 30_000 };

/** The longest one call can take under these timeouts (the client bounds it by both). */
export function longestCallMs(timeouts?: Partial<ChannelTimeouts>): number {
  const { connectMs, responseMs } = { ...DEFAULT_TIMEOUTS, ...timeouts };
  return connectMs + responseMs;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  /** The exact body string to send: providers that sign the body send the same string they signed. */
  body: string;
  timeouts?: Partial<ChannelTimeouts>;
}

/**
 * What happened to one POST. The split matters for money: `not_sent` means the gateway cannot
 * have seen the request (no connection was made), `unknown` means it may have.
 */
export type HttpResult =
  | { kind: 'response'; status: number; body: string; durationMs: number }
  | { kind: 'not_sent'; error: string; durationMs: number }
  | { kind: 'unknown'; error: string; durationMs: number };

/**
 * How long a kept-alive socket may sit idle before it is closed on our side. A server closes idle
 * sockets after its own timeout (Node's default 5 s, many proxies' similar); a create written to a
 * socket the server is closing at that moment is reset, and its outcome is unknown although
 * nothing reached the gateway: the payout then waits for a query and a resend. Node's agent only
 * shortens a timeout it has to the server's `Keep-Alive: timeout=` hint (less 1 s), and without
 * one never closes idle sockets, so it gets one, below the common 5 s.
 */
export const KEEP_ALIVE_IDLE_MS = 4_000;

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, timeout: KEEP_ALIVE_IDLE_MS };

/**
 * The one HTTP client all providers share: keep-alive agents, a connect timeout and a response
 * timeout per call, and no automatic retries (a create is never re-sent behind the caller's back).
 */
export class HttpClient {
  private readonly httpAgent = new http.Agent(AGENT_OPTIONS);
  private readonly httpsAgent = new https.Agent(AGENT_OPTIONS);

  post(call: HttpPost): Promise<HttpResult> {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...call.timeouts };
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<HttpResult>((resolve) => {
      let url: URL;
      try {
        url = new URL(call.url);
      } catch {
        resolve({ kind: 'not_sent', error: `invalid URL ${call.url}`, durationMs: 0 });
        return;
      }
      const secure = url.protocol === 'https:';
      const transport = secure ? https : http;
      let connected = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: HttpResult) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        resolve(result);
      };
      const fail = (error: string) =>
        finish(connected ? { kind: 'unknown', error, durationMs: elapsed() } : { kind: 'not_sent', error, durationMs: elapsed() });

      const req = transport.request(url, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { ...call.headers, 'content-length': Buffer.byteLength(call.body).toString() },
      });
      // From now, not from the socket: a call waiting for a free socket of the agent counts too,
      // so no call outlasts connectMs + responseMs (the poller's leases rely on that bound).
      // Settled here, not on the request's error: a request still queued for a socket only errors
      // once it gets one. Nothing was written before a connection, so nothing left.
      timer = setTimeout(() => {
        const error = `connect timeout after ${timeouts.connectMs} ms`;
        fail(error);
        req.destroy(new Error(error));
      }, timeouts.connectMs);
      req.on('socket', (socket) => {
        const onConnected = () => {
          connected = true;
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => req.destroy(new Error(`no response within ${timeouts.responseMs} ms`)), timeouts.responseMs);
        };
        // A reused keep-alive socket is already connected.
        if (!socket.connecting) onConnected();
        else socket.once(secure ? 'secureConnect' : 'connect', onConnected);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          finish({ kind: 'response', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), durationMs: elapsed() }),
        );
        res.on('error', (err) => fail(err.message));
        res.on('aborted', () => fail('response aborted'));
      });
      req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ? `${err.code}: ${err.message}` : err.message));
      req.end(call.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
