import { BATCH_CSV_COLUMNS } from '../src/payouts';
import { BENCH_API_KEY } from './channel';
import { AMOUNT, BenchConfig, CHANNEL } from './config';
import { BenchDatabase, truncateMariaDb } from './db';
import { gatewayChild } from './gateway-child';
import { log } from './measure';
import { startChild } from './processes';

export interface BatchMeasured {
  rows: number;
  /** POST /payouts/batches (text/csv): every row checked and stored, answered 202. */
  acceptSeconds: number;
  acceptRate: number;
  /** The poller sending the batch's rows (one gateway create each) until none is due. */
  drainSeconds: number;
  drainRate: number;
}

/** One CSV row per payout, in the documented columns, for the bench's Paypro Indonesia channel. */
function batchCsv(prefix: string, rows: number): string {
  const lines = [BATCH_CSV_COLUMNS.join(',')];
  const cells: Record<string, string> = {
    channel: CHANNEL.code, amount: AMOUNT, currency: CHANNEL.currency, beneficiaryName: 'Budi Santoso', accountNumber: '1234567890', bankCode: '0001',
    phone: '081234567890', email: 'budi@example.com', remark: 'invoice 1001',
  };
  for (let n = 0; n < rows; n++) lines.push(BATCH_CSV_COLUMNS.map((c) => (c === 'merchantReference' ? `${prefix}-${n}` : cells[c] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

/**
 * A batch of `cfg.batchRows` rows posted as CSV to the example app (express), then drained by the
 * module's poller in its own process (PayoutPoller.pollOnce in a loop, the per-channel rate lifted
 * as in the reconcile scenario): rows/s accepted and rows/s sent, on one database.
 */
export async function measureBatch(cfg: BenchConfig, database: BenchDatabase): Promise<BatchMeasured> {
  // The stub calls nobody back: the drain is the sends alone.
  const gateway = await gatewayChild();
  const env = { ...database.env, GATEWAY_URL: gateway.ready.url };
  const server = await startChild<{ url: string }>('app-server', env);
  const drainer = await startChild<object>('reconciler', env);
  try {
    if (database.kind === 'mariadb') await truncateMariaDb();
    const prefix = `BT${Date.now() % 100_000}`;
    const body = batchCsv(prefix, cfg.batchRows);
    const started = performance.now();
    const res = await fetch(`${server.ready.url}/payouts/batches?batchReference=${prefix}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-api-key': BENCH_API_KEY },
      body,
    });
    const acceptMs = performance.now() - started;
    if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    drainer.send({ type: 'drain' });
    const { worked, ms } = await drainer.next<{ worked: number; ms: number }>('drained');
    if (worked !== cfg.batchRows) throw new Error(`the poller sent ${worked} of ${cfg.batchRows} rows`);
    const m: BatchMeasured = {
      rows: cfg.batchRows,
      acceptSeconds: Math.round(acceptMs) / 1000,
      acceptRate: Math.round(cfg.batchRows / (acceptMs / 1000)),
      drainSeconds: Math.round(ms) / 1000,
      drainRate: Math.round(worked / (ms / 1000)),
    };
    log(`batch (${database.kind}): ${m.rows} rows accepted in ${m.acceptSeconds} s = ${m.acceptRate}/s, sent in ${m.drainSeconds} s = ${m.drainRate}/s`);
    return m;
  } finally {
    await drainer.stop();
    await server.stop();
    await gateway.stop();
  }
}
