import { createHash } from 'node:crypto';
import request from 'supertest';
import { ApiKeyOptions, PayoutOverviewService, PayoutPrincipal, PayoutStatus, PrincipalRequest } from '../src/payouts';
import { createTestApp, TestApp } from './support/test-app';

const key = (id: string) => `${id}-key-0123456789abcdef`;
const KEYS: ApiKeyOptions[] = [
  { id: 'viewer', key: key('viewer'), roles: ['viewer'] },
  { id: 'operator', key: key('operator'), roles: ['operator'] },
  { id: 'approver', key: key('approver'), roles: ['approver'] },
  // Kept hashed, as a host keeps keys in its database.
  { id: 'admin', sha256: createHash('sha256').update(key('admin')).digest('hex'), roles: ['admin'] },
];
const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;

let seq = 0;
const body = () => ({
  merchantReference: `roles-${Date.now()}-${++seq}`, channel: 'fake-idr', amount: '1000.00', currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890' },
});

describe('who may do what', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp({ payouts: { apiKeys: KEYS } });
    id = (await t.service.create(body())).payout.id;
  });
  afterAll(() => t.close());

  const call = (method: 'get' | 'post', path: string, role?: string, payload?: object) => {
    const r = request(t.url)[method](path.replace(':id', id));
    if (role) r.set('x-api-key', key(role));
    return payload ? r.send(payload) : r;
  };

  // 409 means the role passed and the payout's state answered (the payout here is PROCESSING).
  it.each([
    ['get', '/payouts', [200, 200, 200, 200]],
    ['get', '/payouts/:id', [200, 200, 200, 200]],
    ['get', '/payouts/:id/history', [200, 200, 200, 200]],
    ['get', '/payouts/stats', [200, 200, 200, 200]],
    ['get', '/payouts/channels', [200, 200, 200, 200]],
    ['post', '/payouts', [403, 201, 403, 201]],
    ['post', '/payouts/:id/refresh', [403, 200, 403, 200]],
    ['post', '/payouts/:id/cancel', [403, 409, 403, 409]],
    ['post', '/payouts/:id/approve', [403, 403, 409, 409]],
    ['post', '/payouts/:id/reject', [403, 403, 409, 409]],
  ] as const)('%s %s: 401 without a key, then viewer/operator/approver/admin %j', async (method, path, expected) => {
    const payload = method === 'post' ? (path === '/payouts' ? body() : path.endsWith('reject') ? { reason: 'test' } : {}) : undefined;
    await call(method, path, undefined, payload).expect(401);
    await call(method, path, 'nobody', payload).expect(401);
    const got: number[] = [];
    for (const role of ROLES) got.push((await call(method, path, role, method === 'post' && path === '/payouts' ? body() : payload)).status);
    expect(got).toEqual(expected);
  });

  it('shows beneficiary names to admins only; account numbers stay masked for everyone', async () => {
    const views = await Promise.all(ROLES.map(async (role) => (await call('get', '/payouts/:id', role).expect(200)).body.beneficiary));
    expect(views.map((b: { name: string }) => b.name)).toEqual(['B*** S******', 'B*** S******', 'B*** S******', 'Budi Santoso']);
    expect(views.every((b: { accountNumber: string }) => b.accountNumber === '******7890')).toBe(true);
    const history = (await call('get', '/payouts/:id/history', 'viewer').expect(200)).body;
    expect(JSON.stringify(history)).not.toContain('Budi');
  });

  it('says which role an action needs', async () => {
    const res = await call('post', '/payouts', 'viewer', body()).expect(403);
    expect(res.body.message).toBe('viewer may not do this: it needs the role operator or admin');
  });
});

describe('a host principal hook', () => {
  let t: TestApp;
  /** The host's own auth: a header standing in for a verified JWT. */
  const principal = (req: PrincipalRequest): PayoutPrincipal | undefined => {
    const user = req.headers['x-user'];
    return user === 'ops' ? { id: 'user:ops', roles: ['operator'] } : undefined;
  };
  beforeAll(async () => {
    t = await createTestApp({ payouts: { principal } });
  });
  afterAll(() => t.close());

  it('maps the host’s own authentication to a principal; without one the API answers 401', async () => {
    await request(t.url).get('/payouts').expect(401);
    const created = await request(t.url).post('/payouts').set('x-user', 'ops').send(body()).expect(201);
    expect(created.body.status).toBe(PayoutStatus.PROCESSING);
    const history = await t.app.get(PayoutOverviewService).history(created.body.id);
    expect(history.audit.map((a) => a.principal)).toEqual(['user:ops']);
  });
});
