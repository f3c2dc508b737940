// Jest setup for mutation runs only (stryker.config.js). A mutant that breaks the boot makes
// NestFactory.create call process.exit(1), which would end Stryker's test runner process and leave
// the mutant as a runtime error; thrown instead, it fails the suite's tests, so it counts as killed.
process.exit = (code) => {
  throw new Error(`process.exit(${code}) called during a mutation run`);
};
