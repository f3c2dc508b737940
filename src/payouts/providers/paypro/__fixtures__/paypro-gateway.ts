import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpClient } from '../../http-client';
import { ChannelConfig } from '../../channel-config';
import { PayoutProvider } from '../../payout-provider';
import { PayproProtocol } from '../paypro.protocol';

export const SECRET = 'dbecac55466b4958a2d06069fcf49e18';
export const NOTIFY_URL = 'https://merchant.example.com/payouts/webhooks/paypro-idn';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
}

/** What the fake gateway answers: a status and a body (objects are sent as JSON), or no answer at all. */
export type Reply = { status?: number; body: string | object } | 'hang';

/** A tiny Paypro stand-in on 127.0.0.1: records each request, answers with `reply`. */
export class FakePayproGateway {
  readonly requests: ReceivedRequest[] = [];
  reply: (request: ReceivedRequest) => Reply = () => ({ body: {} });
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body: JSON.parse(rawBody) };
      this.requests.push(request);
      const reply = this.reply(request);
      if (reply === 'hang') return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port that refuses connections: one we listened on and closed. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function channel(baseUrl: string, overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    code: 'paypro-idn',
    protocol: 'paypro',
    currency: 'IDR',
    baseUrl,
    merchantId: '8729248847',
    secret: SECRET,
    ...overrides,
  };
}

export function provider(config: ChannelConfig, httpClient: HttpClient): PayoutProvider {
  return new PayproProtocol().create(config, { http: httpClient, notifyUrl: NOTIFY_URL });
}
