import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { LOCALHOST_CERT, LOCALHOST_KEY } from './__fixtures__/localhost-tls';
import { HttpClient, HttpResult, KEEP_ALIVE_IDLE_MS } from './http-client';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface TestServer {
  url: string;
  requests(): number;
  /** The server's side of every connection made to it. */
  sockets: Socket[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that keeps idle sockets for a minute (as many gateways' proxies do) and hands each request, read whole, to `handler`. */
async function serve(handler: Handler, tls = false): Promise<TestServer> {
  let requests = 0;
  const sockets: Socket[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  };
  const s = tls ? https.createServer({ cert: LOCALHOST_CERT, key: LOCALHOST_KEY }, onRequest) : http.createServer(onRequest);
  s.keepAliveTimeout = 60_000;
  s.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${(s.address() as AddressInfo).port}/`,
    requests: () => requests,
    sockets,
    close: () => new Promise((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }),
  };
}

/** A server that answers `{"ok":true}` after `delayMs`. */
function server(delayMs = 0, tls = false): Promise<TestServer> {
  return serve((_req, res) => setTimeout(() => res.end('{"ok":true}'), delayMs), tls);
}

/** Runs `test` against a server, and closes the server and the client whatever happens. */
async function against(gateway: Promise<TestServer>, test: (gateway: TestServer, client: HttpClient) => Promise<void>, client = new HttpClient()): Promise<void> {
  const g = await gateway;
  try {
    await test(g, client);
  } finally {
    client.close();
    await g.close();
  }
}

const post = (client: HttpClient, url: string, timeouts?: { connectMs?: number; responseMs?: number }, body = '{}'): Promise<HttpResult> =>
  client.post({ url, headers: { 'content-type': 'application/json' }, body, timeouts });

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

describe('HttpClient outcomes', () => {
  it('answers not_sent, naming the URL, for a URL it cannot read, and tries nothing', async () => {
    const client = new HttpClient();
    expect(await post(client, 'not a url')).toEqual({ kind: 'not_sent', error: 'invalid URL not a url', durationMs: 0 });
    client.close();
  });

  it('sends the exact body with its length in bytes, and gives the status, body and time of the answer', () =>
    against(serve((req, res, body) => setTimeout(() => res.writeHead(201).end(`${req.headers['content-length']} ${body}`), 300)), async (gateway, client) => {
      const result = await post(client, gateway.url, undefined, '{"name":"Juan Pérez"}');
      expect(result).toEqual({ kind: 'response', status: 201, body: '22 {"name":"Juan Pérez"}', durationMs: expect.any(Number) });
      expect(result.durationMs).toBeGreaterThanOrEqual(290);
      expect(result.durationMs).toBeLessThan(2_000);
    }));

  it('is not_sent, with the error code, when the connection is refused', async () => {
    const gateway = await server();
    const url = gateway.url;
    await gateway.close();
    const client = new HttpClient();
    expect(await post(client, url)).toEqual({ kind: 'not_sent', error: expect.stringMatching(/^ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+$/), durationMs: expect.any(Number) });
    client.close();
  });

  it('waits for an answer past connectMs once connected: connectMs bounds the connection only', () =>
    against(server(600), async (gateway, client) => {
      expect(await post(client, gateway.url, { connectMs: 200, responseMs: 5_000 })).toMatchObject({ kind: 'response', status: 200, body: '{"ok":true}' });
    }));

  it('counts a TLS connection as made once its handshake is done, and then waits for the answer past connectMs', () => {
    const client = new HttpClient();
    // The test's own certificate, trusted by this client's TLS agent only.
    (client as unknown as { httpsAgent: https.Agent }).httpsAgent.options.ca = LOCALHOST_CERT;
    return against(
      server(600, true),
      async (gateway) => {
        expect(await post(client, gateway.url, { connectMs: 200, responseMs: 5_000 })).toMatchObject({ kind: 'response', status: 200, body: '{"ok":true}' });
      },
      client,
    );
  });

  it('speaks TLS to an https URL: a server that does not is never sent the request', () =>
    against(server(), async (gateway, client) => {
      const result = await post(client, gateway.url.replace('http:', 'https:'));
      expect(result.kind).toBe('not_sent');
      expect(gateway.requests()).toBe(0);
    }));

  it('is unknown, naming responseMs, when a connected gateway does not answer in time', () =>
    against(serve(() => undefined), async (gateway, client) => {
      const result = await post(client, gateway.url, { responseMs: 300 });
      expect(result).toEqual({ kind: 'unknown', error: 'no response within 300 ms', durationMs: expect.any(Number) });
      expect(result.durationMs).toBeGreaterThanOrEqual(290);
      expect(result.durationMs).toBeLessThan(1_500);
    }));

  it('is unknown, "response aborted", when the answer is cut off', () =>
    against(serve((_req, res) => { res.writeHead(200, { 'content-length': '100' }).write('{"code":'); setTimeout(() => res.destroy(), 50); }), async (gateway, client) => {
      expect(await post(client, gateway.url)).toEqual({ kind: 'unknown', error: 'response aborted', durationMs: expect.any(Number) });
    }));

  it('keeps an answer of 1 MiB and gives up on a larger one as unknown, "response too large"', () =>
    against(serve((req, res) => res.end('a'.repeat(Number(req.url?.slice(1))))), async (gateway, client) => {
      const mib = 1024 * 1024;
      const kept = await post(client, `${gateway.url}${mib}`);
      expect(kept).toMatchObject({ kind: 'response', status: 200 });
      expect(kept.kind === 'response' && kept.body.length).toBe(mib);
      expect(await post(client, `${gateway.url}${mib + 1}`)).toEqual({ kind: 'unknown', error: 'response too large', durationMs: expect.any(Number) });
    }));

  it('leaves a kept-alive socket alone once the call is done, counts it as connected when reused, and closes it on close()', () =>
    against(serve((req, res) => setTimeout(() => res.end('{"ok":true}'), req.url === '/slow' ? 400 : 0)), async (gateway, client) => {
      await post(client, gateway.url, { connectMs: 100, responseMs: 200 });
      // Past both timeouts of the finished call: neither may touch the socket it gave back.
      await new Promise((resolve) => setTimeout(resolve, 400));
      // On the reused socket, an answer after connectMs is still an answer.
      expect(await post(client, `${gateway.url}slow`, { connectMs: 100, responseMs: 2_000 })).toMatchObject({ kind: 'response', status: 200 });
      expect(gateway.sockets).toHaveLength(1);
      const closed = new Promise((resolve) => gateway.sockets[0].once('close', () => resolve('closed')));
      client.close();
      // Well before the agent's own idle timeout would close it.
      expect(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_IDLE_MS / 4, 'still open'))])).toBe('closed');
    }));
});
