// `nestjs-payouts/health`: the only entry that loads @nestjs/terminus (an optional peer).
export { PayoutChannelsHealthIndicator } from './payout-channels.health';
export { PayoutsHealthModule } from './payouts-health.module';
