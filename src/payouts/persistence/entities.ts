import { PayoutApprovalEntity, PayoutApprovalRequestEntity, PayoutAuditEntity } from '../approvals/approval.entities';
import { ChannelFundsEntity } from '../funds/channel-funds.entity';
import { PayoutAttemptEntity } from './payout-attempt.entity';
import { PayoutBatchEntity } from './payout-batch.entity';
import { PayoutOutboxEntity } from '../events/payout-outbox.entity';
import { PayoutWebhookEntity } from './payout-webhook.entity';
import { PayoutEntity } from './payout.entity';

/** Every entity of the module. Hosts add these to their DataSource `entities`. */
export const PAYOUT_ENTITIES = [
  PayoutEntity, PayoutAttemptEntity, PayoutWebhookEntity, PayoutOutboxEntity, PayoutApprovalRequestEntity, PayoutApprovalEntity, PayoutAuditEntity,
  ChannelFundsEntity, PayoutBatchEntity,
];
