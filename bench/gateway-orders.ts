import * as http from 'node:http';
import { payproSign } from '../src/sandbox';
import { AMOUNT, CHANNEL, NO_CALLBACKS_URL } from './config';

/**
 * Places orders on the simulator directly (32 at a time), as if the app had sent them earlier:
 * the poller then finds them at the gateway. Returns the gateway's order number per trade number.
 */
export async function placeOrders(gatewayUrl: string, tradeNos: string[]): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const url = new URL(`${gatewayUrl}/v1/paypro/payOut`);
  const references: string[] = new Array(tradeNos.length);
  let next = 0;
  const worker = async () => {
    while (next < tradeNos.length) {
      const i = next++;
      const fields = {
        tradeNo: tradeNos[i], amount: AMOUNT, bankCode: '0001', bankAccountNo: '1234567890', customerName: 'Budi Santoso',
        mobile: '081234567890', email: 'budi@example.com', notifyUrl: NO_CALLBACKS_URL, timestamp: String(Date.now()),
      };
      const answer = JSON.parse(await post(agent, url, JSON.stringify({ ...fields, sign: payproSign(fields, CHANNEL.secret) }))) as { data?: { platFormTradeNo?: string } };
      if (!answer.data?.platFormTradeNo) throw new Error(`the simulator refused ${tradeNos[i]}: ${JSON.stringify(answer)}`);
      references[i] = answer.data.platFormTradeNo;
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  return references;
}

function post(agent: http.Agent, url: URL, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', merchantNo: CHANNEL.merchantId, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}
