import { CanActivate, ExecutionContext } from '@nestjs/common';
import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { sendFakeCallback } from './support/fake-callbacks';
import { ADAPTERS, createTestApp, TestApp } from './support/test-app';

/** A host's own guard: only requests from the operations role pass. */
class OpsOnly implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-role'] === 'ops';
  }
}

const body = (merchantReference: string) => ({
  merchantReference, channel: 'fake-idr', amount: '1000.00', currency: 'IDR', beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

describe.each(ADAPTERS)('the guards option on %s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ adapter, payouts: { guards: [new OpsOnly()] } });
  });
  afterAll(() => t.close());

  it('answers 403 on the REST endpoints when a guard refuses, and creates nothing', async () => {
    const { payout } = await t.service.create(body(`guarded-${adapter}-1`));
    await request(t.url).get('/payouts').expect(403);
    await request(t.url).get(`/payouts/${payout.id}`).expect(403);
    await request(t.url).post(`/payouts/${payout.id}/refresh`).expect(403);
    await request(t.url).post('/payouts').send(body(`guarded-${adapter}-2`)).expect(403);
    expect(await t.service.getByMerchantReference(`guarded-${adapter}-2`)).toBeNull();
    const allowed = await request(t.url).get(`/payouts/${payout.id}`).set('x-role', 'ops').expect(200);
    expect(allowed.body.id).toBe(payout.id);
  });

  it('leaves the callbacks open', async () => {
    const { payout } = await t.service.create(body(`guarded-${adapter}-3`));
    const res = await sendFakeCallback(t.url, 'fake-idr', { tradeNo: payout.tradeNo, status: 'SUCCEEDED', amount: 100_000 });
    expect(res.status).toBe(200);
    expect((await t.service.get(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
  });
});
