import { FakePayoutProtocol } from './fake/fake.protocol';

/** The protocols the module ships; hosts can add their own through the `protocols` option. */
export const BUILT_IN_PROTOCOLS = [FakePayoutProtocol];
