import { Injectable, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PayoutService, PayoutsModule, PayoutStatus } from '../src/payouts';
import { PayoutsController } from '../src/payouts/http/payouts.controller';
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
      expect(() => app.get(PayoutsController)).toThrow();
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
});
