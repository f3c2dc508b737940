import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { PayoutsModule, PayoutsModuleOptions } from './payouts';

/** The example host app: it owns TypeORM and the scheduler, and imports PayoutsModule. */
@Module({})
export class AppModule {
  static forRoot(database: DataSourceOptions, payouts: PayoutsModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(database),
        ScheduleModule.forRoot(),
        PayoutsModule.forRootAsync({ useFactory: () => payouts }),
      ],
    };
  }
}
