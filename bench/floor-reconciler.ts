import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { CHANNEL } from './config';
import { inTransaction, mysqlPool } from './db';
import { serveChild } from './processes';

/**
 * The raw floor of reconciliation, the least program that reconciles correctly: claim per status
 * with SKIP LOCKED and a lease (one commit), then per payout a signed query and one commit holding
 * the attempt row, the transition (bookkeeping and lease release in the same UPDATE, fenced by
 * version and lease owner) and its outbox row; batch 200, 16 at a time, on mysql2.
 */
const BATCH = 200;
const CONCURRENCY = 16;
const OWNER = 'floor';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const queryUrl = new URL(`${String(process.env.GATEWAY_URL)}/v1/paypro/queryPayOutResult`);
const pool = mysqlPool();

serveChild(async () => {
  process.on('message', () => {
    void (async () => {
      const started = performance.now();
      let worked = 0;
      for (let n = await pollOnce(); n > 0; n = await pollOnce()) worked += n;
      process.send?.({ type: 'drained', worked, ms: performance.now() - started });
    })().catch((error: unknown) => process.send?.({ type: 'error', message: String(error) }));
  });
  return { ready: {}, close: () => pool.end() };
});

async function pollOnce(): Promise<number> {
  const now = new Date();
  const ids: string[] = [];
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    for (const status of ['UNKNOWN', 'PROCESSING', 'CREATED']) {
      if (ids.length >= BATCH) break;
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT id FROM payouts WHERE status = ? AND next_poll_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at < ?) ORDER BY next_poll_at ASC LIMIT ? FOR UPDATE SKIP LOCKED',
        [status, now, now, BATCH - ids.length],
      );
      ids.push(...rows.map((r) => String(r.id)));
    }
    if (ids.length) {
      await conn.query('UPDATE payouts SET lease_owner = ?, lease_expires_at = ? WHERE id IN (?) AND (lease_expires_at IS NULL OR lease_expires_at < ?)', [OWNER, new Date(now.getTime() + 60_000), ids, now]);
    }
    await conn.query('COMMIT');
  } finally {
    conn.release();
  }
  if (!ids.length) return 0;
  const [payouts] = await pool.query<RowDataPacket[]>('SELECT * FROM payouts WHERE id IN (?) AND lease_owner = ?', [ids, OWNER]);
  let next = 0;
  const worker = async () => {
    while (next < payouts.length) await work(payouts[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return payouts.length;
}

async function work(p: RowDataPacket): Promise<void> {
  const fields = { tradeNo: String(p.trade_no), timestamp: String(Date.now()) };
  const started = Date.now();
  const answer = await post(JSON.stringify({ ...fields, sign: sign(fields) }));
  const data = (JSON.parse(answer) as { data: { status: string } }).data;
  const now = new Date();
  const attempts = Number(p.attempts) + 1;
  // One commit: the exchange's record, the transition (lease released, fenced by version and
  // owner) and its event stand or fall together.
  await inTransaction(pool, async (conn) => {
    await conn.query(
      'INSERT INTO payout_attempts (payout_id, operation, outcome, http_status, duration_ms, request, response, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)',
      [p.id, 'query', 'found', 200, Date.now() - started, JSON.stringify({ ...fields, sign: '[redacted]' }), answer, now],
    );
    const [moved] = await conn.query<ResultSetHeader>(
      'UPDATE payouts SET attempts = ?, last_error = NULL, status = ?, completed_at = ?, next_poll_at = NULL, lease_owner = NULL, lease_expires_at = NULL, version = ?, updated_at = ? WHERE id = ? AND version = ? AND lease_owner = ?',
      [attempts, data.status === '0000' ? 'SUCCEEDED' : 'FAILED', now, Number(p.version) + 1, now, p.id, p.version, OWNER],
    );
    if (moved.affectedRows) {
      const eventId = `${String(p.id)}:${Number(p.version) + 1}`;
      const payload = { eventId, payoutId: p.id, merchantReference: p.merchant_reference, channel: CHANNEL.code, tradeNo: p.trade_no, from: 'PROCESSING', to: 'SUCCEEDED', amount: '150000.00', currency: CHANNEL.currency, failure: null, occurredAt: now.toISOString() };
      await conn.query('INSERT INTO payout_outbox (event_id, payout_id, to_status, payload, created_at, published_at) VALUES (?, ?, ?, ?, ?, NULL)', [eventId, p.id, 'SUCCEEDED', JSON.stringify(payload), now]);
    }
  });
}

function post(body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(queryUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json', merchantNo: CHANNEL.merchantId, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function sign(fields: Record<string, string>): string {
  const text = Object.keys(fields).sort().map((k) => `${k}=${fields[k]}`).join('');
  return createHash('md5').update(text + CHANNEL.secret).digest('hex');
}
