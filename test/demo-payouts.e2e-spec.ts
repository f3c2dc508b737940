import { seedDemoPayouts } from '../src/example/demo-payouts';
import { PayoutStatus } from '../src/payouts';
import { Sandbox, startSandbox } from '../src/sandbox';
import { eventually } from './support/eventually';
import { createTestApp, TestApp } from './support/test-app';

describe('the example app on the sandbox, first start', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 100, timeScale: 0.001 });
    t = await createTestApp({ channels: sandbox.channels });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  it('sends demo payouts through the real flow on every channel, once, and they settle as the sandbox decides', async () => {
    expect(await seedDemoPayouts(t.service)).toBe(15);
    expect(await seedDemoPayouts(t.service)).toBe(0);
    const counts = await eventually(async () => {
      const { items } = await t.service.list({ limit: 50 });
      const byStatus: Record<string, number> = {};
      for (const p of items) byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
      expect(byStatus).toEqual({ [PayoutStatus.SUCCEEDED]: 10, [PayoutStatus.FAILED]: 3, [PayoutStatus.CANCELLED]: 1, [PayoutStatus.PROCESSING]: 1 });
      return { channels: new Set(items.map((p) => p.channel)).size };
    }, 15_000);
    expect(counts.channels).toBe(4);
  }, 30_000);
});
