import { Injectable, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PayoutService, PayoutsModule, PayoutStatus } from '../src/payouts';
import request from 'supertest';
import { FAKE_CHANNEL } from './support/test-app';
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
            http: { prefix },
          }),
        ],
      }).compile();
    // Both modules are defined before either app resolves its routes: a path kept on the shared
    // controller class would be the last one set, for both.
    const [first, second] = await Promise.all([compile('payouts'), compile('money/out')]);
    const apps = [first.createNestApplication({ logger: false }), second.createNestApplication({ logger: false })];
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
});
