import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpClient, KEEP_ALIVE_IDLE_MS } from './http-client';

/** A server that keeps idle sockets for a minute (as many gateways' proxies do) and answers after `delayMs`. */
async function server(delayMs = 0): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const s = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => setTimeout(() => res.end('{"ok":true}'), delayMs));
  });
  s.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => new Promise((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }),
  };
}

describe('HttpClient keep-alive', () => {
  const client = new HttpClient();
  afterAll(() => client.close());
  const freeSockets = () => Object.values((client as unknown as { httpAgent: http.Agent }).httpAgent.freeSockets).flat();

  it('closes an idle socket after KEEP_ALIVE_IDLE_MS, before a server that keeps it longer would', async () => {
    const gateway = await server();
    try {
      const result = await client.post({ url: gateway.url, headers: {}, body: '{}' });
      expect(result).toMatchObject({ kind: 'response', status: 200 });
      const idle = freeSockets();
      expect(idle).toHaveLength(1);
      expect(idle[0]?.timeout).toBe(KEEP_ALIVE_IDLE_MS);
    } finally {
      await gateway.close();
    }
  });

  it('still waits for a gateway that answers later than the idle timeout', async () => {
    const gateway = await server(KEEP_ALIVE_IDLE_MS + 300);
    try {
      const result = await client.post({ url: gateway.url, headers: {}, body: '{}', timeouts: { responseMs: 10_000 } });
      expect(result).toMatchObject({ kind: 'response', status: 200, body: '{"ok":true}' });
    } finally {
      await gateway.close();
    }
  });
});

describe('HttpClient time bounds', () => {
  it('counts the wait for a free socket toward connectMs: no call outlasts connectMs + responseMs', async () => {
    // Every socket of the agent (maxSockets 64) is held by a call the gateway answers late.
    const gateway = await server(3_000);
    const client = new HttpClient();
    try {
      const holding = Array.from({ length: 64 }, () => client.post({ url: gateway.url, headers: {}, body: '{}', timeouts: { responseMs: 10_000 } }));
      const started = performance.now();
      const queued = await client.post({ url: gateway.url, headers: {}, body: '{}', timeouts: { connectMs: 200, responseMs: 10_000 } });
      // It never got a socket: nothing left, so the gateway cannot have seen it.
      expect(queued).toMatchObject({ kind: 'not_sent', error: expect.stringContaining('connect timeout after 200 ms') });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect((await Promise.all(holding)).every((r) => r.kind === 'response')).toBe(true);
      // Once sockets were free again, the abandoned call was not sent on one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(gateway.requests()).toBe(64);
    } finally {
      client.close();
      await gateway.close();
    }
  });
});
