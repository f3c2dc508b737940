import request from 'supertest';
import { ApiKeyOptions, FakePayoutProvider, PayoutStatus } from '../src/payouts';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { sendFakeCallback } from './support/fake-callbacks';
import { createTestApp, TestApp } from './support/test-app';

const key = (id: string) => `${id}-key-0123456789abcdef`;
const APPROVERS = Array.from({ length: 20 }, (_, i) => `approver-${i}`);
const KEYS: ApiKeyOptions[] = [
  { id: 'maker', key: key('maker'), roles: ['operator', 'approver'] },
  { id: 'operator', key: key('operator'), roles: ['operator'] },
  { id: 'admin', key: key('admin'), roles: ['admin'] },
  ...APPROVERS.map((id) => ({ id, key: key(id), roles: ['approver' as const] })),
];

let seq = 0;
const body = (amount: string) => ({
  merchantReference: `approval-${Date.now()}-${++seq}`, channel: 'fake-idr', amount, currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

/** Over 10,000,000 IDR one approval, over 100,000,000 two (the example policy). */
describe('approvals (maker-checker)', () => {
  let t: TestApp;
  const as = (id: string) => ({ 'x-api-key': key(id) });
  const submissions = (tradeNo: string) => (t.registry.get('fake-idr') as FakePayoutProvider).submissions.get(tradeNo) ?? 0;
  const create = async (amount: string, by = 'maker') => (await request(t.url).post('/payouts').set(as(by)).send(body(amount)).expect(201)).body;
  const act = (id: string, action: string, by: string, payload: object = {}) => request(t.url).post(`/payouts/${id}/${action}`).set(as(by)).send(payload);

  beforeAll(async () => {
    t = await createTestApp({
      payouts: {
        apiKeys: KEYS,
        approvals: { 'fake-idr': { thresholds: [{ over: '10000000', approvals: 1 }, { over: '100000000', approvals: 2 }] } },
      },
    });
  });
  afterAll(() => t.close());

  it('sends a payout under every threshold at once', async () => {
    const payout = await create('9999999.99');
    expect(payout.status).toBe(PayoutStatus.PROCESSING);
    expect(submissions(payout.tradeNo)).toBe(1);
  });

  it('keeps a payout over the threshold unsent until someone other than its creator approves it, then sends it once', async () => {
    const payout = await create('10000000.01');
    expect(payout.status).toBe(PayoutStatus.PENDING_APPROVAL);
    expect(submissions(payout.tradeNo)).toBe(0);

    const own = await act(payout.id, 'approve', 'maker').expect(409);
    expect(own.body.message).toBe(`maker created payout ${payout.id} and cannot approve it`);
    await act(payout.id, 'approve', 'operator').expect(403);

    const approved = await act(payout.id, 'approve', 'approver-0', { note: 'invoice checked' }).expect(200);
    expect(approved.body.status).toBe(PayoutStatus.PROCESSING);
    expect(submissions(payout.tradeNo)).toBe(1);
    expect((await act(payout.id, 'approve', 'approver-1').expect(409)).body.message).toMatch(/is PROCESSING: only a payout waiting for approval/);
    expect(submissions(payout.tradeNo)).toBe(1);

    const history = (await request(t.url).get(`/payouts/${payout.id}/history`).set(as('admin')).expect(200)).body;
    expect(history.approval).toEqual({ required: 1, createdBy: 'maker', approvedBy: ['approver-0'], rejectedBy: [] });
    expect(history.audit.map((a: { action: string; principal: string }) => `${a.action} by ${a.principal}`)).toEqual([
      'create by maker', 'approve by approver-0', 'release by approver-0',
    ]);
    expect(history.audit[1].note).toBe('invoice checked');
    expect(JSON.stringify(history)).not.toContain(key('approver-0'));
  });

  it('needs two distinct approvers over the higher threshold; one principal counts once', async () => {
    const payout = await create('100000000.01');
    await act(payout.id, 'approve', 'approver-0').expect(200);
    expect((await act(payout.id, 'approve', 'approver-0').expect(409)).body.message).toBe(`approver-0 has already decided on payout ${payout.id}`);
    expect((await t.service.get(payout.id)).status).toBe(PayoutStatus.PENDING_APPROVAL);
    expect(submissions(payout.tradeNo)).toBe(0);
    await act(payout.id, 'approve', 'approver-1').expect(200);
    expect(submissions(payout.tradeNo)).toBe(1);
  });

  it('cancels a rejected payout, never sent, with the reason; a later approval is refused', async () => {
    const payout = await create('20000000');
    await act(payout.id, 'reject', 'approver-2', {}).expect(400);
    const rejected = await act(payout.id, 'reject', 'approver-2', { reason: 'beneficiary not verified' }).expect(200);
    expect(rejected.body).toMatchObject({ status: PayoutStatus.CANCELLED, failure: { code: 'REJECTED', message: 'rejected by approver-2: beneficiary not verified' } });
    await act(payout.id, 'approve', 'approver-3').expect(409);
    expect(submissions(payout.tradeNo)).toBe(0);
  });

  it('sends a payout once however many approvers approve it at the same moment', async () => {
    const payout = await create('50000000');
    const answers = await Promise.all(APPROVERS.map((id) => act(payout.id, 'approve', id)));
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    expect(submissions(payout.tradeNo)).toBe(1);
    expect((await t.service.get(payout.id)).status).toBe(PayoutStatus.PROCESSING);
  });

  it('cancels a payout whose approval did not come before its window ended', async () => {
    const payout = await create('30000000');
    await t.dataSource.getRepository(PayoutEntity).update(payout.id, { nextPollAt: new Date(Date.now() - 1_000) });
    await t.poller.pollOnce();
    expect(await t.service.get(payout.id)).toMatchObject({ status: PayoutStatus.CANCELLED, failure: { code: 'APPROVAL_EXPIRED' } });
    expect(submissions(payout.tradeNo)).toBe(0);
  });

  it('cancels only what was never sent', async () => {
    const pending = await create('40000000');
    expect((await act(pending.id, 'cancel', 'operator', { note: 'duplicate of invoice 7' }).expect(200)).body.status).toBe(PayoutStatus.CANCELLED);
    const sent = await create('1000');
    expect((await act(sent.id, 'cancel', 'operator').expect(409)).body.message).toMatch(/is PROCESSING, sent to its gateway: only a payout never sent/);
  });

  it('ignores a callback for a payout waiting for approval: nothing was sent, so no gateway knows it', async () => {
    const payout = await create('60000000');
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: payout.tradeNo, status: 'FAILED', amount: 6_000_000_000 });
    await sendFakeCallback(t.url, 'fake-idr', { tradeNo: payout.tradeNo, status: 'SUCCEEDED', amount: 6_000_000_000 });
    expect((await t.service.get(payout.id)).status).toBe(PayoutStatus.PENDING_APPROVAL);
  });

  it('clears the attention flag with a note, once', async () => {
    const payout = await create('1000');
    await t.dataSource.query("UPDATE payouts SET attention = 1, attention_reason = 'amount mismatch' WHERE id = ?", [payout.id]);
    expect((await act(payout.id, 'acknowledge', 'operator', { note: 'gateway fixed its amount' }).expect(200)).body.attention).toBe(false);
    await act(payout.id, 'acknowledge', 'operator').expect(409);
    const history = (await request(t.url).get(`/payouts/${payout.id}/history`).set(as('admin')).expect(200)).body;
    expect(history.audit.map((a: { action: string }) => a.action)).toEqual(['create', 'acknowledge']);
  });
});

