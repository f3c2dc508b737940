import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { SANDBOX_CHANNEL_CODES, sandboxRequest } from '../src/example/sample-payouts';
import { Sandbox, startSandbox } from '../src/sandbox';
import { eventually } from './support/eventually';
import { freePort } from './support/test-app';
import { buildHost, HOST_MAJORS, HostExit, RunningHost, startHost } from './package/host-matrix';

/**
 * The module as a host gets it: `npm pack`, then (1) unpacked into a bare app with no swagger and
 * no terminus, compiled against the package's types and booted; (2) installed with npm into a
 * host like today's `nest new` starter, for each supported Nest major, on express and fastify.
 */
const ROOT = resolve(__dirname, '..');
const OPTIONAL_PEERS = ['swagger', 'terminus'];
const BARE_HOST_SOURCE = `
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PAYOUT_ENTITIES, PAYOUT_MIGRATIONS, PayoutService, PayoutsModule, PayoutView } from 'nestjs-payouts';

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true }),
    ScheduleModule.forRoot(),
    PayoutsModule.forRoot({
      channels: [{ code: 'fake-idr', protocol: 'fake', currency: 'IDR', secret: 'host-secret' }],
      publicBaseUrl: 'http://127.0.0.1',
      polling: { enabled: false },
      events: { enabled: false },
      apiKeys: [{ id: 'host-ops', key: 'host-ops-key-0123456789', roles: ['admin'] }],
      http: { dashboard: 'ops/payouts' },
    }),
  ],
})
class HostModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(HostModule, { logger: false, rawBody: true });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const payout: PayoutView = (await app.get(PayoutService).create({
    merchantReference: 'host-1', channel: 'fake-idr', amount: '1000', currency: 'IDR', beneficiary: { name: 'Budi', accountNumber: '1234567890' },
  })).payout;
  const closed = (await fetch(url + '/payouts')).status;
  const listed = await (await fetch(url + '/payouts', { headers: { 'x-api-key': 'host-ops-key-0123456789' } })).json();
  const page = await fetch(url + '/ops/payouts');
  console.log(JSON.stringify({ status: payout.status, closed, listed: listed.items.length, dashboard: page.status }));
  await app.close();
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let files: string[];
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'payouts-package-'));
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    files = packed.files.map((f: { path: string }) => f.path);
    tarball = join(work, packed.filename);
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the compiled module, its types, its entries, the dashboard and the docs, and nothing of the example app or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/payouts/index.js', 'dist/payouts/index.d.ts', 'dist/payouts/payouts.module.d.ts', 'dist/payouts/health/index.js',
        'dist/payouts/health/index.d.ts', 'dist/payouts/openapi/index.js', 'dist/payouts/openapi/index.d.ts',
        'dist/payouts/dashboard/assets/index.html', 'dist/payouts/dashboard/assets/dashboard.js', 'README.md', 'CHANGELOG.md',
        'docs/add-to-your-monolith.md', 'package.json',
      ]),
    );
    expect(files.filter((f) => !/^(dist\/payouts\/|README\.md$|CHANGELOG\.md$|docs\/[a-z-]+\.md$|LICENSE$|package\.json$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.map$|\.spec\.|sandbox|main\.js$/.test(f))).toEqual([]);
  });

  it('ships every local file the README and the guide link to', () => {
    const shipped = new Set(files);
    for (const doc of ['README.md', 'docs/add-to-your-monolith.md']) {
      const base = doc.includes('/') ? 'docs/' : '';
      for (const [, target] of readFileSync(join(ROOT, doc), 'utf8').matchAll(/\]\(((?!https?:|#)[^)#\s]+)/g)) {
        const path = join(base, target).replace(/\\/g, '/');
        if (!/\.(png|jpg|svg)$/.test(path)) expect(`${doc} → ${path}: ${shipped.has(path)}`).toBe(`${doc} → ${path}: true`);
      }
    }
  });

  it('shows in the guide every file of the host app it tests, as it is', () => {
    const guide = readFileSync(join(ROOT, 'docs', 'add-to-your-monolith.md'), 'utf8');
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)]));
    for (const file of sources(join(__dirname, 'package', 'host', 'src'))) {
      expect(`${file}: ${guide.includes(readFileSync(file, 'utf8').trim())}`).toBe(`${file}: true`);
    }
  });

  it('loads and boots in a host without @nestjs/swagger and @nestjs/terminus (optional peers)', () => {
    const host = join(work, 'bare');
    const modules = join(host, 'node_modules');
    mkdirSync(join(modules, 'nestjs-payouts'), { recursive: true });
    mkdirSync(join(modules, '@nestjs'));
    execFileSync('tar', ['-xzf', tarball, '-C', join(modules, 'nestjs-payouts'), '--strip-components=1']);
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry !== 'nestjs-payouts' && entry !== '@nestjs' && !entry.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
    }
    for (const entry of readdirSync(join(ROOT, 'node_modules', '@nestjs'))) {
      if (!OPTIONAL_PEERS.includes(entry)) symlinkSync(join(ROOT, 'node_modules', '@nestjs', entry), join(modules, '@nestjs', entry));
    }
    writeFileSync(join(host, 'host.ts'), BARE_HOST_SOURCE);
    writeFileSync(
      join(host, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          // A CommonJS host importing Nest 12's ES modules: only `nodenext` (TypeScript 5.8+) lets
          // its require() calls import them, as Node 20.19+ does (node16 answers TS1479).
          module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', strict: true, experimentalDecorators: true,
          emitDecoratorMetadata: true, skipLibCheck: true, outDir: 'out', types: ['node'],
        },
        files: ['host.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', host], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const run = spawnSync(process.execPath, [join(host, 'out', 'host.js')], { cwd: host, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ status: 'PROCESSING', closed: 401, listed: 1, dashboard: 200 });
  }, 120_000);

  describe.each(HOST_MAJORS)('in a $name host built like `nest new` (global prefix, auth guard, response envelope, its own table)', (major) => {
    let host: string;
    let sandbox: Sandbox;
    beforeAll(async () => {
      host = buildHost(major, tarball, work);
      sandbox = await startSandbox({ basePort: 0, completeAfterMs: 300, log: () => undefined });
    }, 900_000);
    afterAll(() => sandbox?.close());

    it('is installed by the pinned lines the README and the guide give for its major', () => {
      const peers = `npm install ${major.peers.join(' ')}\n`;
      expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(peers);
      expect(readFileSync(join(ROOT, 'docs', 'add-to-your-monolith.md'), 'utf8')).toContain(`${peers}npm install ${major.extras.join(' ')}\n`);
    });

    it.each(['express', 'fastify'])('on %s: payouts settle by callback, acknowledged byte for byte, events reach the host, health, dashboard and docs answer', async (adapter) => {
      const port = await freePort();
      const token = 'host-token-0123456789';
      const running = await startHost(host, {
        HTTP_ADAPTER: adapter, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, HOST_TOKEN: token,
        PAYOUT_CHANNELS: JSON.stringify(sandbox.channels), ...(await hostDatabase(`${major.name}_${adapter}`, join(host, `${adapter}.sqlite`))),
      });
      let exit: HostExit | undefined;
      try {
        await checkHost(running, token, sandbox, `${major.name}-${adapter}`);
      } finally {
        exit = await running.stop();
      }
      expect([exit, running.stderr()]).toEqual([{ code: null, signal: 'SIGTERM' }, '']);
    }, 120_000);
  });
});

/** The host's database: its own MySQL/MariaDB database beside DATABASE_URL's when that is set, else an SQLite file. */
async function hostDatabase(name: string, sqlitePath: string): Promise<Record<string, string>> {
  const given = process.env.DATABASE_URL;
  if (!given) return { SQLITE_PATH: sqlitePath };
  const url = new URL(given);
  const database = `${url.pathname.slice(1)}_${name}`;
  const connection = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  url.pathname = `/${database}`;
  return { DATABASE_URL: url.toString() };
}

async function checkHost(running: RunningHost, token: string, sandbox: Sandbox, run: string): Promise<void> {
  const api = `${running.url}/api`;
  const auth = { authorization: `Bearer ${token}` };
  const get = async (path: string, headers: Record<string, string> = auth) => {
    const answer = await fetch(api + path, { headers });
    return { status: answer.status, type: answer.headers.get('content-type') ?? '', text: await answer.text() };
  };

  // The host's guard holds the REST API; its envelope wraps the module's JSON answers like its own.
  const ids: string[] = [];
  for (const channel of SANDBOX_CHANNEL_CODES) {
    const answer = await fetch(`${api}/payouts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(sandboxRequest(channel, `${run}-${channel}`)) });
    const body = (await answer.json()) as { data?: { id: string; status: string } };
    expect([answer.status, body.data?.status]).toEqual([201, 'PROCESSING']);
    ids.push(body.data!.id);
  }
  expect((await get('/payouts', {})).status).toBe(401);
  const invalid = await fetch(`${api}/payouts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ ...sandboxRequest('paypro-idn', `${run}-bad`), amount: 1.5 }) });
  const problems = ((await invalid.json()) as { details?: { field: string }[] }).details ?? [];
  expect([invalid.status, [...new Set(problems.map((d) => d.field))]]).toEqual([400, ['amount']]);

  // Within 20 s only the gateways' callbacks, let through the guard by the marker, can settle them (first poll at 30 s).
  const settled = await eventually(async () => {
    const payouts = await Promise.all(ids.map(async (id) => JSON.parse((await get(`/payouts/${id}`)).text).data));
    expect(payouts.map((p) => p.status)).toEqual(ids.map(() => 'SUCCEEDED'));
    return payouts;
  }, 20_000, 250);
  for (const payout of settled) {
    const order = sandbox.simulators[payout.channel as keyof Sandbox['simulators']].ledger.order(payout.tradeNo);
    expect(order?.callbacks.length).toBeGreaterThan(0);
    expect(order?.callbacks.filter((c) => !c.acked)).toEqual([]);
  }

  const events = await eventually(async () => {
    const seen = JSON.parse((await get('/host/events')).text).data;
    expect([...seen.succeeded].sort()).toEqual([...ids].sort());
    return seen;
  }, 10_000, 250);
  for (const id of ids) expect(events.changed).toEqual(expect.arrayContaining([`${id}:PROCESSING`, `${id}:SUCCEEDED`]));

  const health = await get('/health', {});
  const report = JSON.parse(health.text).data;
  expect([health.status, report.status, report.info.database.status]).toEqual([200, 'ok', 'up']);
  // Every channel answered the module's own calls; the probe itself calls no gateway.
  for (const code of SANDBOX_CHANNEL_CODES) expect(report.info.channels[code]).toEqual(expect.objectContaining({ status: 'up', reachable: true }));

  expect((await get('/ops/payouts', {})).status).toBe(401);
  const page = await get('/ops/payouts');
  expect([page.status, page.type]).toEqual([200, expect.stringMatching(/^text\/html/)]);
  expect(page.text).toMatch(/^<!doctype html>/i);
  const script = await get('/ops/payouts/dashboard.js');
  expect([script.status, script.type]).toEqual([200, expect.stringMatching(/javascript/)]);

  const docs = JSON.parse((await get('/docs-json')).text);
  expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/payouts', '/api/payouts/{id}']));
  expect(docs.components.securitySchemes['api-key']).toEqual(expect.objectContaining({ type: 'apiKey', name: 'x-api-key' }));

  expect(JSON.parse((await get('/host/users')).text)).toEqual({ data: { count: 0 } });
}
