// Unit specs live beside the code under src; integration and e2e suites under test.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The installed packages that are ES modules ("type": "module": Nest 12's among them). Jest's
 * CommonJS mode cannot load them as they are, so their files go through test/support/esm-to-cjs.js;
 * every other package is left untransformed, as jest does by default.
 */
function esmPackages(root = join(__dirname, 'node_modules')) {
  const names = [];
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@');
    for (const name of scoped ? readdirSync(join(root, entry)).map((n) => `${entry}/${n}`) : [entry]) {
      try {
        if (JSON.parse(readFileSync(join(root, name, 'package.json'), 'utf8')).type === 'module') names.push(name);
      } catch {
        // not a package (a .bin folder, a stray file)
      }
    }
  }
  return names;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const esm = esmPackages().map(escape).join('|');

module.exports = {
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    ...(esm ? { [`node_modules/(${esm})/.+\\.m?js$`]: '<rootDir>/test/support/esm-to-cjs.js' } : {}),
  },
  transformIgnorePatterns: esm ? [`/node_modules/(?!(${esm})/)`] : ['/node_modules/'],
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30000,
};
