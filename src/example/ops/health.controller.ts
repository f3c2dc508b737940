import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { PayoutChannelsHealthIndicator } from '../../payouts/health';
import { HealthCheckFilter } from './health-check.filter';

/**
 * `/health`: the database (a ping) and each channel as the module last saw it (no gateway call
 * per probe). 503 when the database is down or a channel's last gateway call got no answer.
 */
@ApiTags('operations')
@Controller('health')
@UseFilters(HealthCheckFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly channels: PayoutChannelsHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.channels.isHealthy('channels')]);
  }
}
