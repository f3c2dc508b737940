import { RecordingPublisher } from './support/recording-publisher';
import { eventually } from './support/eventually';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql, testDatabaseOptions } from './support/test-database';

const COUNT = 1000;

// Two instances in one process share the database exactly as two processes would: every claim
// goes through MariaDB. (SQLite serves one process: see the README's known limits.)
(onMysql ? describe : describe.skip)('two instances publishing one MariaDB outbox', () => {
  const publisher = new RecordingPublisher();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const events = { enabled: false, batchSize: 50 };
    a = await createTestApp({ payouts: { instanceId: 'instance-a', events: { ...events, publisher: publisher.as('a') } } });
    b = await createTestApp({ payouts: { instanceId: 'instance-b', events: { ...events, publisher: publisher.as('b') } }, database: testDatabaseOptions(false) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it(`publishes each event of ${COUNT} settled payouts once, by one instance, in order per payout`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          a.service.create({ merchantReference: `multi-ev-${i + j}`, channel: 'fake-idr', amount: '100', currency: 'IDR', beneficiary: { name: 'Budi', accountNumber: '1234567890' } }),
        ),
      );
      ids.push(...batch.map((r) => r.payout.id));
    }
    // Both dispatchers run flat out while the payouts settle (through a: the fake gateway is in its memory).
    let settling = true;
    const pump = async (t: TestApp) => {
      while (settling) {
        await t.dispatcher.tick();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const pumps = [pump(a), pump(b)];
    try {
      for (let i = 0; i < COUNT; i += 50) await Promise.all(ids.slice(i, i + 50).map((id) => a.service.refresh(id)));
      await eventually(() => expect(publisher.seen.length).toBeGreaterThanOrEqual(2 * COUNT), 60_000);
    } finally {
      settling = false;
      await Promise.all(pumps);
    }

    const byEvent = new Map<string, number>();
    for (const s of publisher.seen) byEvent.set(s.eventId, (byEvent.get(s.eventId) ?? 0) + 1);
    expect(byEvent.size).toBe(2 * COUNT);
    expect([...byEvent.values()].filter((n) => n !== 1)).toEqual([]);
    for (const id of ids) expect([id, publisher.movesOf(id)]).toEqual([id, ['PROCESSING', 'SUCCEEDED']]);
    const by = (name: string) => publisher.seen.filter((s) => s.by === name).length;
    expect(by('a')).toBeGreaterThan(0);
    expect(by('b')).toBeGreaterThan(0);
    const [{ n }] = await a.dataSource.query('SELECT COUNT(*) AS n FROM payout_outbox WHERE published_at IS NULL');
    expect(Number(n)).toBe(0);
  }, 120_000);
});
