import { Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PAYOUTS_POLLING } from '../payouts.constants';
import { PollingOptions } from '../payouts.options';

/** A column of each table the newest migration made: absent, the migrations have not all run. */
const NEWEST_SCHEMA = ['SELECT beneficiary_key FROM payouts WHERE 1 = 0', 'SELECT id FROM payout_audit WHERE 1 = 0'];

/**
 * What the host must provide, checked once at boot, every problem in one message naming what to
 * do: the module's migrations applied, ScheduleModule when the poller runs, and one PayoutsModule
 * per app (two would poll, publish and mount routes twice).
 */
@Injectable()
export class BootChecks implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly modules: ModulesContainer,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    @Optional() @Inject(SchedulerRegistry) private readonly scheduler?: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const problems: string[] = [];
    const instances = [...this.modules.values()].filter((m) => m.metatype?.name === 'PayoutsModule').length;
    if (instances > 1) problems.push(`PayoutsModule is imported ${instances} times: import it once (forRoot or forRootAsync in one module) and export it where it is needed`);
    if (this.polling.enabled && !this.scheduler) {
      problems.push('the poller needs @nestjs/schedule: import ScheduleModule.forRoot() in your AppModule (or set polling.enabled: false)');
    }
    for (const sql of NEWEST_SCHEMA) {
      try {
        await this.dataSource.query(sql);
      } catch (error) {
        if (!/no such (table|column)|doesn't exist|Unknown column/i.test(String((error as Error).message))) throw error;
        problems.push(
          'the payouts tables are missing or older than this version: add PAYOUT_MIGRATIONS to your DataSource `migrations` and run them ' +
            '(`migrationsRun: true`, or `npx typeorm migration:run -d <your data source>`)',
        );
        break;
      }
    }
    if (problems.length) throw new Error(`PayoutsModule cannot start: ${problems.join('; ')}`);
  }
}
