// Jest setup for mutation runs only (stryker.config.js). A mutant that breaks the boot makes
// NestFactory.create end the process: process.exit(1) from its exceptions zone, then
// process.abort() (abortOnError, Nest's default). Either would end Stryker's test runner process
// (a crash it restarts at the cost of a fresh jest, and of the mutant's verdict); thrown instead,
// it fails the suite's tests, so the mutant counts as killed.
process.exit = (code) => {
  throw new Error(`process.exit(${code}) called during a mutation run`);
};
process.abort = () => {
  throw new Error('process.abort() called during a mutation run');
};
