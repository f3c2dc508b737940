import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ChannelHealthTracker } from '../observability/channel-health';
import { PayoutProviderRegistry } from '../providers/provider-registry';

/**
 * A @nestjs/terminus indicator for the host's health check: down when a channel's last gateway
 * call got no answer, with every channel's details either way. Reads memory only.
 *
 *   this.health.check([() => this.db.pingCheck('database'), () => this.channels.isHealthy('channels')])
 *
 * The module's tracker and registry are found anywhere in the app (as terminus's own TypeORM
 * indicator finds the DataSource), so a host's health module need not import PayoutsModule's
 * configured instance; the module's boot check allows only one instance per app.
 */
@Injectable()
export class PayoutChannelsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  isHealthy<const Key extends string>(key: Key) {
    const tracker = this.moduleRef.get(ChannelHealthTracker, { strict: false });
    const registry = this.moduleRef.get(PayoutProviderRegistry, { strict: false });
    const channels = Object.fromEntries(
      tracker.snapshot(registry.codes()).map(({ channel, ...health }) => [channel, { status: health.reachable === false ? 'down' : 'up', ...health }]),
    );
    const session = this.indicator.check(key);
    return Object.values(channels).some((c) => c.status === 'down') ? session.down(channels) : session.up(channels);
  }
}
