import type { LedgerOrder, LedgerSnapshot } from '../../src/sandbox';

/**
 * The money counters of the chaos run and the crash-recovery test (issue 12), computed from the
 * gateways' ledgers, the stored rows and what the API answered. Amounts are read here with this
 * file's own decimal arithmetic, never the module's money code, so that a bug there cannot hide.
 */

/** A stored payout as read from the database (snake_case columns). */
export interface StoredPayout {
  id: string;
  merchant_reference: string;
  trade_no: string;
  status: string;
  channel: string;
  currency: string;
  /** Minor units; MySQL/MariaDB hand BIGINT back as a string. */
  amount: number | string;
}

/** A 200/201 answer to POST /payouts, and what was asked for. */
export interface PayoutAnswer {
  reference: string;
  status: number;
  body: { id?: string; amount?: string; channel?: string; currency?: string };
  requested: { amount: string; channel: string; currency: string };
}

export interface MoneyCounters {
  /** Payouts FAILED or CANCELLED while the gateway has the order paid (succeeded or reversed). */
  failedWhilePaid: number;
  /** Intents (the load's merchant reference, sent as the remark) with more than one order accepted. */
  intentsPaidTwice: number;
  /** Orders accepted under a trade number that no stored payout has: money the host does not know left. */
  ordersWithoutPayout: number;
  /** 200/201 answers whose payout is absent afterwards, or whose id, amount or channel differs from the row or the request. */
  answersLostOrChanged: number;
  /** Orders whose amount (in the gateway's format) is not the row's amount in minor units. */
  amountsDiffer: number;
  /** Trade numbers accepted more than once (the gateways refuse a duplicate first: a tripwire only). */
  doublePaid: number;
  examples: string[];
}

/** Minor-unit exponents of the sandbox currencies, written out here rather than taken from the module. */
const EXPONENT: Readonly<Record<string, number>> = { IDR: 2, MXN: 2, PEN: 2 };

/**
 * A plain decimal ("150000", "150.00") in minor units, exactly (string digits, no float);
 * undefined when it is not one, or has more decimals than the currency.
 */
export function minorUnits(text: unknown, currency: string): bigint | undefined {
  const exponent = EXPONENT[currency];
  if (exponent === undefined || typeof text !== 'string') return undefined;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return undefined;
  return BigInt(m[1] + fraction.padEnd(exponent, '0'));
}

const PAID = new Set(['succeeded', 'reversed']);

export function moneyCounters(rows: StoredPayout[], books: LedgerSnapshot[], answers: PayoutAnswer[] = []): MoneyCounters {
  const examples: string[] = [];
  const note = (line: string) => void (examples.length < 20 && examples.push(line));
  const byTradeNo = new Map(rows.map((r) => [r.trade_no, r]));
  const byReference = new Map(rows.map((r) => [r.merchant_reference, r]));
  const orders: LedgerOrder[] = books.flatMap((b) => Object.values(b.orders));
  const orderOf = new Map(orders.map((o) => [o.tradeNo, o]));

  let failedWhilePaid = 0;
  for (const row of rows) {
    const order = orderOf.get(row.trade_no);
    if ((row.status === 'FAILED' || row.status === 'CANCELLED') && order && PAID.has(order.state)) {
      failedWhilePaid++;
      note(`${row.merchant_reference} ${row.trade_no}: ${row.status}, gateway ${order.state}`);
    }
  }

  // The intent travels as the remark; without one, the row its trade number belongs to names it.
  const perIntent = new Map<string, string[]>();
  let ordersWithoutPayout = 0;
  let amountsDiffer = 0;
  for (const order of orders) {
    const row = byTradeNo.get(order.tradeNo);
    const remark = typeof order.request.remark === 'string' && order.request.remark !== '' ? order.request.remark : undefined;
    const intent = remark ?? row?.merchant_reference ?? `trade number ${order.tradeNo}`;
    perIntent.set(intent, [...(perIntent.get(intent) ?? []), order.tradeNo]);
    if (!row) {
      ordersWithoutPayout++;
      note(`order ${order.tradeNo} (${intent}, ${order.state}): no payout has this trade number`);
      continue;
    }
    const sent = minorUnits(order.amount, row.currency);
    if (sent === undefined || sent !== BigInt(row.amount)) {
      amountsDiffer++;
      note(`${row.merchant_reference} ${order.tradeNo}: gateway has ${order.amount}, row ${row.amount} ${row.currency} minor units`);
    }
  }
  let intentsPaidTwice = 0;
  for (const [intent, tradeNos] of perIntent) {
    if (tradeNos.length < 2) continue;
    intentsPaidTwice++;
    note(`${intent}: ${tradeNos.length} orders (${tradeNos.join(', ')})`);
  }

  let answersLostOrChanged = 0;
  for (const a of answers) {
    const row = byReference.get(a.reference);
    const answered = minorUnits(a.body.amount, a.requested.currency);
    const problem = !row
      ? 'nothing stored'
      : row.id !== a.body.id
        ? `stored id ${row.id}`
        : answered === undefined || answered !== BigInt(row.amount) || answered !== minorUnits(a.requested.amount, a.requested.currency)
          ? `amount answered ${a.body.amount}, stored ${row.amount} minor units, asked ${a.requested.amount}`
          : row.channel !== a.body.channel || row.channel !== a.requested.channel
            ? `channel answered ${a.body.channel}, stored ${row.channel}, asked ${a.requested.channel}`
            : undefined;
    if (problem) {
      answersLostOrChanged++;
      note(`${a.reference}: answered ${a.status} ${a.body.id}, ${problem}`);
    }
  }

  let doublePaid = 0;
  for (const b of books) for (const stats of Object.values(b.trades)) if (stats.acceptedCreates > 1) doublePaid++;

  return { failedWhilePaid, intentsPaidTwice, ordersWithoutPayout, answersLostOrChanged, amountsDiffer, doublePaid, examples };
}

/** The counters as the end of the chaos line prints them. */
export function moneyLine(c: MoneyCounters): string {
  return `${c.failedWhilePaid} failed while paid, ${c.intentsPaidTwice} intents paid twice, ${c.ordersWithoutPayout} orders without a payout, ` +
    `${c.answersLostOrChanged} answers lost or changed, ${c.amountsDiffer} amounts differ`;
}
