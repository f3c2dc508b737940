import { EntityManager } from 'typeorm';
import { PayoutRepository } from '../src/payouts/persistence/payout.repository';
import { createTestApp, TestApp } from './support/test-app';
import { onMysql } from './support/test-database';

/** A promise and the function that resolves it. */
function signal(): { done: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const done = new Promise<void>((resolve) => (fire = resolve));
  return { done, fire };
}

// SQLite has one connection and serializes writes: two transactions never hold locks at once there.
(onMysql ? describe : describe.skip)('deadlocks on MySQL/MariaDB', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('retries the transaction the database chose as the deadlock victim, so both succeed', async () => {
    const ids: string[] = [];
    for (const ref of ['deadlock-a', 'deadlock-b']) {
      const { payout } = await t.service.create({
        merchantReference: ref, channel: 'fake-idr', amount: '1000.00', currency: 'IDR', beneficiary: { name: 'Budi', accountNumber: '1234567890' },
      });
      ids.push(payout.id);
    }
    const attemptsOf = async () =>
      ((await t.dataSource.query('SELECT attempts FROM payouts WHERE id IN (?, ?) ORDER BY id', ids)) as { attempts: number }[]).map((r) => Number(r.attempts));
    const before = await attemptsOf();
    const repo = t.app.get(PayoutRepository);
    const bump = (m: EntityManager, id: string) => m.query('UPDATE payouts SET attempts = attempts + 1 WHERE id = ?', [id]);
    const locked = [signal(), signal()];
    let runs = 0;
    // Each locks its first row, waits until the other has locked its own, then asks for the other's.
    const crosswise = (mine: number) =>
      repo.transaction(async (m) => {
        runs++;
        await bump(m, ids[mine]);
        locked[mine].fire();
        await locked[1 - mine].done;
        await bump(m, ids[1 - mine]);
      });

    await Promise.all([crosswise(0), crosswise(1)]);
    expect(runs).toBe(3); // one deadlock, one retry
    expect(await attemptsOf()).toEqual(before.map((n) => n + 2));
  });
});
