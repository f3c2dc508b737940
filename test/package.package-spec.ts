import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The module as a host gets it: `npm pack`, unpacked into a fresh app's node_modules, imported
 * by package name with its types (node16 resolution, so `exports` is what resolves), compiled,
 * booted, and answering on its routes. Peer dependencies come from this repository's node_modules.
 */
const ROOT = resolve(__dirname, '..');
const HOST_SOURCE = `
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
  let files: string[];
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'payouts-package-'));
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    files = packed.files.map((f: { path: string }) => f.path);
    const modules = join(work, 'host', 'node_modules');
    mkdirSync(join(modules, 'nestjs-payouts'), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', join(modules, 'nestjs-payouts'), '--strip-components=1']);
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry !== 'nestjs-payouts' && !entry.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
    }
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the compiled module, its types, the dashboard and the docs, and nothing of the example app or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/payouts/index.js', 'dist/payouts/index.d.ts', 'dist/payouts/payouts.module.d.ts', 'dist/payouts/dashboard/assets/index.html',
        'dist/payouts/dashboard/assets/dashboard.js', 'README.md', 'CHANGELOG.md', 'docs/add-to-your-monolith.md', 'package.json',
      ]),
    );
    expect(files.filter((f) => !/^(dist\/payouts\/|README\.md$|CHANGELOG\.md$|docs\/add-to-your-monolith\.md$|package\.json$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.map$|\.spec\.|sandbox|main\.js$/.test(f))).toEqual([]);
  });

  it('is imported by name with its types, and a host app boots with it', () => {
    const host = join(work, 'host');
    writeFileSync(join(host, 'host.ts'), HOST_SOURCE);
    writeFileSync(
      join(host, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16', moduleResolution: 'node16', target: 'ES2022', strict: true, experimentalDecorators: true,
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
});
