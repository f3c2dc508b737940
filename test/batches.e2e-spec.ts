import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { BATCH_CSV_COLUMNS, CreatePayoutInput, PayoutBatchService, PayoutEvents } from '../src/payouts';
import { newTradeNo, uuidv7 } from '../src/payouts/domain/identifiers';
import { PayoutOutboxEntity } from '../src/payouts/events/payout-outbox.entity';
import { BatchCompletion } from '../src/payouts/lifecycle/batch-completion.service';
import { PayoutBatchRepository } from '../src/payouts/persistence/payout-batch.repository';
import { PayoutEntity } from '../src/payouts/persistence/payout.entity';
import { Sandbox, startSandbox } from '../src/sandbox';
import { sandboxRequest } from '../src/example/sample-payouts';
import { csvFile, idrRow, resultRows } from './support/batch-files';
import { eventually } from './support/eventually';
import { suiteDatabaseOptions } from './support/suite-database';
import { ADAPTERS, createTestApp, TestApp } from './support/test-app';

/** POST /payouts/batches and its reads, on both adapters, against the sandbox gateways. */
describe.each(ADAPTERS)('payout batches (%s)', (adapter) => {
  let sandbox: Sandbox;
  let t: TestApp;
  let seq = 0;
  const ref = (what: string) => `${what}-${adapter}-${++seq}`;
  const postCsv = (csv: string, query = '') => request(t.url).post(`/payouts/batches${query}`).set('content-type', 'text/csv').send(csv);

  beforeAll(async () => {
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 50, timeScale: 0.001 });
    t = await createTestApp({ adapter, channels: sandbox.channels, database: await suiteDatabaseOptions('batches'), payouts: { polling: { batchSize: 100, schedule: [100] } } });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('serves the CSV template: the documented header and an example row', async () => {
    const res = await request(t.url).get('/payouts/batches/template.csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.split('\r\n')[0]).toBe(BATCH_CSV_COLUMNS.join(','));
  });

  it('accepts the sample payroll file with 202, sends it through the poller, answers its results and completes it once', async () => {
    const csv = readFileSync(join(__dirname, '..', 'examples', 'payroll.csv'), 'utf8');
    const reference = ref('payroll');
    const accepted = await postCsv(csv, `?batchReference=${reference}`).expect(202);
    const { batch } = accepted.body;
    expect(batch).toMatchObject({ batchReference: reference, items: 6, existing: 0, rejected: 0, completedAt: null, counts: { CREATED: 6 } });
    expect(sandbox.simulators['paypro-idn'].counters.createRequests).toBe(0);
    // Completed by the last item's settling move itself (read from the table: a GET would complete it too).
    await eventually(async () => {
      await t.poller.tick();
      const [row] = await t.dataSource.query('SELECT completed_at FROM payout_batches WHERE id = ?', [batch.id]);
      expect(row.completed_at).not.toBeNull();
    }, 20_000, 100);
    const view = (await request(t.url).get(`/payouts/batches/${batch.id}`).expect(200)).body;
    expect(view.completedAt).not.toBeNull();
    expect(view.counts).toEqual({ SUCCEEDED: 5, FAILED: 1 });
    expect(view.progress).toEqual({ final: 6, total: 6, percent: 100 });
    const items = (await request(t.url).get(`/payouts/batches/${batch.id}/items?status=FAILED`).expect(200)).body.items;
    expect(items.map((p: { merchantReference: string }) => p.merchantReference)).toEqual(['payroll-2026-12-004']);
    const results = resultRows((await request(t.url).get(`/payouts/batches/${batch.id}/results.csv`).expect(200)).text);
    expect(results.map((r) => [r.merchantReference, r.status])).toEqual([
      ['payroll-2026-12-001', 'SUCCEEDED'], ['payroll-2026-12-002', 'SUCCEEDED'], ['payroll-2026-12-003', 'SUCCEEDED'],
      ['payroll-2026-12-004', 'FAILED'], ['payroll-2026-12-005', 'SUCCEEDED'], ['payroll-2026-12-006', 'SUCCEEDED'],
    ]);
    expect(results[3].failureCode).not.toBe('');
    expect(results.every((r) => r.status !== 'SUCCEEDED' || r.gatewayReference !== '')).toBe(true);
    const events = await t.dataSource.getRepository(PayoutOutboxEntity).find({ where: { eventName: PayoutEvents.BATCH_COMPLETED, payoutId: batch.id } });
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ batchId: batch.id, items: 6, counts: { SUCCEEDED: 5, FAILED: 1 } });
    // Published under its own name only, never as a status change.
    const heard: { name: string; payload: unknown }[] = [];
    t.app.get(EventEmitter2).onAny((name: string | string[], payload: unknown) => void heard.push({ name: String(name), payload }));
    await t.dispatcher.dispatchPending();
    expect(heard.filter((e) => (e.payload as { batchId?: string }).batchId === batch.id).map((e) => e.name)).toEqual([PayoutEvents.BATCH_COMPLETED]);
    const list = (await request(t.url).get('/payouts/batches').expect(200)).body.items;
    expect(list[0]).toMatchObject({ id: batch.id, progress: { percent: 100 } });
  });

  it('answers a file with 3 bad rows and 2 duplicates with exactly those rows, and stores nothing', async () => {
    const p = ref('bad');
    const rows = [
      idrRow(`${p}-1`), idrRow(`${p}-2`, { amount: '1.5' }), idrRow(`${p}-3`), idrRow(`${p}-1`), idrRow(`${p}-5`, { channel: 'nowhere' }),
      idrRow(`${p}-6`), idrRow(`${p}-3`), idrRow(`${p}-8`, { email: 'not-an-email' }),
    ];
    const res = await postCsv(csvFile(rows), `?batchReference=${p}`).expect(400);
    expect(res.body.rows.map((r: { row: number; problems: { field: string }[] }) => [r.row, r.problems.map((q) => q.field)])).toEqual([
      [2, ['amount']], [4, ['merchantReference']], [5, ['channel']], [7, ['merchantReference']], [8, ['beneficiary.email']],
    ]);
    expect(res.body.rows[1].problems[0].problem).toBe('duplicates row 1');
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payouts WHERE merchant_reference LIKE ?', [`${p}-%`]);
    expect(Number(n)).toBe(0);
  });

  it('with acceptValid stores the valid rows alone and reports the others', async () => {
    const p = ref('valid');
    const rows = [idrRow(`${p}-1`), idrRow(`${p}-2`, { amount: 'x' }), idrRow(`${p}-3`)];
    const res = await postCsv(csvFile(rows), `?batchReference=${p}&acceptValid=true`).expect(202);
    expect(res.body.batch).toMatchObject({ items: 2, rejected: 1 });
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([2]);
    const items = (await request(t.url).get(`/payouts/batches/${res.body.batch.id}/items`).expect(200)).body.items;
    expect(items.map((i: { merchantReference: string; status: string }) => [i.merchantReference, i.status])).toEqual([[`${p}-1`, 'CREATED'], [`${p}-3`, 'CREATED']]);
    await t.dataSource.query(`UPDATE payouts SET status = 'FAILED' WHERE merchant_reference = ?`, [`${p}-3`]);
    const listed = (await request(t.url).get('/payouts/batches?limit=100').expect(200)).body.items.find((b: { id: string }) => b.id === res.body.batch.id);
    expect(listed.progress).toEqual({ final: 1, total: 2, percent: 50 });
  });

  it('is idempotent: the same content again answers the same batch (200), other content 409', async () => {
    const p = ref('again');
    const body = { batchReference: p, items: [sandboxRequest('paypro-idn', `${p}-1`), sandboxRequest('paypro-idn', `${p}-2`)] };
    const first = await request(t.url).post('/payouts/batches').send(body).expect(202);
    const again = await request(t.url).post('/payouts/batches').send(body).expect(200);
    expect(again.body.batch.id).toBe(first.body.batch.id);
    const changed = { ...body, items: [body.items[0], { ...body.items[1], amount: '160000' }] };
    const conflict = await request(t.url).post('/payouts/batches').send(changed).expect(409);
    expect(conflict.body.message).toContain(first.body.batch.id);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payouts WHERE batch_id = ?', [first.body.batch.id]);
    expect(Number(n)).toBe(2);
  });

  it('keeps each row\'s own idempotency: an existing payout is reported, a different one under the same reference is a conflict row', async () => {
    const p = ref('exists');
    const single = await request(t.url).post('/payouts').send(sandboxRequest('paypro-idn', `${p}-1`)).expect(201);
    await request(t.url).post('/payouts').send(sandboxRequest('paypro-idn', `${p}-2`, 'Dewi Lestari')).expect(201);
    const rows = [sandboxRequest('paypro-idn', `${p}-1`), sandboxRequest('paypro-idn', `${p}-2`), sandboxRequest('paypro-idn', `${p}-3`)];
    const refused = await request(t.url).post('/payouts/batches').send({ batchReference: p, items: rows }).expect(400);
    expect(refused.body.rows).toEqual([{ row: 2, merchantReference: `${p}-2`, problems: [expect.objectContaining({ field: 'merchantReference' })] }]);
    const res = await request(t.url).post('/payouts/batches?acceptValid=true').send({ batchReference: p, items: rows }).expect(202);
    expect(res.body.existing).toEqual([{ row: 1, merchantReference: `${p}-1`, payoutId: single.body.id }]);
    expect(res.body.batch).toMatchObject({ items: 1, existing: 1, rejected: 1 });
  });

  it('never doubles a payout when single creates of the same references race the batch insert', async () => {
    const p = ref('race');
    const rows = Array.from({ length: 600 }, (_, i) => idrRow(`${p}-${i}`));
    const singles = [5, 250, 599].map((i) => request(t.url).post('/payouts').send(sandboxRequest('paypro-idn', `${p}-${i}`)));
    const [batch, ...created] = await Promise.all([postCsv(csvFile(rows), `?batchReference=${p}`), ...singles]);
    expect([200, 202]).toContain(batch.status);
    for (const c of created) expect([200, 201]).toContain(c.status);
    const b = batch.body.batch;
    expect(b.items + b.existing).toBe(600);
    const [{ n, refs }] = await t.dataSource.query('SELECT COUNT(*) AS n, COUNT(DISTINCT merchant_reference) AS refs FROM payouts WHERE merchant_reference LIKE ?', [`${p}-%`]);
    expect([Number(n), Number(refs)]).toEqual([600, 600]);
    const [{ inBatch }] = await t.dataSource.query('SELECT COUNT(*) AS inBatch FROM payouts WHERE batch_id = ?', [b.id]);
    expect(Number(inBatch)).toBe(b.items);
  });

  it('inserts a chunk that meets an existing merchant reference row by row, and hands back only that row', async () => {
    const p = ref('chunk');
    await request(t.url).post('/payouts').send(sandboxRequest('paypro-idn', `${p}-1`)).expect(201);
    const taken = (await t.service.getByMerchantReference(`${p}-1`))!;
    const row = async (n: number) => ({ ...(await t.dataSource.getRepository(PayoutEntity).findOneByOrFail({ id: taken.id })), id: uuidv7(), tradeNo: newTradeNo(), providerReference: null, merchantReference: `${p}-${n}` });
    const rows = [await row(0), await row(1), await row(2)];
    const refused = await t.app.get(PayoutBatchRepository).insertItems(rows);
    expect(refused.map((r) => r.merchantReference)).toEqual([`${p}-1`]);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payouts WHERE merchant_reference LIKE ?', [`${p}-%`]);
    expect(Number(n)).toBe(3);
  });

  it('completes a batch once when its last items settle on several workers at once', async () => {
    const p = ref('once');
    const res = await request(t.url).post('/payouts/batches').send({ batchReference: p, items: [sandboxRequest('paypro-idn', `${p}-1`)] }).expect(202);
    const id = res.body.batch.id as string;
    await t.dataSource.query(`UPDATE payouts SET status = 'SUCCEEDED' WHERE batch_id = ?`, [id]);
    const completion = t.app.get(BatchCompletion);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => completion.afterItemSettled(id)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await t.dataSource.getRepository(PayoutOutboxEntity).count({ where: { payoutId: id } })).toBe(1);
  });

  it('accepts a batch from host code with typed requests, checked by the channel rules as through the API', async () => {
    const p = ref('host');
    const items = [sandboxRequest('paypro-idn', `${p}-1`), { ...sandboxRequest('paypro-idn', `${p}-2`), currency: 'MXN' }] as unknown as CreatePayoutInput[];
    const rows = items.map((input, i) => ({ row: i + 1, merchantReference: input.merchantReference, input, problems: [] }));
    const accepted = await t.app.get(PayoutBatchService).accept({ batchReference: p, items, rows, acceptValid: true }, { principal: { id: 'host', roles: ['admin'] } });
    expect(accepted.batch).toMatchObject({ items: 1, rejected: 1, createdBy: 'host' });
    expect(accepted.rejected.map((r) => [r.row, r.problems[0].field])).toEqual([[2, 'currency']]);
  });

  it('refuses more than 10,000 rows, and a CSV body over its limit, with 413 and a clear message', async () => {
    const p = ref('big');
    const rows = Array.from({ length: 10_001 }, (_, i) => idrRow(`${p}-${i}`));
    const tooMany = await postCsv(csvFile(rows), `?batchReference=${p}`).expect(413);
    expect(tooMany.body.message).toMatch(/at most 10,000 items/);
    const huge = csvFile([idrRow(`${p}-x`, { remark: 'x'.repeat(9 * 1024 * 1024) })]);
    const tooBig = await postCsv(huge, `?batchReference=${p}`).expect(413);
    expect(tooBig.body.message).toMatch(/CSV batch body is at most 8 MiB/);
    // JSON goes through the host's parser and its limit (64 KB in the example app): the answer says what to do.
    const json = { batchReference: p, items: Array.from({ length: 400 }, (_, i) => sandboxRequest('paypro-idn', `${p}-${i}`)) };
    const overLimit = await request(t.url).post('/payouts/batches').send(json).expect(413);
    expect(overLimit.body.message).toMatch(/send the batch as text\/csv/);
  });

  it('refuses a CSV without its batchReference, or with a wrong header, with 400', async () => {
    await postCsv(csvFile([idrRow(ref('noref'))])).expect(400);
    const res = await postCsv('merchantReference,amount\nx,1\n', `?batchReference=${ref('header')}`).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['header']);
  });

  it('guards the results CSV against formula injection', async () => {
    const p = ref('formula');
    const res = await request(t.url).post('/payouts/batches').send({ batchReference: p, items: [sandboxRequest('paypro-idn', `${p}-1`)] }).expect(202);
    await t.dataSource.query(`UPDATE payouts SET status = 'FAILED', failure_code = '=HYPERLINK("x")', failure_message = '+1, "quoted"' WHERE batch_id = ?`, [res.body.batch.id]);
    const text = (await request(t.url).get(`/payouts/batches/${res.body.batch.id}/results.csv`).expect(200)).text;
    expect(text.split('\r\n')[1]).toContain(`,FAILED,"'=HYPERLINK(""x"")","'+1, ""quoted""",`);
  });
});

describe('payout batches and roles', () => {
  const key = (id: string) => `${id}-key-0123456789abcdef`;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ payouts: { apiKeys: [{ id: 'viewer', key: key('viewer'), roles: ['viewer'] }, { id: 'operator', key: key('operator'), roles: ['operator'] }] } });
  });
  afterAll(() => t?.close());

  it('lets operators post batches, not viewers, and masks names in the items for every role but admin', async () => {
    const item = { merchantReference: 'roles-batch-1', channel: 'fake-idr', amount: '1000.00', currency: 'IDR', beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' } };
    const body = { batchReference: 'roles-batch', items: [item] };
    await request(t.url).post('/payouts/batches').set('x-api-key', key('viewer')).send(body).expect(403);
    const res = await request(t.url).post('/payouts/batches').set('x-api-key', key('operator')).send(body).expect(202);
    expect(res.body.batch.createdBy).toBe('operator');
    const items = (await request(t.url).get(`/payouts/batches/${res.body.batch.id}/items`).set('x-api-key', key('viewer')).expect(200)).body.items;
    expect(items[0].beneficiary).toEqual({ name: 'B*** S******', accountNumber: '******7890', bankCode: null });
  });
});
