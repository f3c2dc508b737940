import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PAYOUT_ENTITIES, PAYOUT_MIGRATIONS, PayoutsModule } from 'nestjs-payouts';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { database } from './database.js';
import { HealthModule } from './health.module.js';
import { HostController } from './host.controller.js';
import { PayoutEventsLog } from './payout-events.log.js';
import { WrapResponseInterceptor } from './wrap-response.interceptor.js';
import { User } from './user.entity.js';
import { CreateUsers1700000000000 } from './migrations/1700000000000-create-users.js';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      ...database(),
      entities: [User, ...PAYOUT_ENTITIES],
      migrations: [CreateUsers1700000000000, ...PAYOUT_MIGRATIONS],
      migrationsRun: true,
    }),
    TypeOrmModule.forFeature([User]),
    ScheduleModule.forRoot(),
    EventEmitterModule.forRoot(),
    PayoutsModule.forRootAsync({
      useFactory: () => ({
        // Under app.setGlobalPrefix('api') the gateways call back at <publicBaseUrl>/payouts/webhooks/<channel>.
        publicBaseUrl: `${process.env.PUBLIC_BASE_URL}/api`,
        channels: JSON.parse(process.env.PAYOUT_CHANNELS ?? '[]'),
        // The host's own authentication decides who calls; this maps its user to payout roles.
        principal: (request) => (request.headers.authorization === `Bearer ${process.env.HOST_TOKEN}` ? { id: 'host-user', roles: ['admin'] } : undefined),
        // A payout's first poll comes 30 s after it was sent: one settled sooner learnt it from a callback.
        polling: { intervalMs: 1000 },
      }),
      http: { dashboard: 'ops/payouts' },
    }),
    HealthModule,
  ],
  controllers: [HostController],
  providers: [
    PayoutEventsLog,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
    { provide: APP_INTERCEPTOR, useClass: WrapResponseInterceptor },
  ],
})
export class AppModule {}
