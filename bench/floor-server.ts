import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { newTradeNo, sha256Hex, uuidv7 } from '../src/payouts/domain/identifiers';
import { AMOUNT_MINOR, CHANNEL } from './config';
import { inTransaction, mysqlPool } from './db';
import { serveChild } from './processes';

/**
 * The raw floor: the least correct program for a create and for a callback, with the durable
 * writes the module needs and no more commits than they take, through mysql2 and node:http only
 * (no Nest, no TypeORM, no validation library). docs/benchmarks.md lists the writes and why.
 */
const OWNER = 'floor';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const gatewayUrl = new URL(`${String(process.env.GATEWAY_URL)}/v1/paypro/payOut`);
const notifyUrl = `http://callbacks.invalid/payouts/webhooks/${CHANNEL.code}`;

serveChild(async () => {
  const pool = mysqlPool();
  // The funds row the module keeps per channel after a balance read: a balance no run exhausts.
  await pool.query(
    'INSERT INTO payout_channel_funds (channel, currency, available, committed, queue_open, low, read_at) VALUES (?, ?, ?, 0, 0, 0, ?) ON DUPLICATE KEY UPDATE available = VALUES(available), committed = 0',
    [CHANNEL.code, CHANNEL.currency, '999999999999900', new Date()],
  );
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
type CreateInput = { merchantReference: string; amount: string; currency: string; beneficiary: Record<string, string>; remark?: string };

const BENEFICIARY_FIELDS = ['name', 'accountNumber', 'bankCode', 'phone', 'email'];

/** The checks a create cannot skip: every field there, of its type, the amount a decimal with at most 2 places. */
function check(input: CreateInput): string | undefined {
  if (typeof input.merchantReference !== 'string' || !/^[\w.:-]{1,64}$/.test(input.merchantReference)) return 'merchantReference';
  if (typeof input.amount !== 'string' || !/^\d{1,15}(\.\d{1,2})?$/.test(input.amount)) return 'amount';
  if (input.currency !== CHANNEL.currency) return 'currency';
  if (typeof input.beneficiary !== 'object' || input.beneficiary === null) return 'beneficiary';
  for (const f of BENEFICIARY_FIELDS) if (typeof input.beneficiary[f] !== 'string' || input.beneficiary[f] === '') return `beneficiary.${f}`;
  return undefined;
}

/**
 * Two commits, the fewest that keep a create safe: (1) the payout row (CREATED, leased, a trade
 * number of its own), its audit line and the funds reservation, before any call, so that a
 * crash leaves the order's evidence and the money accounted; (2) after the answer, the exchange's
 * record, the transition (lease released, fenced by version) and its event together.
 */
async function create(pool: Pool, raw: string): Promise<Answer> {
  const input = JSON.parse(raw) as CreateInput;
  const problem = check(input);
  if (problem) return { status: 400, body: JSON.stringify({ message: `${problem} is invalid` }) };
  const now = new Date();
  const id = uuidv7(now.getTime());
  const tradeNo = newTradeNo(now);
  const hash = sha256Hex(JSON.stringify([input.amount, input.currency, input.beneficiary, input.remark]));
  const placed = await inTransaction(pool, async (conn) => {
    await conn.query(
      'INSERT INTO payouts (id, merchant_reference, request_hash, channel, trade_no, amount, currency, beneficiary, remark, status, attempts, next_poll_at, lease_owner, lease_token, lease_expires_at, version, funds_reserved, created_at, updated_at, last_sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1, 1, ?, ?, ?)',
      [id, input.merchantReference, hash, CHANNEL.code, tradeNo, AMOUNT_MINOR, input.currency, JSON.stringify(input.beneficiary), input.remark ?? null, 'CREATED', new Date(now.getTime() + 120_000), OWNER, id, new Date(now.getTime() + 60_000), now, now, now],
    );
    await conn.query('INSERT INTO payout_audit (payout_id, action, principal_id, address, note, created_at) VALUES (?, ?, ?, ?, NULL, ?)', [id, 'create', 'bench', '127.0.0.1', now]);
    // Last, so that the channel's funds row stays locked only until the commit.
    const [reserved] = await conn.query<ResultSetHeader>('UPDATE payout_channel_funds SET committed = committed + ? WHERE channel = ? AND available - committed >= ? AND queue_open = 0', [AMOUNT_MINOR, CHANNEL.code, AMOUNT_MINOR]);
    if (!reserved.affectedRows) throw new Error('the floor never runs short of funds');
  }).then(
    () => true,
    (error: { code?: string }) => {
      if (error.code === 'ER_DUP_ENTRY') return false;
      throw error;
    },
  );
  if (!placed) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT id, status FROM payouts WHERE merchant_reference = ?', [input.merchantReference]);
    return { status: 200, body: JSON.stringify(rows[0]) };
  }
  const b = input.beneficiary;
  const fields = { tradeNo, amount: input.amount, bankCode: b.bankCode, bankAccountNo: b.accountNumber, customerName: b.name, mobile: b.phone, email: b.email, remark: input.remark ?? '', notifyUrl, timestamp: String(Date.now()) };
  const started = Date.now();
  const answer = await post(JSON.stringify({ ...fields, sign: sign(fields) }));
  const data = (JSON.parse(answer.body) as { data: { platFormTradeNo: string } }).data;
  const masked = { ...fields, bankAccountNo: mask(b.accountNumber), mobile: mask(b.phone), email: mask(b.email), sign: '[redacted]' };
  const moved = new Date();
  await inTransaction(pool, async (conn) => {
    await conn.query(
      'INSERT INTO payout_attempts (payout_id, operation, outcome, http_status, duration_ms, request, response, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)',
      [id, 'submit', 'accepted', answer.status, Date.now() - started, JSON.stringify(masked), answer.body, moved],
    );
    await transition(conn, id, 1, { attempts: 1, last_error: null, provider_reference: data.platFormTradeNo, status: 'PROCESSING', next_poll_at: new Date(moved.getTime() + 30_000), lease_owner: null, lease_token: null, lease_expires_at: null }, moved, {
      merchantReference: input.merchantReference, tradeNo, from: 'CREATED', to: 'PROCESSING',
    });
  });
  return { status: 201, body: JSON.stringify({ id, merchantReference: input.merchantReference, tradeNo, providerReference: data.platFormTradeNo, status: 'PROCESSING', createdAt: now, updatedAt: moved }) };
}

/** One commit: the inbox row with its outcome, the transition and its event (unacknowledged until then, so a crash makes the gateway deliver again). */
async function callback(pool: Pool, raw: string): Promise<Answer> {
  const body = JSON.parse(raw) as Record<string, string>;
  if (body.sign !== sign(body)) return { status: 401, body: '{"message":"bad sign"}' };
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM payouts WHERE trade_no = ? LIMIT 1', [body.tradeNo]);
  const payout = rows[0];
  await inTransaction(pool, async (conn) => {
    let outcome = 'not_ours';
    const now = new Date();
    if (payout && Number(payout.amount) === Number(body.amount) * 100 && payout.status === 'PROCESSING') {
      const applied = await transition(conn, payout.id as string, payout.version as number, { status: 'SUCCEEDED', completed_at: now, next_poll_at: null }, now, {
        merchantReference: payout.merchant_reference, tradeNo: body.tradeNo, from: 'PROCESSING', to: 'SUCCEEDED',
      });
      outcome = applied ? 'applied' : 'duplicate';
    }
    await conn.query(
      'INSERT INTO payout_webhooks (channel, trade_no, headers, body, signature_ok, outcome, detail, received_at, processed_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)',
      [CHANNEL.code, body.tradeNo, '{"content-type":"application/json"}', JSON.stringify({ ...body, sign: '[redacted]' }), outcome, 'PROCESSING -> SUCCEEDED', now, now],
    );
  });
  return { status: 200, body: 'OK' };
}

/** UPDATE … WHERE id = ? AND version = ? plus the outbox row, inside the caller's transaction. */
async function transition(conn: PoolConnection, id: string, version: number, set: Record<string, unknown>, now: Date, event: Record<string, unknown>): Promise<boolean> {
  const columns = Object.keys(set).map((c) => `${c} = ?`).join(', ');
  const [result] = await conn.query<ResultSetHeader>(`UPDATE payouts SET ${columns}, version = ?, updated_at = ? WHERE id = ? AND version = ?`, [...Object.values(set), version + 1, now, id, version]);
  if (!result.affectedRows) return false;
  const eventId = `${id}:${version + 1}`;
  const payload = { eventId, payoutId: id, channel: CHANNEL.code, ...event, amount: '150000.00', currency: CHANNEL.currency, failure: null, occurredAt: now.toISOString() };
  await conn.query('INSERT INTO payout_outbox (event_id, payout_id, to_status, payload, created_at, published_at) VALUES (?, ?, ?, ?, ?, NULL)', [eventId, id, event.to, JSON.stringify(payload), now]);
  return true;
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
