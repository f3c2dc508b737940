// The fast shard of the mutation run (docs/testing.md, "Mutation testing"): the gateway
// protocols and the domain, against the unit specs beside them only (no app booted per mutant),
// so it finishes in under half an hour on 2 cores. Its scores are a lower bound: the full run
// adds the e2e suites (the provider contract suite among them) that kill more.
// `npm run test:mutation:unit`; the full run (stryker.config.js) covers the rest of the core.
const base = require('./stryker.config');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  ...base,
  mutate: [
    'src/payouts/domain/**/*.ts',
    'src/payouts/providers/**/*.ts',
    // The development protocol has no unit specs of its own; the e2e suites of the full run cover it.
    '!src/payouts/providers/fake/**',
    '!**/*.spec.ts',
    '!**/__fixtures__/**',
  ],
  jest: {
    ...base.jest,
    config: {
      ...base.jest.config,
      testRegex: ['/src/payouts/.*\\.spec\\.ts$'],
    },
  },
  incrementalFile: 'reports/stryker-incremental-unit.json',
  htmlReporter: { fileName: 'reports/mutation-unit/index.html' },
};
