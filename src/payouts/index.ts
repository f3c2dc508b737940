export * from './payouts.module';
export * from './payouts.options';
export * from './payouts.constants';
export { PAYOUTS_MODULE_OPTIONS } from './payouts.module-definition';
export * from './lifecycle/payout.service';
export type { ApplyResult, ReportSource } from './lifecycle/payout-state.service';
export type { ListPayoutsQuery } from './read/payout-reader.service';
export { MAX_BATCH_ITEMS, PayoutBatchService } from './batches/payout-batch.service';
export type { BatchSubmission } from './batches/payout-batch.service';
export { BATCH_CSV_COLUMNS } from './batches/batch-csv';
export {
  BatchAcceptedView, BatchExistingRowView, BatchItemPageView, BatchPageView, BatchProgressView, BatchRowProblemView, BatchSummaryView, BatchTotalView, BatchView,
} from './read/payout-batch.view';
export type { BatchRow } from './batches/batch-rows';
export * from './read/channel-info.service';
export * from './read/channel.view';
export * from './read/payout.view';
export * from './read/payout-overview.service';
export * from './read/payout-overview.view';
export * from './events/payout-events';
export * from './domain/errors';
export * from './domain/payout-status';
export * from './domain/money';
export { PERSONAL_FIELDS, REDACTED, SECRET_FIELDS } from './domain/masking';
export type { AccountType, IdType, Beneficiary } from './domain/beneficiary';
export type { ChannelConfig, ChannelTimeouts } from './providers/channel-config';
export type { PayoutProtocol, ProtocolContext } from './providers/payout-protocol';
export type {
  PayoutProvider, PayoutDraft, PayoutSubmission, GatewayStatus, StatusReport, ExchangeRecord, SubmitOutcome, QueryOutcome,
  CallbackInput, CallbackOutcome, CallbackAck, Balance, Bank,
} from './providers/payout-provider';
export * from './providers/provider-registry';
export { FakePayoutProtocol } from './providers/fake/fake.protocol';
export { FakePayoutProvider } from './providers/fake/fake.provider';
export { signFakeCallback } from './providers/fake/fake.signature';
export { PAYOUT_ENTITIES } from './persistence/entities';
export { PAYOUT_MIGRATIONS } from './persistence/migrations';
export { PayoutPoller } from './reconciliation/payout-poller.service';
export { OutboxDispatcher } from './events/outbox-dispatcher.service';
export { OutboxPurger } from './events/outbox-purger.service';
export { OnPayoutEvent } from './events/on-payout-event.decorator';
export type { PayoutEventDelivery, PayoutEventPublisher } from './events/payout-event-publisher';
export { brokerEventPublisher } from './events/broker-publisher';
export type { PayoutEventClient, PayoutEventRecord } from './events/broker-publisher';
export { PAYOUT_WEBHOOK_HEADERS, signPayoutWebhook, webhookEventPublisher } from './events/webhook-publisher';
export type { PayoutWebhookBody, WebhookEventOptions } from './events/webhook-publisher';
export { PayproProtocol } from './providers/paypro/paypro.protocol';
export { CashyProtocol } from './providers/cashy/cashy.protocol';
export { PayoutMetrics } from './observability/payout-metrics';
export * from './observability/channel-health';
export type { GatewayCall, GatewayOperation } from './observability/gateway-call';
export { PayoutsExceptionFilter } from './http/payouts-exception.filter';
export { OperatorActions } from './approvals/operator-actions.service';
export type { ApprovalPolicy } from './approvals/approval-policy';
export type { ActionContext } from './approvals/audit-entry';
export type { ApiKeyOptions } from './auth/api-keys';
export { PAYOUT_ROLES, PRINCIPAL_PROPERTY } from './auth/principal';
export type { PayoutPrincipal, PayoutRole, PrincipalRequest } from './auth/principal';
export { isPayoutsWebhook, PayoutsWebhook } from './webhooks/webhook-route';
