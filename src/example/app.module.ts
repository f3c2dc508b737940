import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule, Params as LoggingOptions } from 'nestjs-pino';
import { DataSourceOptions } from 'typeorm';
import { HealthController } from './ops/health.controller';
import { MetricsController } from './ops/metrics.controller';
import { PayoutsHttpSettings, PayoutsModule, PayoutsModuleOptions } from '../payouts';
import { PayoutsHealthModule } from '../payouts/health';

/**
 * The example host app: it owns TypeORM, the scheduler, the event emitter, health, metrics and
 * logging, and imports PayoutsModule with its dashboard at /dashboard.
 */
@Module({})
export class AppModule {
  static forRoot(database: DataSourceOptions, payouts: PayoutsModuleOptions, logging?: LoggingOptions, http?: Partial<PayoutsHttpSettings>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(database),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        PayoutsHealthModule,
        ...(logging ? [LoggerModule.forRoot(logging)] : []),
        PayoutsModule.forRootAsync({ useFactory: () => payouts, http: { dashboard: 'dashboard', ...http } }),
      ],
      controllers: [HealthController, MetricsController],
    };
  }
}
