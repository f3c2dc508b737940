import { EventEmitter2 } from '@nestjs/event-emitter';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { PAYOUT_ENTITIES, PAYOUT_MIGRATIONS, PayoutEvents, PayoutStatusChangedEvent } from '../src/payouts';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql, testDatabaseOptions } from './support/test-database';

/** A database that outlives one app instance: the MariaDB test database, or a SQLite file. */
function durableDatabase(dir: string, fresh: boolean): DataSourceOptions {
  if (onMysql) return testDatabaseOptions(fresh);
  return { type: 'better-sqlite3', database: join(dir, 'events.sqlite'), entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true };
}

function collect(t: TestApp, into: { name: string; event: PayoutStatusChangedEvent }[]) {
  const emitter = t.app.get(EventEmitter2);
  for (const name of Object.values(PayoutEvents)) emitter.on(name, (event: PayoutStatusChangedEvent) => void into.push({ name, event }));
}

describe('domain events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payout-events-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes exactly one payout.succeeded per payout after deduplication, across a restart', async () => {
    const seen: { name: string; event: PayoutStatusChangedEvent }[] = [];
    // No backoff: the second app takes over the failed events at once.
    const payouts = { events: { retry: { firstDelayMs: 0 } } };
    const first = await createTestApp({ database: durableDatabase(dir, true), payouts });
    collect(first, seen);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { payout } = await first.service.create({
        merchantReference: `ev-${i}`, channel: 'fake-idr', amount: '100', currency: 'IDR',
        beneficiary: { name: i === 9 ? 'FAIL' : 'Budi', accountNumber: '1234567890' },
      });
      ids.push(payout.id);
    }
    // Half the events go out before the "crash"; a listener failure leaves the rest in the outbox
    // (the failures are recorded, so nothing rejects).
    for (const id of ids) await first.service.refresh(id);
    let calls = 0;
    first.app.get(EventEmitter2).on(PayoutEvents.STATUS_CHANGED, () => {
      if (++calls > 10) throw new Error('listener down');
    });
    await first.dispatcher.dispatchPending();
    await first.close();
    const before = seen.length;
    expect(before).toBeGreaterThan(0);

    const second = await createTestApp({ database: durableDatabase(dir, false), payouts });
    collect(second, seen);
    await second.dispatcher.dispatchPending();
    expect(seen.length).toBeGreaterThan(before);
    await second.close();

    const unique = new Map(seen.map((s) => [`${s.name}|${s.event.eventId}`, s]));
    const succeeded = [...unique.values()].filter((s) => s.name === PayoutEvents.SUCCEEDED);
    expect(succeeded.map((s) => s.event.payoutId).sort()).toEqual(ids.slice(0, 9).sort());
    const failed = [...unique.values()].filter((s) => s.name === PayoutEvents.FAILED);
    expect(failed.map((s) => s.event.payoutId)).toEqual([ids[9]]);
    // In order per payout: PROCESSING before the final state.
    for (const id of ids) {
      const moves = [...unique.values()].filter((s) => s.name === PayoutEvents.STATUS_CHANGED && s.event.payoutId === id).map((s) => s.event.to);
      expect(moves).toEqual(['PROCESSING', id === ids[9] ? 'FAILED' : 'SUCCEEDED']);
    }
    const sample = succeeded[0].event;
    expect(sample).toMatchObject({ from: 'PROCESSING', to: 'SUCCEEDED', channel: 'fake-idr', currency: 'IDR', amount: '100.00' });
    expect(sample.eventId).toBe(`${sample.payoutId}:3`);
  });

  it('drains more events than one batch holds, each once, and then stops', async () => {
    const t = await createTestApp();
    try {
      const seen: { name: string; event: PayoutStatusChangedEvent }[] = [];
      collect(t, seen);
      for (let i = 0; i < 120; i++) {
        const { payout } = await t.service.create({
          merchantReference: `batch-${i}`, channel: 'fake-idr', amount: '100', currency: 'IDR', beneficiary: { name: 'Budi', accountNumber: '1234567890' },
        });
        await t.service.refresh(payout.id);
      }
      expect(await t.dispatcher.dispatchPending()).toBe(240);
      expect(await t.dispatcher.dispatchPending()).toBe(0);
      expect(seen.filter((s) => s.name === PayoutEvents.STATUS_CHANGED)).toHaveLength(240);
      expect(seen.filter((s) => s.name === PayoutEvents.SUCCEEDED)).toHaveLength(120);
    } finally {
      await t.close();
    }
  });
});
