// Mutation testing of the payouts core (docs/testing.md, "Mutation testing").
// `npm run test:mutation` runs every mutant; `npm run test:mutation:incremental` reuses the
// committed reports/stryker-incremental.json and retests only what changed since.

/**
 * The suites that exercise the core: unit specs beside it, and the fast e2e suites on SQLite.
 * Not exact-identifiers: it creates payouts in beforeAll, which makes every mutant on the create
 * path "static" (run against every test instead of the ones that cover it).
 */
const E2E_SUITES = [
  'channel-rules',
  'channels',
  'events',
  'final-states',
  'final-states-sandbox',
  'idempotency',
  'on-event-listener',
  'outbox-interval',
  'payouts-api',
  'poller',
  'privacy',
  'provider-contract',
  'reconciliation',
  'webhooks',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  mutate: [
    'src/payouts/domain/**/*.ts',
    'src/payouts/providers/**/*.ts',
    'src/payouts/payout.service.ts',
    'src/payouts/payout-webhook.service.ts',
    'src/payouts/reconciliation/**/*.ts',
    'src/payouts/events/outbox-dispatcher.service.ts',
    '!**/*.spec.ts',
    '!**/__fixtures__/**',
  ],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      testRegex: [
        '/src/payouts/.*\\.spec\\.ts$',
        '/test/payouts-module\\.spec\\.ts$',
        `/test/(${E2E_SUITES.join('|')})\\.e2e-spec\\.ts$`,
      ],
    },
    // Only the suites that import the mutated file are loaded for a mutant.
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Two cores, shared: one checker and one test runner, then two test runners once checking is done.
  concurrency: 2,
  // A mutant that hangs (a poller round that never ends, a promise never settled) is killed after
  // its tests' normal time × 1.5 + 10 s and counted as a timeout; jest's own 30 s per test never
  // comes into play.
  timeoutMS: 10_000,
  timeoutFactor: 1.5,
  dryRunTimeoutMinutes: 15,
  // Hung mutants can leave timers and sockets behind in a runner; a fresh process now and then.
  maxTestRunnerReuse: 50,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'html', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  clearTextReporter: { reportScoreTable: true, reportMutants: false, reportTests: false, allowEmojis: false },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['dist', 'data', 'coverage', 'reports', 'bench/results'],
  tempDirName: '.stryker-tmp',
};
