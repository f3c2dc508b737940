import request from 'supertest';
import { OutboxPurger } from '../src/payouts';
import { CapturedLogger } from './support/captured-logger';
import { RecordingPublisher } from './support/recording-publisher';
import { createTestApp, TestApp } from './support/test-app';

let seq = 0;
async function settled(t: TestApp, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { payout } = await t.service.create({
      merchantReference: `delivery-${++seq}-${Date.now()}`, channel: 'fake-idr', amount: '100', currency: 'IDR',
      beneficiary: { name: 'Budi', accountNumber: '1234567890' },
    });
    await t.service.refresh(payout.id); // the fake gateway settles it: PROCESSING, then SUCCEEDED
    ids.push(payout.id);
  }
  return ids;
}

const outboxRow = async (t: TestApp, eventId: string) =>
  (await t.dataSource.query('SELECT attempts, published_at AS published, dead_lettered_at AS dead, last_error AS error FROM payout_outbox WHERE event_id = ?', [eventId]))[0] as {
    attempts: number; published: unknown; dead: unknown; error: string | null;
  };

const metric = async (t: TestApp, line: string) => {
  const text = (await request(t.url).get('/metrics').expect(200)).text;
  return text.split('\n').find((l) => l.startsWith(line))?.split(' ').pop();
};

describe('event delivery: per-payout order, dead letters, replay', () => {
  const publisher = new RecordingPublisher();
  const logger = new CapturedLogger();
  let t: TestApp;
  beforeAll(async () => {
    // Backoff 20 ms, doubling, at most 30 ms: attempts wait 20, then 30 (not 40).
    t = await createTestApp({ logger, payouts: { events: { enabled: false, publisher, maxAttempts: 3, retry: { firstDelayMs: 20, maxDelayMs: 30 } } } });
  });
  afterAll(() => t.close());

  it('holds back only the poisoned payout, dead-letters its event after the attempts, and a replay delivers it and what waited behind it', async () => {
    const ids = await settled(t, 12);
    const poisoned = ids[4];
    publisher.fails = (d) => d.payoutId === poisoned;
    const head = `${poisoned}:2`;
    for (let round = 0; round < 30 && !(await outboxRow(t, head)).dead; round++) {
      await t.dispatcher.dispatchPending();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }

    // Every other payout flowed, in order; the poisoned one delivered nothing, tried 3 times.
    for (const id of ids) expect([id, publisher.movesOf(id)]).toEqual([id, id === poisoned ? [] : ['PROCESSING', 'SUCCEEDED']]);
    expect(publisher.seen.find((s) => s.to === 'SUCCEEDED')?.names).toEqual(['payout.status_changed', 'payout.succeeded']);
    expect(await outboxRow(t, head)).toMatchObject({ attempts: 3, published: null, error: `poisoned ${head}` });
    expect((await outboxRow(t, head)).dead).not.toBeNull();
    // Its later event never went out: it waits behind the dead letter, with no attempt spent.
    expect(await outboxRow(t, `${poisoned}:3`)).toMatchObject({ attempts: 0, published: null, dead: null });
    expect(await metric(t, 'payouts_events_total{outcome="dead_lettered"}')).toBe('1');
    expect(await metric(t, 'payouts_events_total{outcome="failed"}')).toBe('2');
    expect(await metric(t, 'payouts_events_dead_letters')).toBe('1');
    // Each event taken is counted once: two for each of the 11 other payouts.
    expect(await metric(t, 'payouts_events_total{outcome="published"}')).toBe(String(publisher.seen.length));
    expect(publisher.seen).toHaveLength(22);
    expect(logger.messages('warn', 'PayoutEvents').filter((m) => m.includes(head))).toEqual([
      `Payout event ${head} attempt 1 failed, next in 20 ms: poisoned ${head}`,
      `Payout event ${head} attempt 2 failed, next in 30 ms: poisoned ${head}`,
      `Payout event ${head} dead-lettered after 3 attempts: poisoned ${head}`,
    ]);
    const list = (await request(t.url).get('/payouts/events/dead-letters').expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ eventId: head, payoutId: poisoned, to: 'PROCESSING', attempts: 3, lastError: `poisoned ${head}` })]);

    // The host fixes its side; an operator replays the dead letter.
    publisher.fails = () => false;
    await request(t.url).post(`/payouts/events/${encodeURIComponent(head)}/replay`).expect(202, { eventId: head, status: 'pending' });
    expect(await t.dispatcher.dispatchPending()).toBe(2);
    expect(publisher.movesOf(poisoned)).toEqual(['PROCESSING', 'SUCCEEDED']);
    expect(await metric(t, 'payouts_events_dead_letters')).toBe('0');
    expect((await request(t.url).get('/payouts/events/dead-letters').expect(200)).body).toEqual([]);
    await request(t.url).post(`/payouts/events/${encodeURIComponent(head)}/replay`).expect(409);
    await request(t.url).post(`/payouts/events/${encodeURIComponent(`${poisoned}:99`)}/replay`).expect(404);
    // Only the replay that changed something is in the audit trail, with the event it replayed.
    const history = (await request(t.url).get(`/payouts/${poisoned}/history`).expect(200)).body;
    expect(history.audit.filter((a: { action: string }) => a.action === 'replay').map((a: { note: string }) => a.note)).toEqual([head]);
  });

  it('counts a delivery that is not taken within publishTimeoutMs as failed', async () => {
    const stalled = await createTestApp({
      payouts: { events: { enabled: false, publishTimeoutMs: 50, leaseMs: 1_000, publisher: { target: 'a black hole', publish: () => new Promise<void>(() => undefined) } } },
    });
    try {
      const [id] = await settled(stalled, 1);
      expect(await stalled.dispatcher.dispatchPending()).toBe(0);
      expect(await outboxRow(stalled, `${id}:2`)).toMatchObject({ attempts: 1, published: null, error: 'not taken within 50 ms' });
    } finally {
      await stalled.close();
    }
  });
});

describe('the outbox purge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ payouts: { events: { enabled: false, publisher: new RecordingPublisher(), retentionMs: 60_000 } } });
  });
  afterAll(() => t.close());

  it('deletes published rows past the retention period, in batches, and keeps recent, unpublished and dead-lettered ones', async () => {
    const [recent] = await settled(t, 1);
    await t.dispatcher.dispatchPending();
    // 1,201 rows published two minutes ago (more than two purge batches), one old dead letter, one old unpublished row.
    // As both databases store datetime(3): UTC, no zone suffix.
    const old = new Date(Date.now() - 120_000).toISOString().replace('T', ' ').replace('Z', '');
    const rows = Array.from({ length: 1203 }, (_, i) => i);
    for (let i = 0; i < rows.length; i += 400) {
      const chunk = rows.slice(i, i + 400);
      await t.dataSource.query(
        `INSERT INTO payout_outbox (event_id, payout_id, to_status, payload, created_at, published_at, dead_lettered_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((n) => [`old-${n}:2`, `old-${n}`, 'PROCESSING', '{}', old, n < 1201 ? old : null, n === 1201 ? old : null]),
      );
    }
    expect(await t.app.get(OutboxPurger).purge()).toBe(1201);
    const left = (await t.dataSource.query('SELECT event_id AS id FROM payout_outbox ORDER BY sequence')).map((r: { id: string }) => r.id);
    expect(left).toEqual([`${recent}:2`, `${recent}:3`, 'old-1201:2', 'old-1202:2']);
    expect(await t.app.get(OutboxPurger).purge()).toBe(0);
  });
});
