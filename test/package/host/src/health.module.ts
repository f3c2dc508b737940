import { Controller, Get, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { PayoutChannelsHealthIndicator, PayoutsHealthModule } from 'nestjs-payouts/health';
import { Public } from './bearer-auth.guard.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly channels: PayoutChannelsHealthIndicator,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database.pingCheck('database'), () => this.channels.isHealthy('channels')]);
  }
}

@Module({ imports: [TerminusModule, PayoutsHealthModule], controllers: [HealthController] })
export class HealthModule {}
