import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PayoutChannelsHealthIndicator } from './payout-channels.health';

/** Import beside TerminusModule in the host's health module to inject PayoutChannelsHealthIndicator. */
@Module({
  imports: [TerminusModule],
  providers: [PayoutChannelsHealthIndicator],
  exports: [PayoutChannelsHealthIndicator],
})
export class PayoutsHealthModule {}
