import * as http from 'node:http';
import { AMOUNT } from './config';
import { seededProviderReference } from './requests';
import { serveChild } from './processes';

/**
 * The far end of every bench scenario: a Paypro endpoint that answers at once and does nothing
 * else (no signature check, no ledger, no timers, no callbacks), so that the two servers it is
 * compared between keep the cores to themselves. It reads the trade number to echo it (the
 * module refuses an answer about another order) and answers:
 * - payOut: accepted, in progress, order number `PP<tradeNo>`;
 * - queryPayOutResult: succeeded for the bench's one amount, whatever the trade number;
 * - queryBalance: more than any run spends (a short balance would have the module queue creates).
 * Its CPU per request is reported beside the servers' (`gateway` in cpuMsPerRequest).
 */
const HEAD = '{"code":"0000","msg":"success","success":true,"data":';
const BALANCE = `${HEAD}{"availableAmount":"9999999999999.00","freezeAmount":"0.00","unsettledAmount":"0.00"}}`;

function answer(path: string, tradeNo: string): string {
  const order = `"tradeNo":${JSON.stringify(tradeNo)},"platFormTradeNo":${JSON.stringify(seededProviderReference(tradeNo))}`;
  if (path.endsWith('/payOut')) return `${HEAD}{${order},"status":"0015","message":"PAYING"}}`;
  if (path.endsWith('/queryPayOutResult')) return `${HEAD}{${order},"orderAmount":"${AMOUNT}.00","payAmount":"${AMOUNT}.00","status":"0000","message":"SUCCESS"}}`;
  return BALANCE;
}

serveChild(async () => {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const tradeNo = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { tradeNo?: string }).tradeNo ?? '';
      const body = answer(req.url ?? '', tradeNo);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { ready: { url: `http://127.0.0.1:${port}` }, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
});
