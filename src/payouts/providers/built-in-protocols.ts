import { CashyProtocol } from './cashy/cashy.protocol';
import { FakePayoutProtocol } from './fake/fake.protocol';
import { PayproProtocol } from './paypro/paypro.protocol';

/** The protocols the module ships; hosts can add their own through the `protocols` option. */
export const BUILT_IN_PROTOCOLS = [PayproProtocol, CashyProtocol, FakePayoutProtocol];
