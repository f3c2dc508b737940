import { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { Sandbox, startSandbox } from '../src/sandbox';
import { sandboxRequest, SANDBOX_CHANNEL_CODES } from '../src/example/sample-payouts';
import { eventually } from './support/eventually';
import { createTestApp, TestApp } from './support/test-app';

/** Keeps every line the app logs, at every level. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...parts: unknown[]) => void this.lines.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
  fatal = this.keep;
}

// Distinctive values, so that a match cannot be a coincidence.
const ACCOUNT = '5551234567';
const CLABE = '646180157000000004';
const CCI = '00219400254640659876';
const DNI = '87654321';
const PHONE = '081298765432';

function personalRequest(channel: string, ref: string, name: string) {
  const body = sandboxRequest(channel, ref, name) as { beneficiary: Record<string, string> };
  if (channel === 'cashy-per') Object.assign(body.beneficiary, { accountNumber: CCI, cci: CCI, idNumber: DNI });
  else if (channel === 'paypro-mex') Object.assign(body.beneficiary, { accountNumber: CLABE, idNumber: DNI });
  else Object.assign(body.beneficiary, { accountNumber: ACCOUNT, phone: PHONE });
  return body;
}

describe('secrets and personal data stay out of logs and stored records', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 50, timeScale: 0.001, faults: { duplicateCallbacks: 1, forgedCallbacks: 1 } });
    t = await createTestApp({ channels: sandbox.channels, logger });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('records attempts, inbox and outbox with no secret and no full account, CCI, id or phone number', async () => {
    let i = 0;
    const ids: string[] = [];
    for (const channel of SANDBOX_CHANNEL_CODES) {
      for (const name of ['Budi Santoso', 'Siti FAIL']) {
        const res = await request(t.url).post('/payouts').send(personalRequest(channel, `priv-${i++}`, name)).expect(201);
        expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`${ACCOUNT}|${CLABE}|${CCI}|${DNI}|${PHONE}`));
        ids.push(res.body.id);
      }
    }
    // Wait until every order's forged, genuine and duplicate callbacks have been answered and each
    // payout's final move is logged, then query every payout once more.
    await eventually(async () => {
      for (const simulator of Object.values(sandbox.simulators)) {
        for (const order of Object.values(simulator.ledger.snapshot().orders)) {
          const kinds = order.callbacks.map((c) => c.kind);
          expect(kinds).toEqual(expect.arrayContaining(['forged', 'notify', 'duplicate']));
        }
      }
      for (const id of ids) {
        const { status } = (await request(t.url).get(`/payouts/${id}`).expect(200)).body as { status: string };
        expect(['SUCCEEDED', 'FAILED']).toContain(status);
        expect(logger.lines.some((line) => line.includes('payout status changed') && line.includes(id) && line.includes(`"to":"${status}"`))).toBe(true);
      }
    }, 15_000, 50);
    for (const id of ids) await request(t.url).post(`/payouts/${id}/refresh`).expect(200);

    const [{ rejected }] = await t.dataSource.query(`SELECT COUNT(*) AS rejected FROM payout_webhooks WHERE outcome = 'rejected'`);
    expect(Number(rejected)).toBeGreaterThan(0);
    const stored = [
      ...(await t.dataSource.query('SELECT * FROM payout_attempts')),
      ...(await t.dataSource.query('SELECT * FROM payout_webhooks')),
      ...(await t.dataSource.query('SELECT * FROM payout_outbox')),
    ].map((row) => JSON.stringify(row));
    expect(stored.length).toBeGreaterThan(30);
    const forbidden = [...sandbox.channels.map((c) => c.secret!), ACCOUNT, CLABE, CCI, DNI, PHONE];
    for (const text of [...stored, ...logger.lines]) {
      for (const value of forbidden) expect(text).not.toContain(value);
    }
    expect(logger.lines.length).toBeGreaterThan(0);
  });
});