describe('per-beneficiary daily limits', () => {
  let t: TestApp;
  const headers = { 'x-api-key': key('maker') };
  const to = (accountNumber: string, amount: string, name = 'Budi Santoso') =>
    request(t.url).post('/payouts').set(headers).send({ ...body(amount), beneficiary: { name, accountNumber } }).expect(201).then((r) => r.body.status);

  beforeAll(async () => {
    t = await createTestApp({
      payouts: {
        apiKeys: KEYS,
        approvals: { 'fake-idr': { thresholds: [{ over: '1000000000', approvals: 2 }], perBeneficiaryDaily: { count: 2, amount: '3000000' } } },
      },
    });
  });
  afterAll(() => t.close());

  it('holds a beneficiary’s third payout of the day for approval, not another beneficiary’s', async () => {
    expect(await to('1111111111', '1000000')).toBe(PayoutStatus.PROCESSING);
    expect(await to('1111111111', '1000000')).toBe(PayoutStatus.PROCESSING);
    expect(await to('1111111111', '1000')).toBe(PayoutStatus.PENDING_APPROVAL);
    expect(await to('2222222222', '1000')).toBe(PayoutStatus.PROCESSING);
  });

  it('holds a payout that takes the day’s amount past the limit; failed payouts do not count', async () => {
    expect(await to('3333333333', '3000000.01')).toBe(PayoutStatus.PENDING_APPROVAL);
    expect(await to('4444444444', '2000000', 'REFUSE me')).toBe(PayoutStatus.FAILED);
    expect(await to('4444444444', '2000000')).toBe(PayoutStatus.PROCESSING);
    expect(await to('4444444444', '1000000')).toBe(PayoutStatus.PROCESSING);
    expect(await to('4444444444', '0.01')).toBe(PayoutStatus.PENDING_APPROVAL);
  });
});
