import { CreatePayoutTables1764000000000 } from './1764000000000-create-payout-tables';
import { AddOperationsIndexes1765000000000 } from './1765000000000-add-operations-indexes';

/** Every migration of the module, in order. Hosts add these to their DataSource `migrations`. */
export const PAYOUT_MIGRATIONS = [CreatePayoutTables1764000000000, AddOperationsIndexes1765000000000];
