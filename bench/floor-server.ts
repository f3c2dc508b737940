import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { newTradeNo, sha256Hex, uuidv7 } from '../src/payouts/domain/identifiers';
import { AMOUNT_MINOR, CHANNEL } from './config';
import { mysqlPool } from './db';
import { serveChild } from './processes';

/**
 * The raw floor: the statements PayoutService sends for a create and for a callback, through
 * mysql2 and node:http only (no Nest, no TypeORM, no validation library), on plain node:http.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const gatewayUrl = new URL(`${String(process.env.GATEWAY_URL)}/v1/paypro/payOut`);
const notifyUrl = `http://callbacks.invalid/payouts/webhooks/${CHANNEL.code}`;

serveChild(async () => {
  const pool = mysqlPool();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const work = req.url === '/payouts' ? create(pool, raw) : callback(pool, raw);
      work.then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': status === 200 && body === 'OK' ? 'text/plain' : 'application/json' });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { ready: { url: `http://127.0.0.1:${port}` }, close: () => pool.end() };
});

type Answer = { status: number; body: string };

async function create(pool: Pool, raw: string): Promise<Answer> {
  const input = JSON.parse(raw) as { merchantReference: string; amount: string; currency: string; beneficiary: Record<string, string>; remark?: string };
  const now = new Date();
  const id = uuidv7(now.getTime());
  const tradeNo = newTradeNo(now);
  const hash = sha256Hex(JSON.stringify([input.amount, input.currency, input.beneficiary, input.remark]));
  await pool.query(
    'INSERT INTO payouts (id, merchant_reference, request_hash, channel, trade_no, provider_reference, amount, currency, fee, beneficiary, remark, metadata, status, failure_code, failure_message, attention, attention_reason, attempts, next_poll_at, lease_owner, lease_expires_at, last_error, version, created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, NULL, ?, NULL, NULL, 0, NULL, 0, ?, NULL, NULL, NULL, 1, ?, ?, NULL)',
    [id, input.merchantReference, hash, CHANNEL.code, tradeNo, AMOUNT_MINOR, input.currency, JSON.stringify(input.beneficiary), input.remark ?? null, 'CREATED', new Date(now.getTime() + 120_000), now, now],
  );
  const b = input.beneficiary;
  const fields = { tradeNo, amount: input.amount, bankCode: b.bankCode, bankAccountNo: b.accountNumber, customerName: b.name, mobile: b.phone, email: b.email, remark: input.remark ?? '', notifyUrl, timestamp: String(Date.now()) };
  const started = Date.now();
  const answer = await post(JSON.stringify({ ...fields, sign: sign(fields) }));
  const data = (JSON.parse(answer.body) as { data: { platFormTradeNo: string } }).data;
  const masked = { ...fields, bankAccountNo: mask(b.accountNumber), mobile: mask(b.phone), email: mask(b.email), sign: '[redacted]' };
  await pool.query(
    'INSERT INTO payout_attempts (payout_id, operation, outcome, http_status, duration_ms, request, response, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)',
    [id, 'submit', 'accepted', answer.status, Date.now() - started, JSON.stringify(masked), answer.body, new Date()],
  );
  const moved = new Date();
  await transition(pool, id, 1, { attempts: 1, last_error: null, provider_reference: data.platFormTradeNo, status: 'PROCESSING', next_poll_at: new Date(moved.getTime() + 30_000) }, moved, {
    merchantReference: input.merchantReference, tradeNo, from: 'CREATED', to: 'PROCESSING',
  });
  return { status: 201, body: JSON.stringify({ id, merchantReference: input.merchantReference, tradeNo, providerReference: data.platFormTradeNo, status: 'PROCESSING', createdAt: now, updatedAt: moved }) };
}

async function callback(pool: Pool, raw: string): Promise<Answer> {
  const body = JSON.parse(raw) as Record<string, string>;
  if (body.sign !== sign(body)) return { status: 401, body: '{"message":"bad sign"}' };
  const [inbox] = await pool.query<ResultSetHeader>(
    'INSERT INTO payout_webhooks (channel, trade_no, headers, body, signature_ok, outcome, detail, received_at, processed_at) VALUES (?, ?, ?, ?, 1, NULL, NULL, ?, NULL)',
    [CHANNEL.code, body.tradeNo, '{"content-type":"application/json"}', JSON.stringify({ ...body, sign: '[redacted]' }), new Date()],
  );
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM payouts WHERE trade_no = ? LIMIT 1', [body.tradeNo]);
  const payout = rows[0];
  let outcome = 'not_ours';
  if (payout && Number(payout.amount) === Number(body.amount) * 100 && payout.status === 'PROCESSING') {
    const now = new Date();
    const applied = await transition(pool, payout.id as string, payout.version as number, { status: 'SUCCEEDED', completed_at: now, next_poll_at: null }, now, {
      merchantReference: payout.merchant_reference, tradeNo: body.tradeNo, from: 'PROCESSING', to: 'SUCCEEDED',
    });
    outcome = applied ? 'applied' : 'duplicate';
  }
  await pool.query('UPDATE payout_webhooks SET outcome = ?, detail = ?, processed_at = ? WHERE id = ?', [outcome, 'PROCESSING -> SUCCEEDED', new Date(), inbox.insertId]);
  return { status: 200, body: 'OK' };
}

/** UPDATE … WHERE id = ? AND version = ? plus the outbox row, in one transaction. */
async function transition(pool: Pool, id: string, version: number, set: Record<string, unknown>, now: Date, event: Record<string, unknown>): Promise<boolean> {
  const conn = await pool.getConnection();
  try {
    await conn.query('START TRANSACTION');
    const columns = Object.keys(set).map((c) => `${c} = ?`).join(', ');
    const [result] = await conn.query<ResultSetHeader>(`UPDATE payouts SET ${columns}, version = ?, updated_at = ? WHERE id = ? AND version = ?`, [...Object.values(set), version + 1, now, id, version]);
    if (result.affectedRows) {
      const eventId = `${id}:${version + 1}`;
      const payload = { eventId, payoutId: id, channel: CHANNEL.code, ...event, amount: '150000.00', currency: CHANNEL.currency, failure: null, occurredAt: now.toISOString() };
      await conn.query('INSERT INTO payout_outbox (event_id, payout_id, to_status, payload, created_at, published_at) VALUES (?, ?, ?, ?, ?, NULL)', [eventId, id, event.to, JSON.stringify(payload), now]);
    }
    await conn.query('COMMIT');
    return result.affectedRows > 0;
  } finally {
    conn.release();
  }
}

function post(body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(gatewayUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json', merchantNo: CHANNEL.merchantId, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Paypro: MD5 over the sorted non-empty `key=value` pairs, secret appended. */
function sign(fields: Record<string, string>): string {
  const text = Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '' && fields[k] !== undefined).sort().map((k) => `${k}=${fields[k]}`).join('');
  return createHash('md5').update(text + CHANNEL.secret).digest('hex');
}

function mask(value: string): string {
  return '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4);
}
