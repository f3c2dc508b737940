import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody } from '../core/http-io';

export interface ReceivedCallback {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface CallbackReceiver {
  /** The notifyUrl to give the simulator. */
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}

/**
 * A merchant webhook endpoint for tests: records every callback and answers the n-th (0-based)
 * with `reply(n)`, e.g. "OK" or "FAIL".
 */
export async function startCallbackReceiver(reply: (n: number, callback: ReceivedCallback) => string): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const server = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      const callback = { headers: req.headers, body };
      const answer = reply(received.length, callback);
      received.push(callback);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
