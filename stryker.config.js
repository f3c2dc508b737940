// Mutation testing of the payouts core (docs/testing.md, "Mutation testing").
// `npm run test:mutation` runs every mutant; `npm run test:mutation:incremental` reuses the
// committed reports/stryker-incremental.json and retests only what changed since.

/**
 * The suites that exercise the core: unit specs beside it, and the fast e2e suites on SQLite.
 * Not exact-identifiers: it creates payouts in beforeAll, which makes every mutant on the create
 * path "static" (run against every test instead of the ones that cover it).
 */
const E2E_SUITES = [
  'approvals',
  'channel-rules',
  'channels',
  'events',
  'final-states',
  'final-states-sandbox',
  'funds',
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
    'src/payouts/lifecycle/**/*.ts',
    'src/payouts/approvals/**/*.ts',
    'src/payouts/funds/**/*.ts',
    'src/payouts/webhooks/**/*.ts',
    'src/payouts/reconciliation/**/*.ts',
    'src/payouts/scheduling/**/*.ts',
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
      // The slowest of these tests takes under 1.5 s: a test a mutant leaves waiting on a promise
      // that never settles fails after 15 s (killed) instead of jest's usual 30 s.
      testTimeout: 15_000,
      setupFiles: ['<rootDir>/stryker.jest-setup.js'],
    },
    // Only the suites that import the mutated file are loaded for a mutant.
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // A static mutant (a constant, a decorator argument, a table evaluated when its file loads) is
  // covered by no single test, so Stryker would run every suite above for each one: 62 % of a full
  // run's time on two cores. They are left out of this run and reported as "ignored"; the
  // state table, refusal lists and other load-time constants are pinned by the unit specs that
  // assert them value by value (docs/testing.md lists them).
  ignoreStatic: true,
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Two cores, shared: one checker and one test runner, then two test runners once checking is done.
  concurrency: 2,
  // A mutant that never returns (a loop that never ends, a poller round that never finishes) is
  // stopped after its tests' normal time × 1.5 + 10 s + the run's jest overhead, counted as a
  // timeout (detected), and its test runner process is replaced.
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
