// The money-path shard of the mutation run (docs/testing.md, "Mutation testing"): the one writer
// of state, send and resend, reconcile, the poller, callbacks and the outbox dispatcher, against
// their unit specs and the e2e suites that drive those paths. `npm run test:mutation:money` runs
// it one file at a time (scripts/mutation-per-file.js), each file with its own incremental report
// under reports/incremental/money/; the unit shard (stryker.unit.config.js) covers domain/ and providers/.
const base = require('./stryker.config');

const E2E_SUITES = [
  'event-delivery',
  'events',
  'final-states',
  'final-states-sandbox',
  'funds',
  'hostile-bodies',
  'idempotency',
  'on-event-listener',
  'on-payout-event',
  'outbox-interval',
  'payouts-api',
  'poller',
  'reconciliation',
  'webhooks',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  ...base,
  mutate: [
    'src/payouts/lifecycle/payout-state.service.ts',
    'src/payouts/lifecycle/payout-sender.service.ts',
    'src/payouts/lifecycle/payout-reconciler.service.ts',
    'src/payouts/webhooks/payout-webhook.service.ts',
    'src/payouts/reconciliation/payout-poller.service.ts',
    'src/payouts/events/outbox-dispatcher.service.ts',
  ],
  jest: {
    ...base.jest,
    config: {
      ...base.jest.config,
      testRegex: ['/src/payouts/.*\\.spec\\.ts$', `/test/(${E2E_SUITES.join('|')})\\.e2e-spec\\.ts$`],
    },
  },
  htmlReporter: { fileName: 'reports/mutation-money/index.html' },
};
