import { CreatePayoutTables1764000000000 } from './1764000000000-create-payout-tables';
import { AddOperationsIndexes1765000000000 } from './1765000000000-add-operations-indexes';
import { ExactIdentifiers1766000000000 } from './1766000000000-exact-identifiers';
import { FencedLeases1766100000000 } from './1766100000000-fenced-leases';
import { OutboxStatusInboxDedupe1766200000000 } from './1766200000000-outbox-status-inbox-dedupe';
import { OutboxDelivery1766300000000 } from './1766300000000-outbox-delivery';
import { ApprovalsAudit1766400000000 } from './1766400000000-approvals-audit';
import { FundsQueue1766500000000 } from './1766500000000-funds-queue';
import { SqliteIntegerColumns1766600000000 } from './1766600000000-sqlite-integer-columns';
import { PayoutBatches1766700000000 } from './1766700000000-payout-batches';

/** Every migration of the module, in order. Hosts add these to their DataSource `migrations`. */
export const PAYOUT_MIGRATIONS = [
  CreatePayoutTables1764000000000, AddOperationsIndexes1765000000000, ExactIdentifiers1766000000000, FencedLeases1766100000000,
  OutboxStatusInboxDedupe1766200000000, OutboxDelivery1766300000000, ApprovalsAudit1766400000000, FundsQueue1766500000000,
  SqliteIntegerColumns1766600000000, PayoutBatches1766700000000,
];
