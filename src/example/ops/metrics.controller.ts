import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, register, Registry } from 'prom-client';
import { PayoutMetrics } from '../../payouts';

/** `/metrics` in Prometheus text format: the module's metrics and this process's own. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly payouts: PayoutMetrics) {
    // Process metrics live on prom-client's global registry, once per process.
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  }

  @Get()
  @Header('content-type', register.contentType)
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  metrics(): Promise<string> {
    const registries = this.payouts.registry === register ? [register] : [register, this.payouts.registry];
    return Registry.merge(registries).metrics();
  }
}
