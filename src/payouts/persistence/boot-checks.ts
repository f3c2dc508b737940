import { Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PAYOUTS_HTTP_SETTINGS, PAYOUTS_POLLING } from '../payouts.constants';
import { PayoutsHttpSettings, PollingOptions } from '../payouts.options';
import { rawBodyProblem } from '../webhooks/raw-body.check';

/** A column of each table the newest migration made: absent, the migrations have not all run. */
const NEWEST_SCHEMA = ['SELECT beneficiary_key FROM payouts WHERE 1 = 0', 'SELECT id FROM payout_audit WHERE 1 = 0'];

/**
 * What the host must provide, checked once at boot, every problem in one message naming what to
 * do: the module's migrations applied, ScheduleModule when the poller runs, one PayoutsModule
 * per app (two would poll, publish and mount routes twice), and the raw body kept when the
 * callback endpoint is mounted (else every callback would fail, found only at the first one).
 */
@Injectable()
export class BootChecks implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly modules: ModulesContainer,
    @Inject(PAYOUTS_POLLING) private readonly polling: PollingOptions,
    @Inject(PAYOUTS_HTTP_SETTINGS) private readonly http: PayoutsHttpSettings,
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(SchedulerRegistry) private readonly scheduler?: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const problems: string[] = [];
    const instances = [...this.modules.values()].filter((m) => m.metatype?.name === 'PayoutsModule').length;
    if (instances > 1) problems.push(`PayoutsModule is imported ${instances} times: import it once (forRoot or forRootAsync in one module) and export it where it is needed`);
    if (this.polling.enabled && !this.scheduler) {
      problems.push('the poller needs @nestjs/schedule: import ScheduleModule.forRoot() in your AppModule (or set polling.enabled: false)');
    }
    const rawBody = this.http.enabled ? await rawBodyProblem(this.adapterHost.httpAdapter) : undefined;
    if (rawBody) problems.push(rawBody);
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
