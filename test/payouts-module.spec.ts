import { Injectable, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PAYOUT_ENTITIES, PAYOUT_MIGRATIONS, PayoutService, PayoutsModule, PayoutStatus } from '../src/payouts';
import request from 'supertest';
import { AdapterName, createHttpAdapter } from '../src/example/http-setup';
import { ADAPTERS, FAKE_CHANNEL } from './support/test-app';
import { testDatabaseOptions } from './support/test-database';

@Injectable()
class HostSettings {
  readonly channels = [FAKE_CHANNEL];
}

@Module({ providers: [HostSettings], exports: [HostSettings] })
class HostSettingsModule {}

describe(PayoutsModule.name, () => {
  it('is configured by forRootAsync from the host’s own providers, and can run without controllers', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(testDatabaseOptions()),
        ScheduleModule.forRoot(),
        PayoutsModule.forRootAsync({
          imports: [HostSettingsModule],
          inject: [HostSettings],
          useFactory: (settings: HostSettings) => ({
            channels: settings.channels,
            publicBaseUrl: 'https://host.example',
            polling: { enabled: false },
            events: { enabled: false },
          }),
          http: { enabled: false },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const sut = app.get(PayoutService);
      const { payout, created } = await sut.create({
        merchantReference: 'module-1', channel: 'fake-idr', amount: '10.00', currency: 'IDR',
        beneficiary: { name: 'Budi', accountNumber: '1234567890' },
      });
      expect(created).toBe(true);
      expect(payout.status).toBe(PayoutStatus.PROCESSING);
      await request(app.getHttpServer()).get('/payouts/channels').expect(404);
    } finally {
      await app.close();
    }
  });

  it('stops the boot on a wrong channel, naming the channel and the field', async () => {
    const moduleRef = Test.createTestingModule({
      imports: [
        // Embedded on purpose: a boot that fails leaves its connection open, and a pool would keep jest alive.
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:' }),
        ScheduleModule.forRoot(),
        PayoutsModule.forRoot({
          channels: [{ code: 'cashy-per', protocol: 'cashy', currency: 'PEN', baseUrl: 'https://c.example', merchantId: '1002001' }],
          publicBaseUrl: 'https://host.example',
          http: { allowUnauthenticated: true },
        }),
      ],
    });
    await expect(moduleRef.compile()).rejects.toThrow(/Payout channel "cashy-per": secret/);
  });

  it('mounts each module instance at its own prefix, even when two apps in one process choose different ones', async () => {
    const compile = (prefix: string) =>
      Test.createTestingModule({
        imports: [
          TypeOrmModule.forRoot(testDatabaseOptions()),
          ScheduleModule.forRoot(),
          PayoutsModule.forRoot({
            channels: [FAKE_CHANNEL], publicBaseUrl: 'https://host.example', polling: { enabled: false }, events: { enabled: false },
            http: { prefix, allowUnauthenticated: true },
          }),
        ],
      }).compile();
    // Both modules are defined before either app resolves its routes: a path kept on the shared
    // controller class would be the last one set, for both.
    const [first, second] = await Promise.all([compile('payouts'), compile('money/out')]);
    const apps = [first.createNestApplication({ logger: false, rawBody: true }), second.createNestApplication({ logger: false, rawBody: true })];
    await Promise.all(apps.map((app) => app.init()));
    try {
      await request(apps[0].getHttpServer()).get('/payouts/channels').expect(200);
      await request(apps[0].getHttpServer()).get('/money/out/channels').expect(404);
      await request(apps[1].getHttpServer()).get('/money/out/channels').expect(200);
      await request(apps[1].getHttpServer()).get('/payouts/channels').expect(404);
      await request(apps[1].getHttpServer()).post('/money/out/webhooks/fake-idr').send({}).expect((res) => expect(res.status).not.toBe(404));
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });

  it.each([
    [{}, /mounted without authentication: set apiKeys \(or apiKey\), principal or guards .* or set http.allowUnauthenticated: true/],
    [{ apiKeys: [{ id: 'ops', key: 'short', roles: ['operator'] }] }, /apiKeys\[0\] \(ops\): key must be at least 16 characters/],
    [{ apiKeys: [{ id: 'ops', key: 'long-enough-key-0123', roles: ['superuser'] }] }, /roles must be some of viewer, operator, approver, admin/],
    [{ apiKey: 'k', approvals: { 'no-such': { thresholds: [{ over: '10', approvals: 1 }] } } }, /approvals\["no-such"\]: no channel has this code/],
  ])('stops the boot when access or approvals are set up wrong (%j)', async (options, message) => {
    const moduleRef = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:' }),
        ScheduleModule.forRoot(),
        PayoutsModule.forRoot({ channels: [FAKE_CHANNEL], publicBaseUrl: 'https://host.example', ...(options as object) }),
      ],
    });
    await expect(moduleRef.compile()).rejects.toThrow(message);
  });

  describe('boot checks that say what to do', () => {
    const base = { channels: [FAKE_CHANNEL], publicBaseUrl: 'https://host.example', http: { allowUnauthenticated: true }, events: { enabled: false } };
    const boot = async (imports: unknown[], { adapter = 'express', rawBody = true }: { adapter?: AdapterName; rawBody?: boolean } = {}) => {
      const moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
      const app = moduleRef.createNestApplication(createHttpAdapter(adapter), { logger: false, rawBody });
      try {
        await app.init();
      } finally {
        await app.close();
      }
    };
    // Embedded on purpose: a boot that fails leaves its connection open, and a pool would keep jest alive.
    const migrated = () => TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES, migrations: PAYOUT_MIGRATIONS, migrationsRun: true });

    it('names every misspelt option at once', async () => {
      await expect(boot([migrated(), ScheduleModule.forRoot(), PayoutsModule.forRoot({ ...base, pooling: {}, polling: { leaseMS: 1 } } as never)]))
        .rejects.toThrow(/Unknown PayoutsModule options "pooling", "polling.leaseMS"; the module reads channels, publicBaseUrl/);
    });

    it('names a channel option the protocol does not read', async () => {
      const channel = { code: 'paypro-idn', protocol: 'paypro', currency: 'IDR', baseUrl: 'https://p.example', merchantId: 'm', secret: 's', options: { notFoundCode: ['1'] } };
      await expect(boot([migrated(), ScheduleModule.forRoot(), PayoutsModule.forRoot({ ...base, channels: [channel] })]))
        .rejects.toThrow(/options.notFoundCode is not an option of paypro channels \(known: paths, notFoundCodes/);
    });

    it('asks for ScheduleModule when the poller runs', async () => {
      await expect(boot([migrated(), PayoutsModule.forRoot(base)])).rejects.toThrow(/import ScheduleModule.forRoot\(\) in your AppModule/);
    });

    it('asks for the migrations when the tables are not there', async () => {
      await expect(boot([TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: PAYOUT_ENTITIES }), ScheduleModule.forRoot(), PayoutsModule.forRoot({ ...base, polling: { enabled: false } })]))
        .rejects.toThrow(/the payouts tables are missing or older than this version: add PAYOUT_MIGRATIONS to your DataSource `migrations`/);
    });

    it.each(ADAPTERS)('asks for the raw body when the app was created without it, and only then (%s)', async (adapter) => {
      const imports = () => [migrated(), ScheduleModule.forRoot(), PayoutsModule.forRoot({ ...base, polling: { enabled: false } })];
      await expect(boot(imports(), { adapter, rawBody: false }))
        .rejects.toThrow(/does not keep a JSON body’s raw bytes: create it with NestFactory\.create\(AppModule, \{ rawBody: true \}\)/);
      await expect(boot(imports(), { adapter })).resolves.toBeUndefined();
    });

    it('does not ask for the raw body when no callback endpoint is mounted', async () => {
      await expect(boot([migrated(), ScheduleModule.forRoot(), PayoutsModule.forRoot({ ...base, polling: { enabled: false }, http: { enabled: false } })], { rawBody: false }))
        .resolves.toBeUndefined();
    });

    it('refuses a second PayoutsModule in one app', async () => {
      @Module({ imports: [PayoutsModule.forRoot({ ...base, polling: { enabled: false }, http: { enabled: false } })] })
      class Elsewhere {}
      await expect(boot([migrated(), ScheduleModule.forRoot(), Elsewhere, PayoutsModule.forRoot({ ...base, polling: { enabled: false } })]))
        .rejects.toThrow(/PayoutsModule is imported 2 times: import it once/);
    });
  });
});
