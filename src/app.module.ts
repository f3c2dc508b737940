import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { PayoutsModule, PayoutsModuleOptions } from './payouts';

/** The example host app: it owns TypeORM, the scheduler and the event emitter, and imports PayoutsModule. */
@Module({})
export class AppModule {
  static forRoot(database: DataSourceOptions, payouts: PayoutsModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(database),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        PayoutsModule.forRootAsync({ useFactory: () => payouts }),
      ],
    };
  }
}
